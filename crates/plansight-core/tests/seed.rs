//! The seed plan (Zhuji "杭绍同城" 2023–2025) read end to end, and variants of it
//! built here: other encodings and line endings, damaged cells, cut files.

use plansight_core::engine::analysis;
use plansight_core::engine::filter::Filter;
use plansight_core::engine::rows::Rows;
use plansight_core::model::TableName;
use plansight_core::read::arrow as read_arrow;
use plansight_core::write::arrow as write_arrow;
use plansight_core::write::message::Lang;
use plansight_core::{read_plan, BuilderKind, Comparator, Frame, IndicatorKind, Money, Plan, PlanError};

const SEED: &str = include_str!("../../../seeds/000_6484c7ca487d3a6f.txt");

fn seed() -> Plan {
    read_plan(SEED.as_bytes()).expect("the seed reads")
}

const TYPES: [&str; 6] =
    ["交通互通共网", "产业互联共链", "创新协同共兴", "文旅品牌共荣", "民生智慧共享", "生态共管共治"];
const AREAS: [&str; 6] = [
    "交通互通共网提速行动",
    "产业互联共链提质行动",
    "创新协同共兴强化行动",
    "文旅品牌共荣提升行动",
    "民生智慧共享提标行动",
    "生态共管共治扩面行动",
];

/// The 33 investment cells of 附件2, as written.
const CELLS: [f64; 33] = [
    117.0, 63.0, 25.0, 65.8, 27.5, 22.0, 13.3, 7.6, 15.0, 20.8, 2.6, 4.3, 10.0, 10.0, 16.0, 10.0, 10.0, 100.0, 50.0,
    5.0, 5.0, 10.0, 3.0, 30.0, 10.0, 15.0, 8.0, 20.0, 5.5, 10.0, 2.2, 1.95, 25.0,
];

#[test]
fn projects_and_tasks() {
    let plan = seed();
    assert_eq!(plan.projects.len(), 33);
    assert_eq!(plan.tasks.len(), 34);
    let nos: Vec<u32> = plan.projects.iter().map(|p| p.no).collect();
    assert_eq!(nos, (1..=33).collect::<Vec<_>>());
    let rows = Rows::new(plan.projects.clone(), plan.tasks.clone(), vec![]);
    assert_eq!(rows.types(), TYPES);
    assert_eq!(rows.areas(), AREAS);
    assert_eq!(plan.projects[6].name, "白门至大路杨公路");
    let p31 = &plan.projects[30];
    assert_eq!(
        (p31.no, p31.name.as_str(), p31.investment.map(Money::yi_text), p31.start_year, p31.end_year),
        (31, "诸暨市中医院三期工程", Some("2.2".to_string()), Some(2019), Some(2023))
    );
    assert_eq!(p31.kind, "民生智慧共享", "type filled down");
    assert_eq!(plan.title.as_deref(), Some("诸暨市“杭绍同城”三年行动计划（2023-2025）"));
    assert_eq!(plan.window, Some((2023, 2025)));
    // The fused builder cell is read as the builder, with a warning on its line.
    assert_eq!(plan.projects[0].builder, "绍兴市柯诸高速公路有限公司");
    assert_eq!(plan.warnings.len(), 1);
    assert_eq!(plan.warnings[0].line, 290);
    assert_eq!(plan.projects[1].builder_kind, BuilderKind::ProvincialTeam);
    assert_eq!(plan.projects[18].builder_kind, BuilderKind::PublicInstitution);
    assert_eq!(plan.tasks[32].units.len(), 6);
    assert_eq!(plan.tasks[0].units, ["市交通运输局", "市发改局"]);
    // Every record points at its line of the document.
    let lines: Vec<&str> = SEED.split('\n').collect();
    for p in &plan.projects {
        assert_eq!(lines[p.line as usize - 1].trim(), p.no.to_string(), "project {} line", p.no);
    }
    for t in &plan.tasks {
        assert_eq!(lines[t.line as usize - 1].trim(), t.no.to_string(), "task {} line", t.no);
    }
}

