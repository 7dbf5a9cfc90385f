//! Charts leaving the tool: the office SVG, PNG and PDF of every chart, drawn
//! with the bundled font only (fontconfig is pointed at nothing), must show
//! the Chinese title, and keep the words as text.

use plansight_charts::{ChartId, Lang};
use std::path::PathBuf;
use std::process::Command;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds/000_6484c7ca487d3a6f.txt");

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("exports");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `plansight chart` with no system fonts visible.
fn chart(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_plansight"))
        .args(["chart", SEED])
        .args(args)
        .env("FONTCONFIG_FILE", "/dev/null")
        .env("FONTCONFIG_PATH", "/nonexistent")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// Pixels of the title band (top left, where every chart writes its title)
/// that stand out from the background.
fn title_ink(png: &[u8]) -> usize {
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(png).unwrap();
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let px = |x: usize, y: usize| {
        let p = pixmap.pixels()[y * w + x];
        (p.red() as i32, p.green() as i32, p.blue() as i32)
    };
    let background = px(2, 2);
    let mut ink = 0;
    for y in 4..30.min(h) {
        for x in 8..300.min(w) {
            let (r, g, b) = px(x, y);
            if (r - background.0).abs() + (g - background.1).abs() + (b - background.2).abs() > 120 {
                ink += 1;
            }
        }
    }
    ink
}

#[test]
fn every_chart_travels_with_its_font() {
    for chart_id in ChartId::ALL {
        let id = chart_id.id();
        let title = plansight_charts::title(chart_id, Lang::Zh);
        // Office SVG: outlines, defined once and reused, plus the words as invisible text.
        let office = String::from_utf8(chart(&["--chart", id])).unwrap();
        assert!(office.contains(&format!("<title>{title}</title>")), "{id}");
        assert!(office.contains("<path id=\"g") && office.matches("<use ").count() > 10, "{id}: no outlines");
        assert!(office.contains(&format!(r#"fill-opacity="0" stroke="none">{title}</text>"#)), "{id}: text layer");
        assert!(!office.contains("font-family"), "{id}: a label was left to the viewer's fonts");

        // PNG: the title's glyphs are drawn although no system font is visible…
        let png = chart(&["--chart", id, "--format", "png", "--scale", "1"]);
        std::fs::write(out_dir().join(format!("{id}.png")), &png).unwrap();
        let ink = title_ink(&png);
        assert!(ink > 150, "{id}: only {ink} title pixels");
        // …while the same SVG with plain text and no font draws no title at all.
        let plain = String::from_utf8(chart(&["--chart", id, "--svg-text", "text"])).unwrap();
        let tree = resvg::usvg::Tree::from_str(&plain, &Default::default()).unwrap();
        let mut pixmap =
            resvg::tiny_skia::Pixmap::new(tree.size().width() as u32, tree.size().height() as u32).unwrap();
        resvg::render(&tree, Default::default(), &mut pixmap.as_mut());
        assert!(title_ink(&pixmap.encode_png().unwrap()) < 10, "{id}: the check would pass without the font");
    }
}

#[test]
fn pdf_keeps_chinese_text_selectable() {
    for (id, lang, category) in
        [("annual", "zh", "交通互通共网"), ("timeline", "zh", "交通互通共网"), ("by-type", "en", "Transport links")]
    {
        let pdf = chart(&["--chart", id, "--format", "pdf", "--lang", lang]);
        assert!(pdf.starts_with(b"%PDF"));
        let path = out_dir().join(format!("{id}-{lang}.pdf"));
        std::fs::write(&path, &pdf).unwrap();
        let text = Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext (poppler-utils)");
        let text = String::from_utf8(text.stdout).unwrap();
        let title =
            plansight_charts::title(ChartId::from_id(id).unwrap(), if lang == "en" { Lang::En } else { Lang::Zh });
        assert!(text.contains(title), "{id}: {title:?} not in {text:?}");
        assert!(text.contains(category), "{id}: category names are text");
        let page = out_dir().join(format!("{id}-{lang}"));
        let status = Command::new("pdftoppm").args(["-r", "72", "-png", "-singlefile"]).arg(&path).arg(&page).status();
        assert!(status.unwrap().success());
        let png = std::fs::read(page.with_extension("png")).unwrap();
        assert!(title_ink(&png) > 150, "{id}: the PDF page shows no title");
    }
}

#[test]
fn filters_and_bad_options_say_what_is_wrong() {
    let all = String::from_utf8(chart(&["--chart", "timeline", "--svg-text", "text"])).unwrap();
    let some =
        String::from_utf8(chart(&["--chart", "timeline", "--svg-text", "text", "--filter", "type=交通互通共网"]))
            .unwrap();
    assert!(all.contains("瑞祥科技园") && !some.contains("瑞祥科技园") && some.contains("柯诸高速诸暨段"));
    let years = String::from_utf8(chart(&["--chart", "timeline", "--svg-text", "text", "--filter", "years=2029-2030"]))
        .unwrap();
    assert!(years.contains("诸暨站综合枢纽改造工程") && !years.contains("柯诸高速诸暨段"));
    for (bad, says) in [("years=soon", "two years"), ("colour=red", "the keys are"), ("builder=bank", "one of")] {
        let out =
            Command::new(env!("CARGO_BIN_EXE_plansight")).args(["chart", SEED, "--filter", bad]).output().unwrap();
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains(says), "{bad}");
    }
}

fn pdf_text(path: &std::path::Path, page: Option<usize>) -> String {
    let mut cmd = Command::new("pdftotext");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    String::from_utf8(cmd.arg(path).arg("-").output().expect("pdftotext").stdout).unwrap()
}

#[test]
fn report_has_a_cover_every_chart_and_page_numbers() {
    for (lang, caption, cover) in [("zh", "图", "主要数字"), ("en", "Figure", "Headline figures")] {
        let path = out_dir().join(format!("report-{lang}.pdf"));
        let out = Command::new(env!("CARGO_BIN_EXE_plansight"))
            .args(["report", SEED, "--lang", lang, "-o"])
            .arg(&path)
            .env("FONTCONFIG_FILE", "/dev/null")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let info = Command::new("pdfinfo").arg(&path).output().unwrap();
        let info = String::from_utf8(info.stdout).unwrap();
        assert!(info.contains("595 x 842 pts (A4)"), "{info}");
        let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
        assert!(pages > ChartId::ALL.len(), "{pages} pages: a cover and a page per chart at least");

        let first = pdf_text(&path, Some(1));
        for s in ["诸暨市“杭绍同城”三年行动计划（2023-2025）", "000_6484c7ca487d3a6f.txt", "740.55", cover]
        {
            assert!(first.contains(s), "{lang} cover lacks {s}: {first}");
        }
        assert!(first.contains(&format!("1 / {pages}")));
        // Each chart opens a page with its caption, its drawing and its data.
        let l = if lang == "en" { Lang::En } else { Lang::Zh };
        let mut page = 2;
        for (i, chart) in ChartId::ALL.into_iter().enumerate() {
            let title = plansight_charts::title(chart, l);
            while !pdf_text(&path, Some(page)).contains(title) {
                page += 1;
                assert!(page <= pages, "{lang}: {title} on no page");
            }
            let text = pdf_text(&path, Some(page));
            let head = text.trim_start();
            assert!(head.starts_with(&format!("{caption} {}", i + 1)), "{lang} page {page}: {head:.60}");
            assert!(text.matches(title).count() >= 2, "caption and the chart's own title on one page");
            assert!(text.contains(&format!("{page} / {pages}")));
        }
        let shot = out_dir().join(format!("report-{lang}-cover"));
        assert!(Command::new("pdftoppm")
            .args(["-r", "60", "-png", "-singlefile"])
            .arg(&path)
            .arg(&shot)
            .status()
            .unwrap()
            .success());
    }
}

/// Not only the seed: every fixture plan (other layouts, HTML, Excel, CSV,
/// prose only) gives an office SVG of every chart with no label left to the
/// viewer's fonts, and a report with a page per chart.
#[test]
fn every_fixture_exports() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let expected: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    for case in expected.iter().filter(|c| c["error"].is_null() && c["map"].is_null()) {
        let file = dir.join(case["file"].as_str().unwrap());
        for chart_id in ChartId::ALL {
            let out = Command::new(env!("CARGO_BIN_EXE_plansight"))
                .args(["chart"])
                .arg(&file)
                .args(["--chart", chart_id.id()])
                .output()
                .unwrap();
            assert!(out.status.success(), "{file:?} {}: {}", chart_id.id(), String::from_utf8_lossy(&out.stderr));
            let svg = String::from_utf8(out.stdout).unwrap();
            assert!(svg.contains("<use ") && !svg.contains("font-family"), "{file:?} {}", chart_id.id());
        }
        let pdf = out_dir().join("fixture-report.pdf");
        let out = Command::new(env!("CARGO_BIN_EXE_plansight"))
            .args(["report"])
            .arg(&file)
            .arg("-o")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(out.status.success(), "{file:?}: {}", String::from_utf8_lossy(&out.stderr));
        let info = String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
        let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
        assert!(pages > ChartId::ALL.len(), "{file:?}: {pages} pages");
    }
}
