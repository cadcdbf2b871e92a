//! Rebuilds the crate when a file of the default theme is added, changed or removed: the theme is
//! compiled into the binary (`include_dir!` in `src/theme.rs`), and a macro alone cannot tell cargo
//! about a file that is new.
//!
//! Also tells the browser tests (`tests/browser.rs`) and the translators' formats' tests
//! (`tests/translate_formats.rs`) whether their tools are here, so that without them they are
//! *ignored* — counted as such in `cargo test`'s summary line — rather than
//! passing without having run. In CI (`CI` set) they are never ignored: a missing tool fails.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=build.rs");
    browser_tools();
    translation_tools();
}

/// Sets `browser_tools_missing` without Chromium or playwright-core, `html_checker_missing`
/// without Java or the Nu HTML Checker, and `pdf_tools_missing` without poppler's pdftotext
/// (the print checks read the PDF with it), unless in CI; and asks to be run again when they may
/// have come or gone.
fn browser_tools() {
    println!("cargo:rustc-check-cfg=cfg(browser_tools_missing)");
    println!("cargo:rustc-check-cfg=cfg(html_checker_missing)");
    println!("cargo:rustc-check-cfg=cfg(pdf_tools_missing)");
    println!("cargo:rerun-if-env-changed=CI");
    let modules = Path::new("tests/browser/node_modules");
    let chromium = Path::new("/usr/bin/chromium").exists();
    let playwright = modules.join("playwright-core/package.json");
    let vnu = modules.join("vnu-jar/build/dist/vnu.jar");
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).exists()))
    };
    let java = on_path("java");
    let pdftotext = on_path("pdftotext");
    // A path that does not exist would run this again on every build: watch the folder that
    // would gain it instead.
    for file in [&playwright, &vnu] {
        let watched = if file.exists() {
            file.as_path()
        } else {
            Path::new("tests/browser")
        };
        println!("cargo:rerun-if-changed={}", watched.display());
    }
    if !chromium || !java || !pdftotext {
        println!("cargo:rerun-if-changed=/usr/bin");
    }
    if std::env::var_os("CI").is_some() {
        return;
    }
    if !chromium || !playwright.exists() {
        println!("cargo:rustc-cfg=browser_tools_missing");
    }
    if !java || !vnu.exists() {
        println!("cargo:rustc-cfg=html_checker_missing");
    }
    if !pdftotext {
        println!("cargo:rustc-cfg=pdf_tools_missing");
    }
}

/// Sets `translation_tools_missing` without GNU gettext's msgfmt and msgcat, libxml2's xmllint
/// or a Python 3 with polib (the checks of the PO and XLIFF files translators get), unless in CI.
fn translation_tools() {
    println!("cargo:rustc-check-cfg=cfg(translation_tools_missing)");
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).exists()))
    };
    let polib = ["python3", "/usr/bin/python3"].into_iter().any(|python| {
        std::process::Command::new(python)
            .args(["-c", "import polib"])
            .output()
            .is_ok_and(|output| output.status.success())
    });
    let present = on_path("msgfmt") && on_path("msgcat") && on_path("xmllint") && polib;
    if !present {
        // Where the tools and Debian's python3-polib would come.
        println!("cargo:rerun-if-changed=/usr/bin");
        println!("cargo:rerun-if-changed=/usr/lib/python3/dist-packages");
    }
    if !present && std::env::var_os("CI").is_none() {
        println!("cargo:rustc-cfg=translation_tools_missing");
    }
}
