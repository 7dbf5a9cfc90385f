//! `cargo xtask build`: the release wasm, its bindings, and `dist/`:
//! (a) the hosted page (index.html, wasm, JS, CSS, service worker, manifest) and
//! (b) `dist/plansight.html`, one file with everything inlined (the wasm gzipped
//! and written as seven-bit text, inflated by the browser's DecompressionStream).

use crate::{cargo, root, run};
use base64::Engine;
use flate2::{write::GzEncoder, Compression};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

const WASM_NAME: &str = "plansight_web";
/// Arrow export and .docx reading: a module fetched (or, in the single file, inflated) on demand.
const EXTRAS_NAME: &str = "plansight_extras_web";
/// The charts alone, for a page with its own numbers (npm `plansight/charts`; the peer benchmark's chart page).
const CHARTS_NAME: &str = "plansight_chart_web";
/// The font office SVGs are drawn with, and where the hosted page finds it.
const FONT: &str = "crates/plansight-render/fonts/NotoSansSC-GB2312.otf";
const FONT_DIST: &str = "fonts/NotoSansSC-GB2312.otf";
/// Files copied from www/ to dist/ as they are.
const STATIC: [&str; 5] = ["index.html", "style.css", "app.js", "manifest.webmanifest", "icon.svg"];
/// The custom element, its types, and the example page that shows it (hosted only).
const ELEMENT: [&str; 5] =
    ["plansight-chart.js", "plansight-chart.d.ts", "example.html", "example.css", "examples/projects.xlsx"];

pub fn dist() -> PathBuf {
    root().join("dist")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn read_text(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Builds the release wasm modules and runs wasm-bindgen (in-process, pinned) on them.
fn wasm() -> Result<PathBuf, String> {
    crate::setup::wasm_target()?;
    // One cargo run per module: built together, cargo would unify the core's
    // features and link the extras' .docx reader into the start-up module.
    for package in ["plansight-web", "plansight-extras-web", "plansight-chart-web"] {
        run(cargo().args(["build", "--release", "-p", package, "--target", "wasm32-unknown-unknown"]))?;
    }
    let out = root().join("target/bindgen");
    let _ = fs::remove_dir_all(&out);
    for name in [WASM_NAME, EXTRAS_NAME, CHARTS_NAME] {
        bindgen(&root().join(format!("target/wasm32-unknown-unknown/release/{name}.wasm")), &out)?;
        optimize(&out.join(format!("{name}_bg.wasm")));
    }
    Ok(out)
}

pub fn bindgen(input: &Path, out: &Path) -> Result<(), String> {
    let args = [
        "wasm-bindgen".into(),
        input.display().to_string(),
        "--out-dir".into(),
        out.display().to_string(),
        "--target".into(),
        "web".into(),
        // Names are debug info for stack traces; shipping them triples the size.
        "--remove-name-section".into(),
        "--remove-producers-section".into(),
    ];
    eprintln!("xtask: wasm-bindgen {}", args[1..].join(" "));
    wasm_bindgen_cli::wasm_bindgen::run_cli_with_args(args).map_err(|e| format!("wasm-bindgen failed: {e:#}"))
}

/// Runs npm's binaryen wasm-opt when the test packages brought it (optional:
/// it trims raw size ~10%, gzip size hardly). Never Debian's binaryen 108, which
/// corrupts wasm-bindgen output.
fn optimize(wasm: &Path) {
    let opt = root().join("tests/node_modules/binaryen/bin/wasm-opt");
    if !opt.exists() {
        return;
    }
    let tmp = wasm.with_extension("opt.wasm");
    let ok = std::process::Command::new(&opt)
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-reference-types",
            "--enable-multivalue",
            "--enable-mutable-globals",
        ])
        .arg(wasm)
        .arg("-o")
        .arg(&tmp)
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        let _ = fs::rename(&tmp, wasm);
    } else {
        eprintln!("xtask: wasm-opt failed; keeping the unoptimised wasm");
    }
}

