//! What a chart's "embed" buttons copy: an iframe of this page showing one
//! chart (with a few lines that let the host page follow its height), and a
//! static `<figure>` (office SVG + data table) for sites that strip scripts.
//! Built here, escaped here: the JS only puts the text on the clipboard.

use plansight_charts::{escape, ChartTable};

/// The host's side of the height messages: each Plansight frame (matched by
/// `event.source`, never by origin alone) takes the height it reports.
const RESIZE_LISTENER: &str = "<script>addEventListener('message',function(e){var d=e.data;\
if(!d||d.type!=='plansight:height')return;\
document.querySelectorAll('iframe[data-plansight]').forEach(function(f){\
if(f.contentWindow===e.source)f.style.height=Math.ceil(d.height)+'px';});});</script>";

/// The iframe snippet. `page` is this page's address without its hash; `hash`
/// the view (filter, language) the chart is shown in; `height` a first guess.
pub fn iframe(chart: &str, page: &str, hash: &str, title: &str, description: &str, height: u32) -> String {
    let view: Vec<&str> =
        hash.split('&').filter(|p| !p.is_empty() && !p.starts_with("embed=") && !p.starts_with("theme=")).collect();
    let mut src = format!("{page}#embed={chart}");
    for part in view {
        src.push('&');
        src.push_str(part);
    }
    src.push_str("&theme=auto");
    format!(
        "<iframe data-plansight src=\"{}\" title=\"{}\" aria-label=\"{}\" loading=\"lazy\" \
         style=\"width:100%;height:{height}px;border:0\"></iframe>\n{RESIZE_LISTENER}",
        escape(&src),
        escape(title),
        escape(description)
    )
}

/// The static figure: the office SVG inline, a caption and the data table.
pub fn figure(title: &str, office_svg: &str, data: &ChartTable) -> String {
    let mut html = format!(
        "<figure class=\"plansight-chart\" style=\"margin:0\">\n{}\n<figcaption>{}</figcaption>\n<table>\n<thead><tr>",
        office_svg.replacen("<svg ", "<svg style=\"max-width:100%;height:auto\" ", 1),
        escape(title)
    );
    for h in &data.head {
        html.push_str(&format!("<th>{}</th>", escape(h)));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in &data.rows {
        html.push_str("<tr>");
        for cell in row {
            html.push_str(&format!("<td>{}</td>", escape(cell)));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n</figure>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iframe_keeps_the_view_and_escapes() {
        let code = iframe("annual", "https://x.org/p/", "t=%E4%BA%A4&theme=dark&lang=en", "a \"b\"", "<c>", 420);
        assert!(code.contains("src=\"https://x.org/p/#embed=annual&amp;t=%E4%BA%A4&amp;lang=en&amp;theme=auto\""));
        assert!(code.contains("title=\"a &quot;b&quot;\" aria-label=\"&lt;c&gt;\""));
        assert!(code.contains("height:420px") && code.contains("f.contentWindow===e.source"));
    }

    #[test]
    fn figure_escapes_the_data() {
        let data = ChartTable { head: vec!["类型".into()], rows: vec![vec!["<img onerror=x>".into()]] };
        let html = figure("T&T", "<svg width=\"1\"></svg>", &data);
        assert!(html.contains("<td>&lt;img onerror=x&gt;</td>") && html.contains("<figcaption>T&amp;T</figcaption>"));
        assert!(html.contains("<svg style=\"max-width:100%;height:auto\" width=\"1\">"));
    }
}
