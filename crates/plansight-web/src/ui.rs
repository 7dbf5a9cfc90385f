//! Interface text in Chinese and English. The page's HTML names these keys in
//! `data-i18n` attributes; the view model carries the texts for the current language.

use plansight_charts::Lang;
use plansight_core::engine::rows::Rows;
use plansight_core::{IndicatorKind, Plan};
use std::collections::BTreeMap;

const TEXTS: &[(&str, &str, &str)] = &[
    ("app_name", "规划透视 Plansight", "Plansight"),
    (
        "tagline",
        "读懂一份行动计划：钱投向哪里、何时、由谁来做、承诺达到什么",
        "Read an action plan: where the money goes, when, to whom, and what it promises",
    ),
    ("open", "打开文档…", "Open document…"),
    ("open_folder", "打开文件夹…", "Open folder…"),
    (
        "drop",
        "或把文件（可多个，或一个文件夹）拖到页面上：PDF、Word .docx/.doc、WPS .wps/.et、Excel .xlsx/.xls、网页 HTML、CSV、文本、Arrow / Feather 或 Parquet（UTF-8、GBK 均可）",
        "or drop files (several, or a folder) on the page: PDF, Word .docx/.doc, WPS .wps/.et, Excel .xlsx/.xls, an HTML page, CSV, text, Arrow / Feather or Parquet (UTF-8 or GBK)",
    ),
    ("lang", "English", "中文"),
    ("no_plan_read", "没有读入任何规划，当前视图保持不变", "No plan could be read; the view stays as it was"),
    ("plans_title", "已打开的规划", "Plans open"),
    (
        "plans_note",
        "点击“查看”在下方显示该规划；点击表头排序。两个版本的对比在下一节。",
        "Show a plan below with its button; sort by a column heading. Two editions are compared in the next section.",
    ),
    ("show_plan", "查看", "Show"),
    (
        "reader_crashed",
        "读取器在这个文件上出错停止：文件可能已损坏，请用生成它的软件重新导出",
        "the reader stopped on this file: it may be damaged; export it again from the program that made it",
    ),
    ("all_plans", "全部规划并列（图表按规划）", "All plans side by side (charts by plan)"),
    ("shown_plan", "当前显示", "Shown"),
    ("compare_title", "版本对比", "Compare editions"),
    ("compare_a", "A（较早版本）", "A (earlier)"),
    ("compare_b", "B（较新版本）", "B (later)"),
    ("changes_title", "项目变化", "Projects changed, added and dropped"),
    ("matches_title", "需要核对的匹配", "Matches to check"),
    (
        "matches_note",
        "名称经改写或相近而匹配的项目，以及手工匹配的项目；不是同一项目的，可以拆开；改正保存在链接中。",
        "Projects matched by a rewritten or similar name, and those matched by hand; keep apart those that differ. Corrections stay in the link.",
    ),
    ("keep_apart", "不是同一项目", "Not the same"),
    ("undo_match", "撤销手工匹配", "Undo"),
    ("hand_a", "A 中未匹配的项目", "Unmatched in A"),
    ("hand_b", "B 中未匹配的项目", "Unmatched in B"),
    ("match_by_hand", "手工匹配", "Match by hand"),
    ("targets_title", "目标变化", "Targets"),
    ("promises_title", "A 的目标与 B 的基数", "A's targets against B's baselines"),
    ("reading_files", "正在读取文件 ", "Reading files "),
    ("files_failed", "以下文件无法读取（其余已打开）：", "Could not read (the others are open): "),
    ("col_change", "变化", "Change"),
    ("col_a", "A 行", "A row"),
    ("col_b", "B 行", "B row"),
    ("col_name_a", "A 中名称", "Name in A"),
    ("col_name_b", "B 中名称", "Name in B"),
    ("col_type", "类型", "Type"),
    ("col_amount_a", "A 投资（亿元）", "A (亿元)"),
    ("col_amount_b", "B 投资（亿元）", "B (亿元)"),
    ("col_delta", "增减（亿元）", "Δ (亿元)"),
    ("col_period", "建设期限", "Period"),
    ("col_matched", "匹配方式", "Matched by"),
    ("col_metric", "指标", "Metric"),
    ("col_target", "A 的目标", "A's target"),
    ("col_baseline", "B 的基数", "B's baseline"),
    ("col_result", "结果", "Result"),
    ("col_a_value", "A", "A"),
    ("col_b_value", "B", "B"),
    ("theme_dark", "深色", "Dark"),
    ("theme_light", "浅色", "Light"),
    ("print", "打印报告", "Print report"),
    ("copy_link", "复制链接", "Copy link"),
    ("save_page", "保存为单个文件", "Save as one file"),
    (
        "save_page_title",
        "保存本页的副本：一个离线可用的 HTML 文件，内含当前打开的规划和当前视图",
        "Save a copy of this page: one HTML file that works offline, with the plans open now and this view",
    ),
    ("saved_page", "已保存：", "Saved: "),
    ("saved_page_reopened", "已打开保存的规划：", "Opened the saved plans: "),
    ("copied", "已复制当前视图的链接", "Link to this view copied"),
    ("show_more", "显示更多行（还有 {} 行）", "Show more rows ({} more)"),
    ("embed", "嵌入", "Embed"),
    (
        "embed_title",
        "复制嵌入代码（iframe，随宿主页面调整高度）",
        "Copy embed code (an iframe that follows the host page)",
    ),
    ("embed_copied", "已复制嵌入代码：粘贴到网页的 HTML 中", "Embed code copied: paste it into a page's HTML"),
    ("figure", "静态 HTML", "Static HTML"),
    ("figure_title", "复制静态图表（SVG 与数据表，不需脚本）", "Copy a static figure (SVG and data table, no script)"),
    ("figure_copied", "已复制静态图表 HTML", "Static figure HTML copied"),
    ("filters", "筛选", "Filters"),
    ("actions", "行动", "Actions"),
    ("builder_kinds", "建设单位类别", "Builder kinds"),
    ("units", "责任单位", "Responsible unit"),
    ("all_units", "全部单位", "All units"),
    ("years", "年份", "Years"),
    ("from", "从", "from"),
    ("to", "至", "to"),
    ("search", "搜索项目、任务、单位、指标…", "Search projects, tasks, units, targets…"),
    ("clear", "清除全部筛选", "Clear all filters"),
    ("overview", "概览", "Overview"),
    ("money", "资金", "Money"),
    ("time", "时间", "Time"),
    ("promises", "承诺", "Promises"),
    ("work", "分工", "Who does what"),
    ("tables", "数据表", "Tables"),
    ("projects", "重点项目", "Key projects"),
    ("tasks", "重点任务", "Key tasks"),
    ("indicators", "目标与基数", "Targets and baselines"),
    ("notes", "数据说明与核对", "Data notes and checks"),
    ("document", "原文", "Source document"),
    ("chart_data", "图表数据", "Chart data"),
    ("export", "导出筛选后的数据", "Export the filtered data"),
    ("table", "表", "table"),
    ("no_rows", "没有符合筛选条件的行", "No rows match the filter"),
    ("prose", "正文", "prose"),
    (
        "reader_timeout",
        "读取超过 2 分钟仍未完成，已停止：文件可能已损坏或过大",
        "reading took over 2 minutes and was stopped: the file may be damaged or too large",
    ),
    (
        "prose_title",
        "读自正文的句子（不是表格中的行）：点行号对照原文",
        "Read from a sentence of the prose (not a table row): open its line to check it",
    ),
    ("totals", "文中所列合计", "Totals the text states"),
    (
        "totals_note",
        "文件自己写出的合计数（不是项目），已与读出的项目核对，差异列在数据说明中。",
        "The document's own totals (not projects), checked against the projects read; differences are listed under data notes.",
    ),
    ("line", "行", "line"),
    ("goto_line", "查看原文第 {} 行", "Show line {} of the document"),
    ("read_tables", "读取的表格", "Tables read"),
    ("read_records", "条记录", "records"),
    ("assign", "指定列…", "Assign columns…"),
    ("assign_title", "指定各列的含义", "What each column holds"),
    (
        "assign_help",
        "为每一列选择它的含义，再按“重新读取”。金额列请选对单位。",
        "Choose what each column holds, then Re-read. Pick the right unit for a money column.",
    ),
    ("reread", "重新读取", "Re-read"),
    ("cancel", "取消", "Cancel"),
    ("load_error", "无法读取 {}，当前视图保持不变：", "Could not read {}; the current view is kept: "),
    (
        "reading_rows",
        "正在后台读取表格，页面可照常使用：",
        "Reading the table in the background; the page stays usable: ",
    ),
    ("rows", "行", "rows"),
    ("preparing", "正在整理读到的行……", "Preparing the rows read…"),
    ("offline", "已可离线使用", "Ready for offline use"),
    ("remove", "移除筛选", "Remove filter"),
    ("tooltip_click", "点击筛选", "click to filter"),
    ("print_source", "来源文件", "Source file"),
    ("print_date", "生成日期", "Date"),
    ("print_filter", "筛选条件", "Filter"),
    ("print_no_filter", "无（全部数据）", "none (all data)"),
    (
        "print_note",
        "由 Plansight 生成 · 数值均可追溯至原文行号",
        "Made with Plansight · every figure traces to a line of the document",
    ),
];

