//! `cargo xtask convert`: the forms governments publish, made from fixtures by
//! LibreOffice (Debian's `libreoffice-writer-nogui` and `-calc-nogui`, installed
//! when missing), into `target/converted/`, with `pairs.json` naming each
//! converted file and the original it must read the same as. The CLI's test
//! `converted` and the browser test `forms` read them.
//!
//! - the seed as .docx (tests/e2e/make_docx.py), then as PDF from the .docx,
//!   Word 97 .doc, LibreOffice's HTML page, PDF from that page, and Excel 97
//!   .xls from that page;
//! - the prose corpus (tests/fixtures/prose, held-out sets too) as PDF;
//! - the plans of other places and editions (.docx and HTML pages) and a
//!   State Council notice as PDF and .doc.

use crate::{root, run};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn dir() -> PathBuf {
    root().join("target/converted")
}

/// LibreOffice headless, with a profile of its own (a second instance sharing
/// the user's profile hands the job to the first and converts nothing).
fn soffice(out: &Path, args: &[&str], files: &[PathBuf]) -> Result<(), String> {
    let profile = format!("file://{}", root().join("target/lo-profile").display());
    run(Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--norestore"])
        .args(args)
        .arg("--outdir")
        .arg(out)
        .args(files))
}

pub fn convert() -> Result<(), String> {
    crate::setup::office()?;
    let out = dir();
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    let rel = |p: &Path| p.strip_prefix(root()).unwrap_or(p).display().to_string();

    // The seed: Word, then every form made from it.
    let seed = root().join("seeds/000_6484c7ca487d3a6f.txt");
    let docx = out.join("seed.docx");
    let made = Command::new("python3")
        .arg(root().join("tests/e2e/make_docx.py"))
        .arg(&seed)
        .output()
        .map_err(|e| format!("cannot run make_docx.py: {e}"))?;
    if !made.status.success() {
        return Err(format!("make_docx.py failed: {}", String::from_utf8_lossy(&made.stderr)));
    }
    fs::write(&docx, made.stdout).map_err(|e| format!("cannot write {}: {e}", docx.display()))?;
    soffice(&out, &["--convert-to", "pdf"], std::slice::from_ref(&docx))?;
    soffice(&out, &["--convert-to", "doc"], std::slice::from_ref(&docx))?;
    soffice(&out, &["--convert-to", "html"], std::slice::from_ref(&docx))?;
    let from_html = out.join("from-html");
    fs::create_dir_all(&from_html).map_err(|e| format!("cannot create {}: {e}", from_html.display()))?;
    soffice(&from_html, &["--convert-to", "pdf"], &[out.join("seed.html")])?;
    soffice(&out, &["--infilter=HTML (StarCalc)", "--convert-to", "xls"], &[out.join("seed.html")])?;
    for form in ["seed.pdf", "seed.doc", "seed.html", "from-html/seed.pdf", "seed.xls"] {
        pairs.push((rel(&seed), rel(&out.join(form))));
    }

    // Prose: every passage of the corpus as PDF (the text's lines become
    // paragraphs that wrap, as a Word document's do).
    let prose = out.join("prose");
    fs::create_dir_all(&prose).map_err(|e| format!("cannot create {}: {e}", prose.display()))?;
    let mut passages = Vec::new();
    for sub in ["", "heldout", "heldout2", "heldout3"] {
        let dir = root().join("tests/fixtures/prose").join(sub);
        let mut names: Vec<PathBuf> = fs::read_dir(&dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        names.sort();
        for p in names {
            // Named by set and passage: the sets reuse names.
            let name = format!("{}{}", if sub.is_empty() { String::new() } else { format!("{sub}_") }, file_name(&p));
            let copy = prose.join(&name);
            fs::copy(&p, &copy).map_err(|e| format!("cannot copy {}: {e}", p.display()))?;
            passages.push((p, copy));
        }
    }
    let copies: Vec<PathBuf> = passages.iter().map(|(_, c)| c.clone()).collect();
    soffice(&prose, &["--infilter=Text (encoded):UTF8", "--convert-to", "pdf"], &copies)?;
    for (original, copy) in &passages {
        pairs.push((rel(original), rel(&copy.with_extension("pdf"))));
        let _ = fs::remove_file(copy);
    }

    // Plans of other places and editions (Word and pages saved from
    // government sites), and a State Council notice: as PDF and as Word 97.
    let mut documents: Vec<PathBuf> = vec![root().join("tests/fixtures/state_council.html")];
    for sub in ["places", "editions"] {
        let dir = root().join("tests/fixtures").join(sub);
        let mut found: Vec<PathBuf> = fs::read_dir(&dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "docx" || x == "html"))
            .collect();
        found.sort();
        documents.extend(found);
    }
    let docs = out.join("documents");
    fs::create_dir_all(&docs).map_err(|e| format!("cannot create {}: {e}", docs.display()))?;
    let (pages, words): (Vec<PathBuf>, Vec<PathBuf>) =
        documents.iter().cloned().partition(|p| p.extension().is_some_and(|x| x == "html"));
    // Pages are opened as Writer documents (Writer/Web has no Word export).
    for (files, filter) in [(&pages, Some("--infilter=HTML (StarWriter)")), (&words, None)] {
        for ext in ["pdf", "doc"] {
            let mut args: Vec<&str> = filter.into_iter().collect();
            args.extend(["--convert-to", ext]);
            soffice(&docs, &args, files)?;
        }
    }
    for document in &documents {
        for ext in ["pdf", "doc"] {
            pairs.push((rel(document), rel(&docs.join(file_name(document)).with_extension(ext))));
        }
    }

    // Every pair must exist: LibreOffice says little when it fails.
    for (_, converted) in &pairs {
        if !root().join(converted).exists() {
            return Err(format!("LibreOffice did not write {converted}"));
        }
    }
    let json: Vec<String> =
        pairs.iter().map(|(o, c)| format!("  {{\"original\": {o:?}, \"converted\": {c:?}}}")).collect();
    let manifest = out.join("pairs.json");
    fs::write(&manifest, format!("[\n{}\n]\n", json.join(",\n")))
        .map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    eprintln!("xtask: {} converted files in {}", pairs.len(), rel(&out));
    Ok(())
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
