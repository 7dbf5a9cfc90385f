//! `plansight bundle PLAN… -o page.html`: the single file (`dist/plansight.html`,
//! or `--page`) with the plans inside it and a view, as the page's
//! 保存为单个文件 writes it: the core's container, gzip, seven-bit text in a
//! script element that never runs. Opened offline it shows those plans.

use std::io::Write;
use std::path::{Path, PathBuf};

const DATA_OPEN: &str = "<script id=\"plans-data\"";

/// Where the single file is looked for when `--page` is not given.
pub fn default_page() -> PathBuf {
    std::env::var_os("PLANSIGHT_PAGE").map_or_else(|| PathBuf::from("dist/plansight.html"), PathBuf::from)
}

/// The page with `files` (name, bytes) and `view` inside.
pub fn page_with(template: &str, view: &str, files: &[(String, Vec<u8>)]) -> Result<String, String> {
    if !template.contains("<script id=\"wasm-gz\"") {
        return Err("the page is not Plansight's single file (dist/plansight.html, made by cargo xtask build)".into());
    }
    // A copy made from a copy carries only the plans given now.
    let mut html = template.to_string();
    if let Some(start) = html.find(DATA_OPEN) {
        let end =
            html[start..].find("</script>").map(|e| start + e + "</script>".len()).ok_or("a damaged data block")?;
        html.replace_range(start..end, "");
    }
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let container = plansight_core::write::bundle::write(view, &refs);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&container).map_err(|e| format!("cannot compress: {e}"))?;
    let gz = gz.finish().map_err(|e| format!("cannot compress: {e}"))?;
    let block = format!(
        "{DATA_OPEN} type=\"application/octet-stream\" data-bytes=\"{}\">{}</script>",
        gz.len(),
        plansight_core::write::bundle::seven_bit(&gz)
    );
    let module = html.find("<script type=\"module\">").ok_or("the page has no module script")?;
    html.insert_str(module, &block);
    Ok(html)
}

/// The plans' files as they are, named by their file names.
pub fn files(paths: &[PathBuf]) -> Result<Vec<(String, Vec<u8>)>, String> {
    paths
        .iter()
        .map(|p| {
            let name = p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
            std::fs::read(p).map(|b| (name, b)).map_err(|e| format!("cannot read {}: {e}", p.display()))
        })
        .collect()
}

pub fn read_page(page: &Path) -> Result<String, String> {
    std::fs::read_to_string(page).map_err(|e| {
        format!(
            "cannot read the page {} ({e}): build it with `cargo xtask build`, or name it with --page",
            page.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plans_go_in_as_data_and_a_copy_replaces_them() {
        let template = "<html><head></head><body><script id=\"wasm-gz\" type=\"application/octet-stream\" data-bytes=\"1\">a</script>\
                        <script type=\"module\">main()</script></body></html>";
        let files = vec![("a.csv".to_string(), b"x</script><script>alert(1)</script>".to_vec())];
        let page = page_with(template, "t=交通", &files).unwrap();
        assert_eq!(page.matches("</script>").count(), 3, "{page}");
        assert!(!page.contains("alert"));
        let again = page_with(&page, "", &[]).unwrap();
        assert_eq!(again.matches(DATA_OPEN).count(), 1);
        // The block reads back to the plans and the view.
        let start = page.find(DATA_OPEN).unwrap();
        let block = &page[start..];
        let len: usize = block.split("data-bytes=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        let text = block.split('>').nth(1).unwrap().split("</script").next().unwrap();
        let gz = plansight_core::read::bundle::seven_bit(text, len).unwrap();
        let mut container = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut container).unwrap();
        let bundle = plansight_core::read::bundle::read(&container).unwrap();
        assert_eq!(bundle.view, "t=交通");
        assert_eq!(bundle.files, files);
        assert!(page_with("<html></html>", "", &[]).is_err());
    }
}
