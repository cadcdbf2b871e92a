//! The shape of the code: the top-level modules of `src/` import each other without a cycle, so
//! that the pipeline's phases can be read (and changed) one after the other, each knowing only
//! the ones before it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The top-level modules: `src/NAME.rs` and `src/NAME/`, but the crate's root and binary.
fn top_level_modules(src: &Path) -> BTreeSet<String> {
    fs::read_dir(src)
        .expect("src/")
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            match name.strip_suffix(".rs") {
                Some("lib" | "main") => None,
                Some(stem) => Some(stem.to_string()),
                None => entry.path().is_dir().then_some(name),
            }
        })
        .collect()
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("a folder of src/").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The names a file takes from the crate's root: `crate::NAME` and each first name of a
/// `crate::{A, B::C}` group; comments are left out (a doc link is not an import).
fn crate_names(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let first = item.trim().split("::").next().unwrap_or("");
                names.insert(first.trim().to_string());
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.insert(name);
        }
    }
    names
}

/// The root's re-exports, name → module: `pub use config::Config;` makes `crate::Config` an
/// import of `config`.
fn re_exports(lib: &str, modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for line in lib.lines() {
        let Some(path) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let path = path.trim_end_matches(';');
        let Some((module, rest)) = path.split_once("::") else {
            continue;
        };
        if !modules.contains(module) {
            continue;
        }
        let rest = rest.trim_start_matches('{').trim_end_matches('}');
        for item in rest.split(',') {
            let name = item.rsplit("::").next().unwrap_or("").trim();
            let name = name.rsplit(" as ").next().unwrap_or(name).trim();
            if !name.is_empty() {
                found.insert(name.to_string(), module.to_string());
            }
        }
    }
    found
}

/// Which top-level modules each one imports.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let modules = top_level_modules(src);
    let lib = fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    let exported = re_exports(&lib, &modules);
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(src).expect("under src/");
        let first = relative.components().next().expect("a file");
        let first = first.as_os_str().to_string_lossy();
        let module = first.strip_suffix(".rs").unwrap_or(&first).to_string();
        if !modules.contains(&module) {
            continue;
        }
        let text = fs::read_to_string(&file).expect("a source file");
        for name in crate_names(&text) {
            let target = match exported.get(&name) {
                Some(target) => target.clone(),
                None if modules.contains(&name) => name,
                // An item of the root itself: the root dispatches, it is no phase.
                None => continue,
            };
            if target != module {
                graph.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    graph
}

/// A cycle through `start`, if there is one: the modules on it, `start` first and last.
fn cycle_through(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    // Depth first, keeping the path; each module is entered once.
    let mut seen = BTreeSet::new();
    let mut path = vec![start.to_string()];
    let mut stack = vec![graph.get(start).into_iter().flatten().collect::<Vec<_>>()];
    while let Some(next) = stack.last_mut() {
        let Some(module) = next.pop() else {
            stack.pop();
            path.pop();
            continue;
        };
        if module == start {
            path.push(module.clone());
            return Some(path);
        }
        if seen.insert(module.clone()) {
            path.push(module.clone());
            stack.push(graph.get(module).into_iter().flatten().collect());
        }
    }
    None
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = module_graph(&src);
    assert!(
        graph.get("output").is_some_and(|i| i.contains("paths")),
        "the graph is read: output imports paths ({graph:?})"
    );
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|module| cycle_through(&graph, module))
        .map(|cycle| cycle.join(" → "))
        .collect();
    assert!(
        cycles.is_empty(),
        "import cycles between top-level modules of src/ (a module may use only the ones \
         before it in the pipeline):\n{}",
        cycles.join("\n")
    );
}

#[test]
fn a_cycle_is_found() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        graph
            .entry(from.to_string())
            .or_default()
            .insert(to.to_string());
    }
    assert_eq!(
        cycle_through(&graph, "a"),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(cycle_through(&graph, "d"), None);
    assert_eq!(
        crate_names("use crate::{a::B, c};\n// crate::d\nlet x = crate::e::f();"),
        ["a", "c", "e"].into_iter().map(String::from).collect()
    );
}