#[test]
fn totals_and_annualized_sums() {
    let plan = seed();
    let cells: f64 = CELLS.iter().sum();
    let got: Vec<f64> = plan.projects.iter().map(|p| p.investment.unwrap().yi()).collect();
    assert_eq!(got, CELLS);
    let rows = Frame::from_plan(&plan).rows().unwrap();
    let f = Filter::default();
    let s = analysis::summary(&rows, &f, plan.window);
    assert!((s.total_investment - cells).abs() < 1e-9);
    // Exact: the sum of the document's decimals, not a float sum's 740.5500000000002.
    assert_eq!(s.total_investment.to_string(), "740.55");
    let json = String::from_utf8(plansight_core::write::export::json(&rows, &plansight_core::Plan::default()).unwrap())
        .unwrap();
    assert!(!json.contains("0000000"), "no float noise in the JSON");
    let by_type = analysis::investment_by_type(&rows, &f);
    assert_eq!(by_type.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(), TYPES);
    assert!((by_type.iter().map(|s| s.share).sum::<f64>() - 1.0).abs() < 1e-9);
    let annual = analysis::annualized(&rows, &f, plan.window);
    assert_eq!(annual.years.first(), Some(&2019));
    assert_eq!(annual.years.last(), Some(&2030));
    for (t, values) in annual.values.iter().enumerate() {
        let sum: f64 = values.iter().sum();
        assert!((sum - by_type[t].value).abs() < 1e-9, "{}: {sum} vs {}", by_type[t].label, by_type[t].value);
    }
    assert!(annual.window_share > 0.0 && annual.window_share < 1.0);
    // The Pareto ends at 100 %, the largest first.
    let top = analysis::top_projects(&rows, &f, 0);
    assert_eq!(top[0].name, "柯诸高速诸暨段");
    assert!((top.last().unwrap().cumulative_share - 1.0).abs() < 1e-9);
    let kinds = analysis::investment_by_builder_kind(&rows, &f);
    assert!((kinds.iter().map(|k| k.value).sum::<f64>() - cells).abs() < 1e-9);
    assert_eq!(kinds.iter().map(|k| k.count).sum::<usize>(), 33);
    let per_area = analysis::tasks_per_area(&rows, &f);
    assert_eq!(per_area.iter().map(|a| a.count).collect::<Vec<_>>(), [5, 8, 7, 3, 8, 3]);
    let load = analysis::unit_workload(&rows, &f);
    assert_eq!(load[0].unit, "市科技局");
    let m = analysis::unit_area_matrix(&rows, &f);
    assert_eq!(m.units.len(), load.len());
    let notes = analysis::checks(&rows, &plan.warnings, plan.window);
    assert!(
        notes.iter().any(|n| n.line == 500 && n.message(Lang::En).contains("2019")),
        "project 31 starts before the window"
    );
    assert!(notes.iter().any(|n| n.message(Lang::En).contains("2030")), "project 9 ends after the window");
}

#[test]
fn filters_narrow_every_analysis() {
    let plan = seed();
    let rows = Frame::from_plan(&plan).rows().unwrap();
    let f = Filter { types: vec!["交通互通共网".into()], ..Filter::default() };
    let s = analysis::summary(&rows, &f, plan.window);
    assert_eq!((s.projects, s.tasks), (9, 5));
    assert!((s.total_investment - 356.2).abs() < 1e-9);
    assert!(analysis::indicators_by_action(&rows, &f).iter().all(|g| g.section.contains("交通互通共网")));
    let f = Filter { years: Some((2026, 2030)), ..Filter::default() };
    let annual = analysis::annualized(&rows, &f, plan.window);
    assert_eq!(annual.years, vec![2026, 2027, 2028, 2029, 2030]);
    let f = Filter { search: "医院".into(), ..Filter::default() };
    assert_eq!(analysis::summary(&rows, &f, None).projects, 2);
    let f = Filter { units: vec!["市公安局".into()], ..Filter::default() };
    assert_eq!(analysis::summary(&rows, &f, None).tasks, 1);
}

fn find<'a>(plan: &'a Plan, metric: &str) -> &'a plansight_core::Indicator {
    plan.indicators.iter().find(|i| i.metric.contains(metric)).unwrap_or_else(|| panic!("no indicator {metric}"))
}

