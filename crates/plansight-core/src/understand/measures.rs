//! Tasks in prose: the numbered measures of a plan (一、 （一） 1. （1） ① …) and
//! the units written with them (see [`super::units`]).
//!
//! How the text is read:
//! - numbering styles nest in the order the document first uses them (一、
//!   then （一） then 1. …, or any other order), so each numbered line has a
//!   depth and the headings above it;
//! - a numbered line is a **heading** when it is only a short title (no
//!   sentence after it, no units) and something follows it before its next
//!   sibling: deeper numbered lines, or paragraphs. Its title is the area of
//!   the measures below it. A heading is never a task;
//! - every other numbered line is a **measure**: its text, its units (a
//!   closing parenthesis or sentence, or 责任单位：/牵头单位：/完成时限： lines
//!   after it), its deadline, its line. An unnumbered paragraph that names its
//!   units is a measure too;
//! - numbered lines without units count only where a plan lists what to do:
//!   not under 指导思想, 基本原则, 目标, 背景, 基础, 现状 … (figures live there),
//!   nor under a list of what is assessed (考核指标及分值, 评分标准: a KPI list
//!   is never tasks), and not when they name a project with its money (a project list);
//! - a 通知, 意见 or 方案 whose measures name no one at all: the issuers carry
//!   them out, so each measure's units are the issuers, marked `from_issuer`
//!   ([`from_issuers`]).

use super::document::{Block, Document, Marker, Numbering};
use super::units::{self, Responsible};
use crate::model::{ReadFrom, Task};
use crate::read::text::fold_width;

/// Section titles whose numbered lines are not things to do.
const NOT_TASKS: [&str; 17] = [
    "指导思想",
    "基本原则",
    "工作原则",
    "总体思路",
    "总体要求",
    "发展目标",
    "主要目标",
    "工作目标",
    "具体目标",
    "总体目标",
    "具体指标",
    "主要指标",
    "行动目标",
    "目标任务",
    "意义",
    "适用范围",
    "机遇",
];

/// Money words that make a numbered line a project, not a task.
const PROJECT_MONEY: [&str; 6] = ["总投资", "计划投资", "投资概算", "概算总投资", "估算总投资", "协议投资"];

/// One prose line with its place in the numbering.
struct Line<'a> {
    text: &'a str,
    line: u32,
    marker: Option<Marker>,
    depth: usize,
    /// A table stands here ("（一）交通项目" above a table is its heading).
    table: bool,
}

/// What each numbered line turned out to be.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Heading,
    Measure,
    /// Numbered, but neither (a target in a goals list, a project in a list).
    Other,
    Plain,
}

/// The prose lines, each numbered one with its depth in the document's nesting.
fn prose_lines(doc: &Document) -> Vec<Line<'_>> {
    let mut styles: Vec<Numbering> = Vec::new();
    let mut out = Vec::new();
    for block in &doc.blocks {
        let Some((text, line, marker)) = block.prose() else {
            out.push(Line { text: "", line: 0, marker: None, depth: styles.len(), table: true });
            continue;
        };
        // 附件N starts another document: its numbering starts afresh.
        if matches!(block, Block::Heading { level: 1, title, marker: None, .. } if title.starts_with("附件")) {
            styles.clear();
        }
        let depth = match marker {
            Some(m) => match styles.iter().position(|s| *s == m.style) {
                Some(d) => {
                    styles.truncate(d + 1);
                    d
                }
                None => {
                    styles.push(m.style);
                    styles.len() - 1
                }
            },
            None => styles.len(),
        };
        out.push(Line { text: text.trim(), line, marker, depth, table: false });
    }
    out
}

/// A list of what is assessed and how it scores (考核指标及分值, 评分标准,
/// 评价指标, 目标控制（60分）): indicators, not things to do.
fn scores(heading: &str) -> bool {
    let h = fold_width(heading);
    let assessed = ["考核", "考评", "评价", "评估", "监测"].iter().any(|w| h.contains(w));
    ["分值", "评分", "计分", "赋分"].iter().any(|w| h.contains(w))
        || (h.contains("指标") && assessed)
        || h.trim_end_matches(['。', '.'])
            .strip_suffix("分)")
            .is_some_and(|r| r.ends_with(|c: char| c.is_ascii_digit()))
}

/// A short title with nothing after it: "提升政务服务效能", "推进智能化改造。".
fn is_title(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['。', '.', '：', ':']);
    t.chars().count() <= 40 && !t.contains(['。', '；', ';']) && !t.is_empty()
}

/// A line of its own that names units or a deadline: "责任单位：…", "完成时限：…".
fn unit_line(text: &str) -> Option<Responsible> {
    units::labelled(text.trim())
}

/// A line that is a project with its money ("X工程，总投资52亿元"), not a
/// measure that goes on to name projects after its lead ("加快推进重大项目建设。开工…").
fn names_project_money(text: &str) -> bool {
    let t = fold_width(text);
    PROJECT_MONEY.iter().any(|w| {
        t.find(w).is_some_and(|at| {
            // A lead sentence before the money: a measure, unless it only names a project.
            if let Some((first, _)) = t[..at].split_once('。') {
                if !super::investments::is_project_name(first) {
                    return false;
                }
            }
            let after = &t[at + w.len()..];
            let after = after.trim_start_matches(['约', '为', '达', '：', ':', '近']);
            after.starts_with(|c: char| c.is_ascii_digit())
        })
    })
}

