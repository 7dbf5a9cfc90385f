//! The core's layout holds its flow: each stage folder imports only the model
//! and the stages before it, and no two files import each other, directly or
//! round a circle. Read from the source's own paths (`crate::…`, `super::…`,
//! and a `mod.rs` naming its children), so a new `use` up the flow fails here
//! with the file and the path that does it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages in flow order; the model comes first, so every stage may import it.
const STAGES: [&str; 5] = ["model", "read", "understand", "engine", "write"];

/// A source file as its module path: `src/read/arrow.rs` → ["read", "arrow"],
/// `src/read/mod.rs` → ["read"], `src/lib.rs` → [].
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code that counts: comments dropped, and the unit-test module at the
/// end of a file (tests may read the whole crate).
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(at) if !l[..at].contains('"') => &l[..at],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a file's code names (`crate::a::b`, `super::c`, and in a
/// parent module its children's names), each as far as it reaches.
fn references(module: &[String], code: &str, children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        if !ident(chars[i]) || (i > 0 && (ident(chars[i - 1]) || chars[i - 1] == ':')) {
            i += 1;
            continue;
        }
        // A path: identifiers joined by `::`, up to a brace or anything else.
        let mut parts = Vec::new();
        let mut j = i;
        loop {
            let start = j;
            while j < chars.len() && ident(chars[j]) {
                j += 1;
            }
            parts.push(chars[start..j].iter().collect::<String>());
            if chars.get(j) == Some(&':')
                && chars.get(j + 1) == Some(&':')
                && chars.get(j + 2).is_some_and(|&c| ident(c))
            {
                j += 2;
            } else {
                break;
            }
        }
        // `use a::{b, c}`: each braced name extends the path.
        let mut paths = vec![parts.clone()];
        if chars.get(j) == Some(&':') && chars.get(j + 2) == Some(&'{') {
            let end = chars[j..].iter().position(|&c| c == '}').map_or(chars.len(), |p| j + p);
            let inner: String = chars[j + 3..end].iter().collect();
            paths = inner
                .split(',')
                .map(|item| {
                    let mut p = parts.clone();
                    p.extend(item.trim().split("::").filter(|s| !s.is_empty() && *s != "self").map(str::to_string));
                    p
                })
                .collect();
            j = end;
        }
        for p in paths {
            let resolved = match p.first().map(String::as_str) {
                Some("crate") if p.len() > 1 => Some(p[1..].to_vec()),
                Some("super") if p.len() > 1 => {
                    let mut base = module.to_vec();
                    let mut rest = &p[..];
                    while rest.first().map(String::as_str) == Some("super") {
                        base.pop();
                        rest = &rest[1..];
                    }
                    base.extend(rest.iter().cloned());
                    Some(base)
                }
                Some(first) if children.contains(first) && p.len() > 1 => {
                    let mut base = module.to_vec();
                    base.extend(p.iter().cloned());
                    Some(base)
                }
                _ => None,
            };
            out.extend(resolved);
        }
        i = j.max(i + 1);
    }
    out
}

#[test]
fn stages_import_only_down_the_flow_and_no_file_circles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let modules: BTreeMap<Vec<String>, PathBuf> = all.iter().map(|f| (module_of(&src, f), f.clone())).collect();
    let stage_of = |m: &[String]| m.first().and_then(|s| STAGES.iter().position(|t| t == s));

    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    let mut wrong = Vec::new();
    for (module, file) in &modules {
        let children: BTreeSet<String> = modules
            .keys()
            .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
            .map(|m| m.last().unwrap().clone())
            .collect();
        let text = std::fs::read_to_string(file).unwrap();
        for path in references(module, &code(&text), &children) {
            // The longest module the path names (the rest are items in it).
            let Some(target) = (0..=path.len()).rev().map(|n| path[..n].to_vec()).find(|m| modules.contains_key(m))
            else {
                continue;
            };
            if target == *module || target.is_empty() && module.is_empty() {
                continue;
            }
            let (from, to) = (stage_of(module), stage_of(&target));
            let allowed = match (from, to) {
                // lib.rs joins the stages; a stage never reaches back to it.
                (None, _) => true,
                (Some(_), None) => false,
                (Some(0), Some(t)) => t == 0,
                (Some(f), Some(t)) => t <= f,
            };
            if !allowed {
                wrong.push(format!("{}: {} (up the flow)", file.display(), path.join("::")));
            }
            edges.entry(module.clone()).or_default().insert(target);
        }
    }
    assert!(wrong.is_empty(), "imports that run up the flow:\n{}", wrong.join("\n"));

    // No circle of files: a depth-first walk finds no edge back to a file on its path.
    fn walk(
        m: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        path: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut circle = path[at..].to_vec();
            circle.push(m.clone());
            return Some(circle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.clone());
        for next in edges.get(m).into_iter().flatten() {
            if let Some(circle) = walk(next, edges, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(m.clone());
        None
    }
    let mut done = BTreeSet::new();
    for m in modules.keys() {
        let circle = walk(m, &edges, &mut Vec::new(), &mut done);
        assert!(
            circle.is_none(),
            "a circle of imports: {}",
            circle.unwrap().iter().map(|m| m.join("::")).collect::<Vec<_>>().join(" → ")
        );
    }
    // The check reads what it should: the model's files import nothing else, and the writers do import.
    assert!(edges.keys().any(|m| m.first().map(String::as_str) == Some("write")));
}