#[test]
fn named_indicators() {
    use Comparator::*;
    let plan = seed();
    let cases: [(&str, IndicatorKind, f64, &str, Comparator); 14] = [
        ("全社会R&D经费支出占GDP比重", IndicatorKind::Target, 3.3, "%", Eq),
        ("数字经济核心产业增加值占GDP比重", IndicatorKind::Target, 5.0, "%", Eq),
        ("国内外游客", IndicatorKind::Target, 540.0, "万人次", AtLeast),
        ("旅游总收入", IndicatorKind::Target, 74.87, "亿元", AtLeast),
        ("基金规模", IndicatorKind::Target, 500.0, "亿元", AtLeast),
        ("建成离岛式平台", IndicatorKind::Target, 8.0, "个", Eq),
        ("空气质量优良天数比率", IndicatorKind::Target, 90.0, "%", AtLeast),
        ("诸暨岛—杭州港落地项目", IndicatorKind::Target, 60.0, "个", AtLeast),
        ("累计引培顶尖人才", IndicatorKind::Target, 150.0, "名", Eq),
        ("规模以上制造业增加值", IndicatorKind::Target, 375.0, "亿元", Eq),
        ("新引进名医工作室", IndicatorKind::Target, 20.0, "个", Eq),
        ("“诸暨岛”等离岛式平台", IndicatorKind::Baseline, 5.0, "个", Eq),
        ("规上数字经济核心产业制造业产值", IndicatorKind::Baseline, 100.0, "亿元", AtLeast),
        ("引进名医工作室", IndicatorKind::Baseline, 93.0, "家", Eq),
    ];
    for (metric, kind, value, unit, cmp) in cases {
        let i = plan
            .indicators
            .iter()
            .find(|i| i.metric.contains(metric) && i.kind == kind)
            .unwrap_or_else(|| panic!("{metric}"));
        assert_eq!((i.value, i.unit.as_str(), i.comparator), (value, unit, cmp), "{metric}");
        if kind == IndicatorKind::Target && i.line != 46 {
            assert_eq!(i.year, Some(2025), "{metric}");
        }
    }
    // Sections and pairing.
    assert_eq!(find(&plan, "全社会R&D").section, "发展目标");
    assert_eq!(find(&plan, "空气质量").section, "实施生态共管共治扩面行动");
    let target = find(&plan, "建成离岛式平台");
    let base = &plan.indicators[target.pair.expect("paired")];
    assert_eq!((base.value, base.kind), (5.0, IndicatorKind::Baseline));
    // No code or year is read as a figure.
    assert!(plan.indicators.iter().all(|i| i.unit != "年" && !i.metric.ends_with('G')));
    let targets = plan.indicators.iter().filter(|i| i.kind == IndicatorKind::Target).count();
    assert!(targets >= 25, "{targets} targets");
}

#[test]
fn arrow_roundtrip() {
    let plan = seed();
    let frame = Frame::from_plan(&plan);
    for name in TableName::ALL {
        let bytes = write_arrow::write_ipc(frame.table(name)).unwrap();
        let (read_name, batches) = read_arrow::read_ipc(&bytes).unwrap();
        assert_eq!(read_name, Some(name));
        assert_eq!(batches.len(), 1);
        assert_eq!(&batches[0], frame.table(name));
    }
    let back = frame.rows().unwrap();
    assert_eq!(back.projects.list(), &plan.projects[..]);
    assert_eq!(back.tasks, plan.tasks);
    assert_eq!(back.indicators, plan.indicators);
}

// ---- Variants of the seed ----

fn same_projects(a: &Plan, b: &Plan) {
    assert_eq!(a.projects, b.projects);
    assert_eq!(a.tasks.len(), b.tasks.len());
}