/// A short content hash for cache names (FNV-1a; not security relevant).
fn fingerprint(parts: &[&[u8]]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in *p {
            h ^= *b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{:012x}", h & 0xffff_ffff_ffff)
}

pub fn build() -> Result<(), String> {
    let bindgen = wasm()?;
    let www = root().join("www");
    let dist = dist();
    let _ = fs::remove_dir_all(&dist);
    fs::create_dir_all(&dist).map_err(|e| format!("cannot create dist/: {e}"))?;

    // (a) hosted: static files, glue, wasm, and a service worker that caches them all.
    let generated: Vec<String> =
        [WASM_NAME, EXTRAS_NAME].iter().flat_map(|n| [format!("{n}.js"), format!("{n}_bg.wasm")]).collect();
    let mut contents: Vec<Vec<u8>> = Vec::new();
    for f in &generated {
        let bytes = read(&bindgen.join(f))?;
        write(&dist.join(f), &bytes)?;
        contents.push(bytes);
    }
    for f in STATIC {
        let mut bytes = read(&www.join(f))?;
        if f == "index.html" {
            bytes = inline_icon(&String::from_utf8_lossy(&bytes))?.into_bytes();
        }
        write(&dist.join(f), &bytes)?;
        contents.push(bytes);
    }
    // The TypeScript types wasm-bindgen wrote, the element and its example.
    for name in [WASM_NAME, EXTRAS_NAME] {
        let types = format!("{name}.d.ts");
        write(&dist.join(&types), read(&bindgen.join(&types))?)?;
    }
    // The charts-only module: hosted beside the page (not on its start-up path, not cached by the worker).
    for f in [format!("{CHARTS_NAME}.js"), format!("{CHARTS_NAME}_bg.wasm"), format!("{CHARTS_NAME}.d.ts")] {
        write(&dist.join(&f), read(&bindgen.join(&f))?)?;
    }
    fs::create_dir_all(dist.join("examples")).map_err(|e| format!("cannot create dist/examples: {e}"))?;
    for f in ELEMENT {
        write(&dist.join(f), read(&www.join(f))?)?;
    }
    // The bundled font, fetched only when an office SVG is exported.
    let font = read(&root().join(FONT))?;
    fs::create_dir_all(dist.join("fonts")).map_err(|e| format!("cannot create dist/fonts: {e}"))?;
    write(&dist.join(FONT_DIST), &font)?;
    contents.push(font);
    let refs: Vec<&[u8]> = contents.iter().map(Vec::as_slice).collect();
    let assets: Vec<String> = std::iter::once("./".to_string())
        .chain(STATIC.iter().map(|f| format!("./{f}")))
        .chain(generated.iter().map(|f| format!("./{f}")))
        .chain(std::iter::once(format!("./{FONT_DIST}")))
        .map(|a| format!("{a:?}"))
        .collect();
    let sw = read_text(&www.join("sw.js"))?
        .replace("__VERSION__", &fingerprint(&refs))
        .replace("__ASSETS__", &format!("[{}]", assets.join(", ")));
    write(&dist.join("sw.js"), sw)?;

    // (b) one file: CSS and JS inline, the wasm as gzip in seven-bit text.
    let module = |name: &str| -> Result<(String, Vec<u8>), String> {
        Ok((read_text(&bindgen.join(format!("{name}.js")))?, read(&bindgen.join(format!("{name}_bg.wasm")))?))
    };
    let (html, css, app) =
        (read_text(&www.join("index.html"))?, read_text(&www.join("style.css"))?, read_text(&www.join("app.js"))?);
    // The file people share reads every form offline: the extras module (readers,
    // Arrow) rides inside it and is inflated only when a file first needs it.
    write(&dist.join("plansight.html"), single_file(&html, &css, &app, module(WASM_NAME)?, module(EXTRAS_NAME)?)?)?;

    npm_package(&bindgen, &www)?;

    let mut files: Vec<&str> = generated.iter().map(String::as_str).collect();
    files.extend(["app.js", "style.css", "index.html", "sw.js", "plansight.html"]);
    let charts = [format!("{CHARTS_NAME}.js"), format!("{CHARTS_NAME}_bg.wasm")];
    files.extend(charts.iter().map(String::as_str));
    report(&dist, &files)
}

/// Where `npm_package` writes the npm package (`npm pack` there makes its tarball).
pub fn npm_dir() -> PathBuf {
    root().join("target/npm/plansight")
}

/// The npm package `plansight`: the glue and wasm of both modules, the custom
/// element and its types, an entry re-exporting them (`www/npm/`), and a
/// package.json whose `exports` and `files` name them. The wasm is found by
/// `new URL(…, import.meta.url)` in wasm-bindgen's glue, which bundlers copy.
fn npm_package(bindgen: &Path, www: &Path) -> Result<(), String> {
    let out = npm_dir();
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut files: Vec<String> = Vec::new();
    for name in [WASM_NAME, EXTRAS_NAME, CHARTS_NAME] {
        for f in [format!("{name}.js"), format!("{name}_bg.wasm"), format!("{name}.d.ts")] {
            write(&out.join(&f), read(&bindgen.join(&f))?)?;
            files.push(f);
        }
    }
    for (from, to) in [
        (www.join("plansight-chart.js"), "plansight-chart.js"),
        (www.join("plansight-chart.d.ts"), "plansight-chart.d.ts"),
        (www.join("npm/index.js"), "index.js"),
        (www.join("npm/index.d.ts"), "index.d.ts"),
        (www.join("npm/README.md"), "README.md"),
    ] {
        write(&out.join(to), read(&from)?)?;
        files.push(to.to_string());
    }
    let list = files.iter().map(|f| format!("{f:?}")).collect::<Vec<_>>().join(", ");
    let package = format!(
        r#"{{
  "name": "plansight",
  "version": "{version}",
  "description": "Read a government action plan (PDF, Word, WPS, Excel, HTML, CSV, Arrow, Parquet) in the browser and chart where its money goes: a Rust core in WebAssembly and a <plansight-chart> element.",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "main": "./index.js",
  "types": "./index.d.ts",
  "exports": {{
    ".": {{ "types": "./index.d.ts", "default": "./index.js" }},
    "./chart": {{ "types": "./plansight-chart.d.ts", "default": "./plansight-chart.js" }},
    "./wasm": {{ "types": "./{WASM_NAME}.d.ts", "default": "./{WASM_NAME}.js" }},
    "./readers": {{ "types": "./{EXTRAS_NAME}.d.ts", "default": "./{EXTRAS_NAME}.js" }},
    "./charts": {{ "types": "./{CHARTS_NAME}.d.ts", "default": "./{CHARTS_NAME}.js" }},
    "./package.json": "./package.json"
  }},
  "files": [{list}],
  "sideEffects": ["./index.js", "./plansight-chart.js"],
  "keywords": ["plans", "charts", "webassembly", "pdf", "chinese"]
}}
"#,
        version = env!("CARGO_PKG_VERSION"),
    );
    write(&out.join("package.json"), package)
}