/// The roles the column dialog offers, by id (see `plansight_core::understand::roles`).
pub const ROLE_CHOICES: [&str; 21] = [
    "ignore",
    "no",
    "category",
    "name",
    "content",
    "investment",
    "investment:亿元",
    "investment:万元",
    "investment:元",
    "annual",
    "period",
    "start",
    "end",
    "builder",
    "task",
    "lead",
    "responsible",
    "co",
    "deadline",
    "remarks",
    "source",
];

/// The dialog's option for a column's current role: an annual column's year
/// comes from its header; a column not understood is "not used".
pub fn role_choice(role: &str) -> &'static str {
    let base = if role.starts_with("annual:") { "annual" } else { role };
    ROLE_CHOICES.iter().find(|c| **c == base).copied().unwrap_or("ignore")
}

/// A column role for people: "investment" → "计划总投资（亿元）" / "Total investment (亿元)".
pub fn role_label(lang: Lang, id: &str) -> String {
    let (base, detail) = id.split_once(':').unwrap_or((id, ""));
    let (zh, en) = match base {
        "" => ("未识别", "not understood"),
        "ignore" => ("不使用", "not used"),
        "no" => ("序号", "Number"),
        "category" => ("类型／领域", "Type / area"),
        "name" => ("项目名称", "Project name"),
        "content" => ("建设内容／主要内容", "Content"),
        "investment" => ("计划总投资", "Total investment"),
        "annual" => ("年度计划投资", "Annual plan"),
        "period" => ("建设期限", "Period"),
        "start" => ("开工时间", "Start (year or date)"),
        "end" => ("竣工时间", "End (year or date)"),
        "source" => ("所属规划", "Plan"),
        "builder" => ("建设单位", "Builder"),
        "task" => ("任务／举措", "Task"),
        "lead" => ("牵头单位", "Lead units"),
        "responsible" => ("责任单位（首个牵头）", "Responsible units (first leads)"),
        "co" => ("配合单位", "Co-units"),
        "deadline" => ("完成时限", "Deadline"),
        "remarks" => ("备注", "Remarks"),
        "indicator" => ("指标", "Indicator"),
        // Columns of Plansight's own table shape (an Arrow or Parquet table).
        "builder_kind" => ("单位类别", "Builder kind"),
        "line" => ("原文行", "Source line"),
        other => (other, other),
    };
    let label = lang.pick(zh, en);
    match (base, detail) {
        ("investment", "") => format!("{label}{}", lang.pick("（单位按表头或单元格）", " (unit from header or cell)")),
        (_, "") => label.to_string(),
        ("annual", year) => format!("{label} {year}"),
        (_, unit) => format!("{label}{}", lang.pick(&format!("（{unit}）"), &format!(" ({unit})"))),
    }
}

