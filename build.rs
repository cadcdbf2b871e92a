//! Rebuilds the crate when a file of the default theme is added, changed or removed: the theme is
//! compiled into the binary (`include_dir!` in `src/theme.rs`), and a macro alone cannot tell cargo
//! about a file that is new.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=build.rs");
}