/// A wasm-bindgen glue module as plain statements: its `export` keywords removed.
fn unexport(glue: &str) -> Result<String, String> {
    let mut out = String::new();
    for line in glue.lines() {
        if line.starts_with("export {") || line.starts_with("export default") {
            continue; // `export { initSync, __wbg_init as default };`
        }
        out.push_str(line.strip_prefix("export ").unwrap_or(line));
        out.push('\n');
    }
    if !out.contains("function __wbg_init") {
        return Err("the wasm-bindgen glue has no __wbg_init: update the bundler for this wasm-bindgen version".into());
    }
    Ok(out)
}

/// The page's icon as a data: URI, so the browser never asks the network for it
/// after load (it re-asks for a linked favicon whenever the URL hash changes).
fn inline_icon(html: &str) -> Result<String, String> {
    let link = "<link rel=\"icon\" href=\"icon.svg\" type=\"image/svg+xml\">";
    if !html.contains(link) {
        return Err(format!("www/index.html must link its icon as `{link}`"));
    }
    let icon = base64::engine::general_purpose::STANDARD.encode(read(&root().join("www/icon.svg"))?);
    Ok(html.replace(link, &format!("<link rel=\"icon\" href=\"data:image/svg+xml;base64,{icon}\">")))
}

/// A CSP source for inline content: 'sha256-…' of its exact text.
fn csp_hash(text: &str) -> String {
    use sha2::Digest;
    format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes())))
}

