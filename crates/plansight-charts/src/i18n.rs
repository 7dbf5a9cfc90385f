//! Chinese and English for chart text. The plan's own names (projects, units)
//! stay as written; action names are translated by a glossary of the words
//! action plans use, and fall back to the Chinese when a name is not covered.

use plansight_core::BuilderKind;

/// The interface language: one type for the core's messages, the charts and the page.
pub use plansight_core::message::Lang;

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

/// An action's name in the reader's language: "交通互通共网" → "Transport links".
pub fn action(lang: Lang, name: &str) -> String {
    if name.is_empty() {
        return lang.pick("未分类", "Unclassified").to_string();
    }
    if lang == Lang::Zh {
        return name.to_string();
    }
    ACTIONS.iter().find(|(zh, _)| name.contains(zh)).map_or_else(|| name.to_string(), |(_, en)| en.to_string())
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

pub fn source_projects(lang: Lang) -> &'static str {
    lang.pick(
        "来源：附件2 重点项目建设表（计划总投资、建设期限、建设单位）",
        "Source: Annex 2, key project table (planned investment, period, builder)",
    )
}

pub fn source_tasks(lang: Lang) -> &'static str {
    lang.pick(
        "来源：附件1 重点任务分解表（行动领域、责任单位）",
        "Source: Annex 1, key task table (action area, responsible units)",
    )
}