#[test]
fn crlf_bom_and_gb18030() {
    let plan = seed();
    let crlf = format!("\u{feff}{}", SEED.replace('\n', "\r\n"));
    same_projects(&plan, &read_plan(crlf.as_bytes()).unwrap());
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(SEED);
    assert!(!unmappable);
    same_projects(&plan, &read_plan(&gb).unwrap());
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(SEED.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    same_projects(&plan, &read_plan(&utf16).unwrap());
}

#[test]
fn full_width_digits_and_dash_periods() {
    let plan = seed();
    let annex = SEED.find("附件2\n").unwrap();
    let (head, tail) = SEED.split_at(annex);
    let wide: String =
        tail.chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c }).collect();
    let wide = format!(
        "{head}{}",
        wide.replace("2022-2026", "2022—2026").replace("2023-2025", "2023年-2025年").replace("－", "～")
    );
    let other = read_plan(wide.as_bytes()).unwrap();
    same_projects(&plan, &other);
}

#[test]
fn missing_money_cell_is_kept_with_a_warning() {
    let text = SEED.replacen("\t117\n", "\t\n", 1);
    let plan = read_plan(text.as_bytes()).unwrap();
    assert_eq!(plan.projects.len(), 33);
    assert_eq!(plan.projects[0].investment, None);
    let w = plan.warnings.iter().find(|w| w.message().contains("no planned investment")).expect("warning");
    assert_eq!(SEED.split('\n').nth(w.line as usize - 1), Some("\t117"));
    let bad = SEED.replacen("\t63\n", "\t六十三亿多\n", 1);
    let plan = read_plan(bad.as_bytes()).unwrap();
    assert_eq!(plan.projects[1].investment, None);
    assert!(plan.warnings.iter().any(|w| w.message().contains("not a number")));
}

#[test]
fn truncated_file_keeps_what_it_read() {
    let cut = SEED.find("诸暨市中医院三期工程").unwrap();
    let plan = read_plan(&SEED.as_bytes()[..cut + 3]).unwrap();
    assert_eq!(plan.projects.len(), 31);
    let last = plan.projects.last().unwrap();
    assert_eq!(last.no, 31);
    assert!(plan.warnings.iter().any(|w| w.line == last.line && w.message().contains("cells")), "{:?}", plan.warnings);
}

#[test]
fn prose_only_empty_and_random_bytes() {
    let prose = &SEED[..SEED.find("附件1\n").unwrap()];
    // Prose alone is a plan: its targets and baselines, and its numbered measures
    // as tasks with the units written after them (no task table lists them now);
    // no projects (the two it names with money are past achievements).
    let plan = read_plan(prose.as_bytes()).unwrap();
    assert!(plan.projects.is_empty());
    assert_eq!(plan.indicators.len(), seed().indicators.len());
    assert!(plan.tasks.len() >= 20, "{}", plan.tasks.len());
    assert!(plan.tasks.iter().all(|t| t.read_from.is_prose()));
    let first = &plan.tasks[0];
    assert_eq!(
        (first.area.as_str(), first.units.as_slice(), first.leads),
        ("实施交通互通共网提速行动", &["市交通运输局".to_string(), "市发改局".to_string()][..], 1)
    );
    assert!(
        first.work.starts_with("1.构建立体衔接轨道交通网络") || first.work.starts_with("构建立体衔接轨道交通网络"),
        "{}",
        first.work
    );
    assert_eq!(
        read_plan("一、前言\n这里什么数字也没有。\n".as_bytes()).unwrap_err(),
        PlanError::NoPlan { paragraphs: 2, tables: 0 }
    );
    assert_eq!(read_plan(b"").unwrap_err(), PlanError::Empty);
    assert!(read_plan(&[0u8, 159, 146, 150, 7, 8, 0, 0, 1]).is_err());
}