/// A payload of the single file as gzip, written as seven-bit text
/// (`plansight_core::write::bundle::seven_bit`).
/// Zopfli finds a smaller deflate stream than zlib's best (any gzip reader,
/// the browser's DecompressionStream among them, inflates it), at a cost of
/// seconds per MB: each result is kept under target/zopfli/ by the payload's
/// hash, so an unchanged payload (the font) is compressed once. The script
/// element carries the gzip's length, which the text alone does not tell.
fn payload_script(id: &str, payload: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    payload.hash(&mut hasher);
    let cache = root().join("target/zopfli").join(format!("{:016x}-{}.gz", hasher.finish(), payload.len()));
    let gz = fs::read(&cache).unwrap_or_else(|_| {
        let options =
            zopfli::Options { iteration_count: std::num::NonZeroU64::new(5).expect("5"), ..Default::default() };
        let mut out = Vec::new();
        zopfli::compress(options, zopfli::Format::Gzip, payload, &mut out).expect("compressing in memory");
        let _ = fs::create_dir_all(root().join("target/zopfli"));
        let _ = fs::write(&cache, &out);
        out
    });
    format!(
        "<script id=\"{id}\" type=\"application/octet-stream\" data-bytes=\"{}\">{}</script>\n",
        gz.len(),
        plansight_core::write::bundle::seven_bit(&gz)
    )
}

/// Inlines everything into index.html: CSS, both glue modules, both wasm
/// modules (gzip as seven-bit text). The main glue becomes the top of the page's module;
/// the extras glue is wrapped in a function (`EXTRAS_GLUE`) so its names stay
/// apart and its wasm is only inflated when the reader first needs it.
fn single_file(
    html: &str,
    css: &str,
    app: &str,
    main: (String, Vec<u8>),
    extras: (String, Vec<u8>),
) -> Result<String, String> {
    let import = "import init, { App, SavedPlans, bundle_plans, seven_bit } from './plansight_web.js';";
    if !app.contains(import) {
        return Err(format!("www/app.js must import `{import}` (the bundler replaces it)"));
    }
    let extras_names = "{ default: __wbg_init, arrow_ipc, office_svg, to_text, read_table, memory_bytes }";
    let mut module = unexport(&main.0)?;
    module.push_str("const init = __wbg_init;\n");
    let (glue, wasm) = &extras;
    // The extras glue also runs in the reader worker, a classic one (a page
    // from file:// cannot start module workers), where `import.meta` does not
    // parse; its wasm bytes are always passed in, so this URL is never fetched.
    let glue = unexport(glue)?.replace("import.meta.url", "location.href");
    module.push_str(&format!("const EXTRAS_GLUE = () => {{\n{glue}return {extras_names};\n}};\n"));
    let extras_script =
        format!("{}{}", payload_script("extras-gz", wasm), payload_script("font-gz", &read(&root().join(FONT))?));
    module.push_str(&app.replace(import, ""));
    let style = format!("\n{css}");
    let script = format!("\n{}", module.replace("</script", "<\\/script"));
    // The file's own policy: no network at all; its one script and one style by hash.
    let policy = format!(
        "default-src 'none'; script-src '{}' 'wasm-unsafe-eval'; style-src '{}'; img-src data: blob:; \
         connect-src 'none'; worker-src blob:; object-src 'none'; base-uri 'none'; form-action 'none'",
        csp_hash(&script),
        csp_hash(&style)
    );
    let meta = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .and_then(|start| html[start..].find('>').map(|end| start..start + end + 1))
        .ok_or("www/index.html must carry a Content-Security-Policy meta tag")?;
    let mut html = inline_icon(html)?;
    html.replace_range(meta, &format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">"));
    let html = html
        .replace("<link rel=\"manifest\" href=\"manifest.webmanifest\">\n", "")
        .replace("<link rel=\"stylesheet\" href=\"style.css\">", &format!("<style>{style}</style>"))
        .replace(
            "<script type=\"module\" src=\"app.js\"></script>",
            &format!("{}{extras_script}<script type=\"module\">{script}</script>", payload_script("wasm-gz", &main.1)),
        );
    Ok(html)
}

