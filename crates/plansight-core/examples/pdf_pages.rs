//! Prints what the PDF reader sees on each page: every line's baseline,
//! left and right edge, size and text, and the rulings drawn. For tuning the
//! layout against a real file: `cargo run -p plansight-core --example pdf_pages FILE [PAGE | --text]`
//! (`--text`: the text form the reader makes of it).

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: pdf_pages FILE [PAGE | --text]");
        std::process::exit(2);
    };
    let only: Option<usize> = args.get(2).and_then(|p| p.parse().ok());
    let bytes = std::fs::read(path).expect("a readable file");
    if args.get(2).is_some_and(|a| a == "--text") {
        match plansight_core::read::pdf::to_text(&bytes, &plansight_core::read::decode::gb18030) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("{e}"),
        }
        return;
    }
    let pages = match plansight_core::read::pdf::pages(&bytes, &plansight_core::read::decode::gb18030) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    for (i, page) in pages.iter().enumerate() {
        if only.is_some_and(|p| p != i + 1) {
            continue;
        }
        println!(
            "== page {} ({:.0} × {:.0}), {} chars, {} rulings, images {:.2}",
            i + 1,
            page.width,
            page.height,
            page.chars.len(),
            page.rules.len(),
            page.image_cover
        );
        let mut chars = page.chars.clone();
        chars.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
        let mut line: Vec<&plansight_core::read::pdf::content::Char> = Vec::new();
        let flush = |line: &mut Vec<&plansight_core::read::pdf::content::Char>| {
            if let (Some(first), Some(last)) = (line.first(), line.last()) {
                let mut text = String::new();
                let mut prev: Option<f64> = None;
                for c in line.iter() {
                    if let Some(p) = prev {
                        let gap = c.x0 - p;
                        if gap > 0.9 * c.size {
                            text.push_str(&format!(" [{gap:.0}] "));
                        }
                    }
                    text.push_str(&c.text);
                    prev = Some(c.x1);
                }
                println!("{:7.1} {:6.1}–{:6.1} {:4.1}  {text}", first.y, first.x0, last.x1, first.size);
            }
            line.clear();
        };
        for c in &chars {
            if line.first().is_some_and(|f| (c.y - f.y).abs() > 0.35 * c.size) {
                flush(&mut line);
            }
            line.push(c);
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        }
        flush(&mut line);
        for r in &page.rules {
            println!("  rule {:6.1},{:6.1} → {:6.1},{:6.1}", r.x0, r.y0, r.x1, r.y1);
        }
    }
}