/// The title of a heading line, as an area: no numbering, no end punctuation.
fn area_of(text: &str) -> String {
    text.trim().trim_end_matches(['。', '.', '：', ':', '；']).trim().to_string()
}

/// The first sentence of a measure ("加快建设5G基站。推进…" → its lead) is kept
/// whole in the task's text; this only trims the numbering and spaces.
fn work_of(text: &str) -> String {
    text.trim().to_string()
}

/// Every measure of the prose, in document order.
pub fn read(doc: &Document) -> Vec<Task> {
    let lines = prose_lines(doc);
    let n = lines.len();
    let mut roles = vec![Role::Plain; n];
    // Lines listed under a measure that lists its projects ("重点推进以下项目：").
    let mut under_project_list = vec![false; n];
    // Decide headings: a short title followed, before its next sibling or
    // ancestor, by deeper numbered lines or by paragraphs that are no unit lines.
    for i in 0..n {
        let Some(_) = lines[i].marker else { continue };
        let (_, own) = units::trailing(lines[i].text);
        let mut followed = false;
        for next in &lines[i + 1..] {
            match next.marker {
                Some(_) if next.depth <= lines[i].depth => break,
                Some(_) => {
                    followed = true;
                    break;
                }
                None if unit_line(next.text).is_some() => continue,
                None => {
                    followed = true;
                    break;
                }
            }
        }
        let children: Vec<&Line> = lines[i + 1..]
            .iter()
            .filter(|l| l.marker.is_some())
            .take_while(|l| l.depth > lines[i].depth)
            .filter(|l| l.depth == lines[i].depth + 1)
            .collect();
        // A measure that lists its projects below it ("重点推进以下项目：") stays a measure.
        let lists_projects =
            !is_title(lines[i].text) && !children.is_empty() && children.iter().all(|c| names_project_money(c.text));
        let has_children = !children.is_empty() && !lists_projects;
        if lists_projects {
            for (k, l) in lines.iter().enumerate().skip(i + 1) {
                if l.marker.is_some() && l.depth <= lines[i].depth {
                    break;
                }
                under_project_list[k] = true;
            }
        }
        roles[i] = if !own.has_units() && ((is_title(lines[i].text) && followed) || has_children) {
            Role::Heading
        } else {
            Role::Measure
        };
    }
    let mut tasks: Vec<Task> = Vec::new();
    // The headings above the current line: (depth, title).
    let mut headings: Vec<(usize, String)> = Vec::new();
    // The last task made, while lines of its units may still follow.
    let mut open: Option<usize> = None;
    for (i, l) in lines.iter().enumerate() {
        if l.table {
            continue;
        }
        if l.marker.is_some() {
            headings.retain(|(d, _)| *d < l.depth);
        }
        if roles[i] == Role::Heading {
            headings.push((l.depth, area_of(l.text)));
            open = None;
            continue;
        }
        if l.marker.is_none() {
            if let Some(r) = unit_line(l.text) {
                if let Some(t) = open.and_then(|k| tasks.get_mut(k)) {
                    add_units(t, r);
                }
                continue;
            }
        }
        let (work, r) = units::trailing(l.text);
        let in_task_section = !headings
            .iter()
            .any(|(_, h)| NOT_TASKS.iter().any(|w| h.contains(w)) || super::document::tells_the_past(h) || scores(h));
        // Lines of units right below it make a numbered line a measure whatever it says.
        let units_below = !under_project_list[i]
            && lines.get(i + 1).is_some_and(|n| n.marker.is_none() && unit_line(n.text).is_some_and(|u| u.has_units()));
        let is_measure = match l.marker {
            Some(_) => {
                r.has_units() || units_below || (in_task_section && !names_project_money(l.text) && !is_note(l.text))
            }
            None => r.has_units(),
        };
        if !is_measure {
            if l.marker.is_some() {
                roles[i] = Role::Other;
                // A project listed under a measure: the measure's units may follow the list.
                if !under_project_list[i] {
                    open = None;
                }
            }
            continue;
        }
        let mut task = Task {
            no: tasks.len() as u32 + 1,
            area: headings.last().map(|(_, h)| h.clone()).unwrap_or_default(),
            work: work_of(if r.has_units() || r.deadline.is_some() { &work } else { l.text }),
            line: l.line,
            read_from: ReadFrom::Prose,
            ..Task::default()
        };
        add_units(&mut task, r);
        if task.deadline.is_none() {
            task.deadline = body_deadline(&task.work);
        }
        tasks.push(task);
        open = Some(tasks.len() - 1);
    }
    tasks
}