/// The seed as a Word .docx (built here: paragraphs, and the annex tables as
/// real w:tbl rows and cells) reads to the same projects, tasks and indicators.
#[cfg(feature = "office")]
#[test]
fn docx_reads_like_the_text_export() {
    use std::io::Write;
    fn esc(s: &str) -> String {
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    }
    fn para(s: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", esc(s))
    }
    // Lines → body XML: tab-led lines are cells (with their continuation lines), empty lines end rows.
    let mut body = String::new();
    let mut rows: Vec<Vec<Vec<&str>>> = Vec::new();
    let mut row: Vec<Vec<&str>> = Vec::new();
    let flush_table = |rows: &mut Vec<Vec<Vec<&str>>>, body: &mut String| {
        if rows.is_empty() {
            return;
        }
        body.push_str("<w:tbl>");
        for r in rows.drain(..) {
            body.push_str("<w:tr>");
            for cell in r {
                body.push_str("<w:tc>");
                body.push_str(&cell.iter().map(|p| para(p)).collect::<String>());
                body.push_str("</w:tc>");
            }
            body.push_str("</w:tr>");
        }
        body.push_str("</w:tbl>");
    };
    let mut in_table = false;
    for line in SEED.split('\n') {
        if let Some(cell) = line.trim_start_matches(' ').strip_prefix('\t') {
            in_table = true;
            row.push(vec![cell]);
        } else if line.trim().is_empty() {
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
        } else if in_table && !row.is_empty() {
            row.last_mut().unwrap().push(line);
        } else {
            in_table = false;
            flush_table(&mut rows, &mut body);
            body.push_str(&para(line));
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    flush_table(&mut rows, &mut body);
    let xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>");
    let mut bytes = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("[Content_Types].xml", opts).unwrap();
        zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
        zip.start_file("word/document.xml", opts).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    let from_docx = read_plan(&bytes).expect("the .docx reads");
    let from_text = seed();
    let strip = |p: &Plan| {
        let projects: Vec<_> = p.projects.iter().map(|x| plansight_core::Project { line: 0, ..x.clone() }).collect();
        let tasks: Vec<_> = p.tasks.iter().map(|x| plansight_core::Task { line: 0, ..x.clone() }).collect();
        (projects, tasks)
    };
    assert_eq!(strip(&from_docx), strip(&from_text));
    assert_eq!(from_docx.indicators.len(), from_text.indicators.len());
    assert_eq!(from_docx.title, from_text.title);
    assert!(read_plan(b"PK\x03\x04not really a zip").unwrap_err().to_string().contains(".docx"));
}

/// Each table the page or CLI exports as Arrow reads back as a plan with the
/// same records (lines aside: they point into the new text form), open periods
/// and co-units included.
#[test]
fn arrow_exports_read_back_as_the_same_records() {
    let mut plan = seed();
    plan.projects[0].end_year = None; // an open period ("2022–")
    plan.tasks[0].leads = 2; // both units lead
    let frame = Frame::from_plan(&plan);
    let strip = |p: &Plan| {
        let projects: Vec<_> = p.projects.iter().map(|x| plansight_core::Project { line: 0, ..x.clone() }).collect();
        let tasks: Vec<_> = p.tasks.iter().map(|x| plansight_core::Task { line: 0, ..x.clone() }).collect();
        (projects, tasks)
    };
    let projects = read_plan(&write_arrow::write_ipc(frame.table(TableName::Projects)).unwrap()).unwrap();
    assert_eq!(strip(&projects).0, strip(&plan).0);
    let tasks = read_plan(&write_arrow::write_ipc(frame.table(TableName::Tasks)).unwrap()).unwrap();
    assert_eq!(strip(&tasks).1, strip(&plan).1);
    let indicators = read_plan(&write_arrow::write_ipc(frame.table(TableName::Indicators)).unwrap()).unwrap();
    let metrics = |p: &Plan| p.indicators.iter().map(|i| (i.metric.clone(), i.value, i.kind)).collect::<Vec<_>>();
    assert_eq!(metrics(&indicators), metrics(&plan));
}

/// A table as other engines write it: in two batches (10 rows, the rest), as
/// an Arrow stream and as an Arrow file.
fn in_two_batches(table: &arrow_array::RecordBatch) -> (Vec<u8>, Vec<u8>) {
    let (head, tail) = (table.slice(0, 10), table.slice(10, table.num_rows() - 10));
    let mut stream = Vec::new();
    let mut writer = arrow_ipc::writer::StreamWriter::try_new(&mut stream, &table.schema()).unwrap();
    writer.write(&head).unwrap();
    writer.write(&tail).unwrap();
    writer.finish().unwrap();
    drop(writer);
    let mut file = Vec::new();
    let mut writer = arrow_ipc::writer::FileWriter::try_new(&mut file, &table.schema()).unwrap();
    writer.write(&head).unwrap();
    writer.write(&tail).unwrap();
    writer.finish().unwrap();
    drop(writer);
    (stream, file)
}

/// The page's path for big Arrow tables: projects straight into buffers,
/// batch by batch with progress, the same rows as the file holds (lines kept);
/// other tables say so, and damage is an error.
#[test]
fn arrow_projects_into_buffers() {
    let plan = seed();
    let frame = Frame::from_plan(&plan);
    let chunked = in_two_batches(&frame.projects).1;
    let mut seen = Vec::new();
    let projects = |bytes: &[u8], progress: &mut dyn FnMut(usize, usize)| {
        let table = plansight_core::read::table(bytes)?;
        plansight_core::understand::columns::projects(table, &Default::default(), progress)
    };
    let table = projects(&chunked, &mut |done, total| seen.push((done, total))).unwrap().unwrap();
    assert_eq!(seen, [(10, 33), (33, 33)]);
    assert_eq!(table.buffers.clone().into_projects().unwrap(), plan.projects);
    let tasks = write_arrow::write_ipc(frame.table(TableName::Tasks)).unwrap();
    assert_eq!(projects(&tasks, &mut |_, _| {}).unwrap(), None);
    // The CLI's path: the same projects as a plan, with the table and its columns reported.
    let read = table.into_plan().unwrap();
    assert_eq!(read.projects, plan.projects);
    let report = &read.tables[0];
    assert_eq!((report.kind.as_str(), report.rows, report.line), ("projects", 33, plan.projects[0].line));
    let role = |h: &str| report.columns.iter().find(|c| c.header == h).and_then(|c| c.role.clone());
    assert_eq!((role("type"), role("start_year")), (Some("category".into()), Some("period".into())));
    assert!(projects(&chunked[..chunked.len() / 2], &mut |_, _| {}).is_err());
}

/// Other engines write Arrow as streams and in chunks; both read back as the
/// same rows. Dictionary columns (pandas' categories) read as their values,
/// and a file cut at any byte is an error, never a panic.
#[test]
fn arrow_streams_chunks_and_damage() {
    let plan = seed();
    let projects = Frame::from_plan(&plan).projects;
    let (head, tail) = (projects.slice(0, 10), projects.slice(10, projects.num_rows() - 10));
    let (stream, file) = in_two_batches(&projects);
    for bytes in [&stream, &file] {
        let (name, batches) = read_arrow::read_ipc(bytes).unwrap();
        assert_eq!(name, Some(TableName::Projects));
        assert_eq!(batches, vec![head.clone(), tail.clone()]);
        // The same records; their lines are now lines of the Arrow file's text form.
        let unlined = |p: &[plansight_core::model::Project]| {
            p.iter().map(|x| (x.no, x.name.clone(), x.investment)).collect::<Vec<_>>()
        };
        assert_eq!(unlined(&read_plan(bytes).unwrap().projects), unlined(&plan.projects));
    }
    // A stream may end after any whole message (the spec makes its end marker
    // optional); a file must be whole.
    for cut in 0..stream.len() {
        let _ = read_arrow::read_ipc(&stream[..cut]);
    }
    for cut in 0..file.len() {
        assert!(read_arrow::read_ipc(&file[..cut]).is_err(), "file cut at {cut} read");
    }

    let dict: arrow_array::DictionaryArray<arrow_array::types::Int32Type> =
        ["交通", "产业", "交通"].into_iter().collect();
    let batch = arrow_array::RecordBatch::try_from_iter([("type", std::sync::Arc::new(dict) as _)]).unwrap();
    let bytes = write_arrow::write_ipc(&batch).unwrap();
    let (_, batches) = read_arrow::read_ipc(&bytes).unwrap();
    let types = plansight_core::read::cells::texts(batches[0].column(0).as_ref()).unwrap();
    assert_eq!(types, ["交通", "产业", "交通"].map(|t| Some(t.to_string())));
}
