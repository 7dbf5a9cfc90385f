//! Chinese and English for chart text. The plan's own names (projects, units)
//! stay as written; action names are translated by a glossary of the words
//! action plans use, and fall back to the Chinese when a name is not covered.

use plansight_core::engine::filter::same_action;
use plansight_core::engine::rows::Rows;
use plansight_core::model::TableReport;
use plansight_core::understand::roles::TableKind;
use plansight_core::BuilderKind;

/// The interface language: one type for the core's messages, the charts and the page.
pub use plansight_core::write::message::Lang;

/// Action (type, area, section) words → English, longest first within a theme.
const ACTIONS: [(&str, &str); 14] = [
    ("交通", "Transport links"),
    ("产业", "Industry chains"),
    ("创新", "Innovation"),
    ("文旅", "Culture & tourism"),
    ("民生", "Public services"),
    ("生态", "Ecology"),
    ("发展目标", "Development goals"),
    ("行动基础", "Starting point"),
    ("基础设施", "Infrastructure"),
    ("教育", "Education"),
    ("医疗", "Health care"),
    ("数字", "Digital economy"),
    ("开放", "Opening up"),
    ("治理", "Governance"),
];

/// The glossary's English for an action name, if a word of it is covered.
fn gloss(name: &str) -> Option<&'static str> {
    ACTIONS.iter().find(|(zh, _)| name.contains(zh)).map(|(_, en)| *en)
}

/// An action's name in the reader's language: "交通互通共网" → "Transport links".
/// Two different actions of one plan that the glossary gives one English name
/// ("交通互通共网", "交通基础设施") keep their own names beside it, so no two
/// bars, rows or legend entries read the same: "Transport links (交通基础设施)".
pub fn action(lang: Lang, name: &str, rows: &Rows) -> String {
    if name.is_empty() {
        return lang.pick("未分类", "Unclassified").to_string();
    }
    if lang == Lang::Zh {
        return name.to_string();
    }
    let Some(en) = gloss(name) else { return name.to_string() };
    let sections = rows.indicators.iter().map(|i| i.section.clone());
    let clash = rows
        .types()
        .into_iter()
        .chain(rows.areas())
        .chain(sections)
        .any(|other| !same_action(&other, name) && gloss(&other) == Some(en));
    if clash {
        format!("{en} ({name})")
    } else {
        en.to_string()
    }
}

pub fn builder_kind(lang: Lang, kind: BuilderKind) -> &'static str {
    match lang {
        Lang::Zh => kind.label_zh(),
        Lang::En => kind.label_en(),
    }
}

/// "亿元" in the reader's language.
pub fn yi(lang: Lang) -> &'static str {
    lang.pick("亿元", "100M CNY (亿元)")
}

pub fn projects(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{n} 个项目"),
        Lang::En => format!("{n} project{}", if n == 1 { "" } else { "s" }),
    }
}

pub fn tasks(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{n} 项任务"),
        Lang::En => format!("{n} task{}", if n == 1 { "" } else { "s" }),
    }
}

/// The note under a chart naming the document table it reads, e.g. "来源：…重点项目
/// 建设表（第 276 行起；计划总投资、建设期限、建设单位）", or the kind of table when
/// the plan's table has no title (or the chart is drawn from other data).
/// Records read from sentences (no table of that kind) are sourced to the prose
/// from `prose_line`, the first of them.
pub fn source(lang: Lang, tables: &[TableReport], kind: TableKind, prose_line: Option<u32>) -> String {
    let (what, columns) = match kind {
        TableKind::Projects => (
            lang.pick("项目表", "project table"),
            lang.pick("计划总投资、建设期限、建设单位", "investment, period, builder"),
        ),
        _ => (lang.pick("任务表", "task table"), lang.pick("行动领域、责任单位", "area, responsible units")),
    };
    let of_kind: Vec<&TableReport> = tables.iter().filter(|t| t.kind == kind.id()).collect();
    let Some(first) = of_kind.first() else {
        return match (prose_line, lang) {
            (Some(line), Lang::Zh) => format!("来源：正文中的句子（第 {line} 行起）"),
            (Some(line), Lang::En) => format!("Source: sentences of the prose (from line {line})"),
            (None, _) => format!("{}{what}（{columns}）", lang.pick("来源：", "Source: ")),
        };
    };
    let name = first.title.clone().unwrap_or_else(|| what.to_string());
    let more = of_kind.len() - 1;
    match lang {
        Lang::Zh if more > 0 => format!("来源：{name}等 {} 张{what}（第 {} 行起；{columns}）", more + 1, first.line),
        Lang::Zh => format!("来源：{name}（第 {} 行起；{columns}）", first.line),
        Lang::En if more > 0 => format!("Source: {name} and {more} more {what}s (from line {}; {columns})", first.line),
        Lang::En => format!("Source: {name} (from line {}; {columns})", first.line),
    }
}

/// Said after a mark read from a sentence, so a reader checks it against the text.
pub fn from_prose(lang: Lang, prose: bool) -> &'static str {
    match (prose, lang) {
        (false, _) => "",
        (true, Lang::Zh) => " · 读自正文",
        (true, Lang::En) => " · read from the prose",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plansight_core::model::Project;

    fn project(kind: &str) -> Project {
        let mut p =
            plansight_core::read_plan(include_bytes!("../../../seeds/000_6484c7ca487d3a6f.txt")).unwrap().projects[0]
                .clone();
        p.kind = kind.into();
        p
    }

    #[test]
    fn actions_that_share_a_gloss_keep_their_names() {
        let rows =
            Rows::new(vec![project("交通互通共网"), project("交通基础设施"), project("产业协同")], vec![], vec![]);
        assert_eq!(action(Lang::En, "交通互通共网", &rows), "Transport links (交通互通共网)");
        assert_eq!(action(Lang::En, "交通基础设施", &rows), "Transport links (交通基础设施)");
        assert_eq!(action(Lang::En, "产业协同", &rows), "Industry chains");
        assert_eq!(action(Lang::Zh, "交通基础设施", &rows), "交通基础设施");
        // The same action under a longer name (a section) is no clash.
        let seed = plansight_core::read_plan(include_bytes!("../../../seeds/000_6484c7ca487d3a6f.txt")).unwrap();
        let rows = Rows::from_plan(&seed);
        for t in rows.types() {
            assert!(!action(Lang::En, &t, &rows).contains('('), "{t}: {}", action(Lang::En, &t, &rows));
        }
    }
}