pub fn texts(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    TEXTS.iter().map(|(k, zh, en)| (*k, lang.pick(zh, en))).collect()
}

pub fn text(lang: Lang, key: &str) -> &'static str {
    TEXTS.iter().find(|(k, _, _)| *k == key).map_or("", |(_, zh, en)| lang.pick(zh, en))
}

/// What a load read: "已载入 x.txt：33 个项目、34 项任务、27 项目标；1 条解析提示，见数据说明".
/// What a set of plans opened holds, in one line.
pub fn set_summary(lang: Lang, set: &[crate::Loaded]) -> String {
    let projects: usize = set.iter().map(|l| l.rows.projects.len()).sum();
    let total: plansight_core::Money = set.iter().map(|l| l.rows.projects.total()).sum();
    let (n, total) = (set.len(), total.yi_text());
    match lang {
        Lang::Zh => format!("已载入 {n} 个规划：共 {projects} 个项目、{total} 亿元"),
        Lang::En => format!("Loaded {n} plans: {projects} projects, {total} 亿元 in all"),
    }
}

pub fn load_summary(lang: Lang, plan: &Plan, rows: &Rows, name: &str) -> String {
    let targets = rows.indicators.iter().filter(|i| i.kind == IndicatorKind::Target).count();
    let (p, t, w) = (rows.projects.len(), rows.tasks.len(), plan.warnings.len());
    match lang {
        Lang::Zh => {
            let notes =
                if w > 0 { format!("；{w} 条解析提示，见“数据说明与核对”") } else { String::new() };
            format!("已载入 {name}：{p} 个项目、{t} 项任务、{targets} 项目标{notes}")
        }
        Lang::En => {
            let notes = if w > 0 { format!("; {w} parser warning(s), see Data notes") } else { String::new() };
            format!("Loaded {name}: {p} projects, {t} tasks, {targets} targets{notes}")
        }
    }
}