fn report(dist: &Path, files: &[&str]) -> Result<(), String> {
    println!("{:<24} {:>10} {:>10}", "dist/", "raw KiB", "gzip KiB");
    let mut hosted = (0, 0);
    for f in files {
        let bytes = read(&dist.join(f))?;
        let gz = gzip(&bytes).len();
        if !f.ends_with(".html") || *f == "index.html" {
            hosted = (hosted.0 + bytes.len(), hosted.1 + gz);
        }
        println!("{:<24} {:>10.1} {:>10.1}", f, bytes.len() as f64 / 1024.0, gz as f64 / 1024.0);
    }
    println!("{:<24} {:>10.1} {:>10.1}", "hosted total", hosted.0 as f64 / 1024.0, hosted.1 as f64 / 1024.0);
    // Reaches (DESIGN.md, "Size, decided"): the hosted start-up path (what a
    // first visit needs before the first chart) at most ECharts' library alone,
    // 359 KiB gzip; the single file, with Arrow and the export font, 3 MiB raw.
    const STARTUP_PATH: [&str; 5] = ["index.html", "app.js", "style.css", "plansight_web.js", "plansight_web_bg.wasm"];
    let mut startup = 0.0;
    for f in STARTUP_PATH {
        startup += gzip(&read(&dist.join(f))?).len() as f64 / 1024.0;
    }
    let html = read_text(&dist.join("plansight.html"))?;
    let single_raw = html.len() as f64 / 1024.0;
    // The export font rides in the single file too; shown apart for what the readers cost.
    let font_block = html
        .find("<script id=\"font-gz\"")
        .and_then(|start| html[start..].find("</script>").map(|end| start..start + end + "</script>".len()))
        .ok_or("plansight.html has no font-gz block")?;
    let mut readers = html.clone();
    readers.replace_range(font_block, "");
    let single = gzip(readers.as_bytes()).len() as f64 / 1024.0;
    let font = (gzip(html.as_bytes()).len() as f64 / 1024.0) - single;
    let over = |size: f64, reach: f64| if size > reach { "  ← OVER" } else { "" };
    println!(
        "hosted start-up path (html, js, css, start-up wasm): {startup:.1} KiB gzip of 359 KiB{}",
        over(startup, 359.0)
    );
    println!("single file, everything inside: {single_raw:.1} KiB raw of 3072 KiB{}", over(single_raw, 3072.0));
    let mut charts = 0.0;
    for f in [format!("{CHARTS_NAME}.js"), format!("{CHARTS_NAME}_bg.wasm")] {
        charts += gzip(&read(&dist.join(f))?).len() as f64 / 1024.0;
    }
    println!("the charts alone (npm plansight/charts, glue + wasm): {charts:.1} KiB gzip");
    println!("single file without the export font: {single:.1} KiB gzip");
    println!("single file, plus the export font (loaded only when an office SVG is exported): {font:.1} KiB gzip");
    Ok(())
}