/// A 通知, 意见 or 方案 whose prose measures name no unit at all: its issuers
/// (one, or several signing together) are each measure's units, the first
/// leading, marked as taken from the issuer. A document that names units for
/// some measures keeps what it wrote.
pub fn from_issuers(tasks: &mut [Task], title: Option<&str>, issuer: Option<&str>) {
    let genre = title.map(|t| t.trim().trim_end_matches(['。', '.'])).is_some_and(|t| {
        // "…（2024—2026年）的通知" and "…方案（试行）" alike.
        let t = t.strip_suffix(['）', ')']).and_then(|r| r.rsplit_once(['（', '('])).map_or(t, |(head, _)| head);
        ["通知", "意见", "方案"].iter().any(|g| t.ends_with(g))
    });
    let Some(issuer) = issuer.filter(|_| genre) else { return };
    let units: Vec<String> = issuer.split(char::is_whitespace).filter(|u| !u.is_empty()).map(str::to_string).collect();
    let unnamed = tasks.iter().all(|t| t.read_from.is_prose() && t.units.is_empty());
    if units.is_empty() || tasks.is_empty() || !unnamed {
        return;
    }
    for t in tasks {
        t.units = units.clone();
        t.leads = 1;
        t.from_issuer = true;
    }
}

/// A time limit the measure's own text sets ("2024年12月底前出台细则"); of
/// several, the latest.
fn body_deadline(text: &str) -> Option<String> {
    text.split(['，', ',', '；', ';', '。', '：', ':'])
        .filter_map(units::deadline_prefix)
        .max_by_key(|d| units::deadline_order(d))
}

/// Closing remarks that carry a number but ask nothing: "本意见自…起施行".
fn is_note(text: &str) -> bool {
    ["起施行", "负责解释", "同时废止", "联系电话", "联系人"].iter().any(|w| text.contains(w))
}

fn add_units(task: &mut Task, r: Responsible) {
    let mut all = Responsible {
        leads: task.lead_units().to_vec(),
        cos: task.units[task.leads.min(task.units.len())..].to_vec(),
        deadline: task.deadline.take(),
    };
    all.merge(r);
    let (units, leads) = all.units();
    task.units = units;
    task.leads = leads;
    task.deadline = all.deadline;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tasks(text: &str) -> Vec<Task> {
        read(&Document::parse(text))
    }

    #[test]
    fn headings_measures_and_units() {
        let t = tasks("一、夯实数字基础设施\n（一）加快建设5G基站。推进5G网络延伸。（牵头单位：市经信局，配合单位：市通信发展办、各区、县（市）人民政府）\n（二）布局新型数据中心。统筹建设。（牵头单位：市发改委）\n二、总体要求\n（一）指导思想\n以新思想为指导。\n");
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!(t[0].area, "夯实数字基础设施");
        assert!(t[0].work.starts_with("加快建设5G基站"));
        assert_eq!(t[0].units, ["市经信局", "市通信发展办", "各区、县（市）人民政府"]);
        assert_eq!(t[0].leads, 1);
    }

    #[test]
    fn a_notice_without_units_and_a_kpi_list() {
        let text = "甲部 乙局关于开展某专项行动的通知\n一、主要任务\n（一）遴选试点园区。择优遴选。\n（二）强化资金支持。给予奖补。\n甲部\n乙局\n2024年4月2日\n";
        let doc = Document::parse(text);
        let mut t = read(&doc);
        assert_eq!(t.len(), 2, "{t:?}");
        from_issuers(&mut t, Some("甲部 乙局关于开展某专项行动的通知"), Some("甲部 乙局"));
        assert_eq!(t[1].units, ["甲部", "乙局"]);
        assert_eq!((t[1].leads, t[1].from_issuer), (1, true));
        // A measure that names its unit: the document keeps what it wrote.
        let mut t = tasks("一、主要任务\n（一）遴选试点园区。（牵头单位：丙局）\n（二）强化资金支持。给予奖补。\n");
        from_issuers(&mut t, Some("关于开展某专项行动的通知"), Some("甲部"));
        assert!(t.iter().all(|t| !t.from_issuer) && t[1].units.is_empty());
        // What is assessed and how it scores is no task.
        let t = tasks("三、考核指标及分值\n（一）基础工作（40分）。主要考核责任制落实情况。\n（二）目标控制（60分）。\n1.事故起数为0。本项满分15分。\n");
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn unit_lines_and_unnumbered_measures() {
        let t = tasks("（一）推进老旧小区改造提升\n全面摸清底数。由区住建局牵头，区发改局配合，2024年6月底前完成。\n同步推进加装电梯。区住建局负责，长期坚持。\n1、开展排查\n责任单位：县住建局、县应急局\n完成时限：2023年底前\n");
        assert_eq!(t.len(), 3, "{t:?}");
        assert_eq!(t[0].area, "推进老旧小区改造提升");
        assert_eq!(t[0].deadline.as_deref(), Some("2024年6月底前"));
        assert_eq!(t[1].units, ["区住建局"]);
        assert_eq!(t[2].units, ["县住建局", "县应急局"]);
        assert_eq!(t[2].deadline.as_deref(), Some("2023年底前"));
    }
}
