//! Word 97–2003 and Excel 97–2003 files as LibreOffice writes them
//! (`tests/fixtures/make_doc.py`): each .doc reads to the very text form of
//! the .docx it was saved from, so the plan is the same; forms are told from
//! the compound file's directory; damaged and refused files end in messages.

use plansight_core::model::{Fault, Form, PlanError, Unsupported};
use plansight_core::read::{self, decode};
use plansight_core::{read_plan, Plan};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn text(bytes: &[u8]) -> Result<String, PlanError> {
    read::to_text(bytes, &decode::gb18030)
}

#[test]
fn a_doc_reads_as_the_docx_it_was_saved_from() {
    for name in ["lead_co", "doc_tables", "seed"] {
        let doc = fixture(&format!("{name}.doc"));
        assert_eq!(read::sniff(&doc), Ok(Form::Doc), "{name}");
        assert_eq!(text(&doc).unwrap(), text(&fixture(&format!("{name}.docx"))).unwrap(), "{name}.doc");
    }
}

/// Projects and tasks as a reader compares them: names, money, years, units.
fn records(plan: &Plan) -> (Vec<String>, Vec<String>) {
    let projects = plan
        .projects
        .iter()
        .map(|p| format!("{}|{}|{:?}|{:?}-{:?}|{}", p.name, p.kind, p.investment, p.start_year, p.end_year, p.builder))
        .collect();
    let tasks = plan.tasks.iter().map(|t| format!("{}|{}|{:?}|{}", t.area, t.work, t.units, t.leads)).collect();
    (projects, tasks)
}

#[test]
fn the_seed_as_doc_has_the_seeds_figures() {
    let doc = read_plan(&fixture("seed.doc")).unwrap();
    assert_eq!(doc.projects.len(), 33);
    assert_eq!(doc.tasks.len(), 34);
    let total: plansight_core::Money = doc.projects.iter().filter_map(|p| p.investment).sum();
    assert_eq!(total.yi_text(), "740.55");
    assert!(doc.tasks.iter().all(|t| !t.units.is_empty()), "every task has its responsible units");
    let docx = read_plan(&fixture("seed.docx")).unwrap();
    assert_eq!(records(&doc), records(&docx), "the same projects, tasks and units as the .docx");
    let seed = read_plan(&fixture("../../seeds/000_6484c7ca487d3a6f.txt")).unwrap();
    assert_eq!(records(&doc), records(&seed), "and as the seed's text");
}

#[test]
fn tables_fields_and_headings_of_a_doc() {
    let t = text(&fixture("doc_tables.doc")).unwrap();
    // Heading numbers Word shows, the field's result (never its instruction).
    assert!(
        t.starts_with("某市2024年扩大有效投资行动方案\n一、总体要求\n详见市发改委网站公布的项目清单。\n（一）发展目标"),
        "{t}"
    );
    assert!(!t.contains("HYPERLINK"), "{t}");
    // The type merged down fills each cell it covers (as the .docx, an HTML rowspan
    // and an Excel merge do); an empty cell stays a cell.
    assert!(t.contains("\t2\n\t交通\n\t港区疏港公路\n\t4.8\n\t2024-2025\n\t\n"), "{t}");
    // The nested table's cells are lines of the cell that holds it.
    assert!(t.contains("\t建设人才安居工程\n子项\n规模\n人才公寓\n500套\n\t市住建局"), "{t}");
}

#[test]
fn an_embedded_sheet_leaves_a_doc_a_doc() {
    let doc = fixture("embedded_sheet.doc");
    // The file holds a Workbook stream, in a storage of ObjectPool.
    let workbook: Vec<u8> = "Workbook".encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert!(doc.windows(workbook.len()).any(|w| w == workbook));
    assert_eq!(read::sniff(&doc), Ok(Form::Doc));
    let plan = read_plan(&doc).unwrap();
    assert_eq!(plan.title.as_deref(), Some("某县2024年重点项目计划"));
}

#[test]
fn an_xls_saved_by_libreoffice() {
    let xls = fixture("projects_lo.xls");
    assert_eq!(read::sniff(&xls), Ok(Form::Xls));
    let plan = read_plan(&xls).unwrap();
    assert_eq!(plan.projects.len(), 4);
    assert_eq!(plan.projects[1].kind, "交通", "the merged type fills the rows it covers");
}

/// The offset of the WordDocument stream's FIB in a .doc (its magic at the start of a sector).
fn fib_at(doc: &[u8]) -> usize {
    (512..doc.len()).step_by(512).find(|&at| doc[at..].starts_with(&[0xEC, 0xA5])).expect("a FIB")
}

#[test]
fn encrypted_and_older_word_files_are_told_from_the_fib() {
    let good = fixture("lead_co.doc");
    let at = fib_at(&good);
    let mut encrypted = good.clone();
    encrypted[at + 11] |= 0x01; // fEncrypted
    assert_eq!(text(&encrypted), Err(PlanError::Unsupported(Unsupported::Encrypted)));
    let mut word95 = good.clone();
    word95[at + 2..at + 4].copy_from_slice(&0x0068u16.to_le_bytes()); // nFib of Word 95
    assert_eq!(text(&word95), Err(PlanError::Unsupported(Unsupported::Word95)));
    let mut not_word = good.clone();
    not_word[at] = 0;
    assert_eq!(text(&not_word), Err(PlanError::Broken { form: Some(Form::Doc), fault: Fault::Fib }));
    // ccpText larger than the stream: the text would be more characters than bytes.
    let mut long = good.clone();
    long[at + 34 + 28 + 2 + 12..at + 34 + 28 + 2 + 16].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(text(&long), Err(PlanError::Broken { form: Some(Form::Doc), fault: Fault::Text }));
}

/// Word files only: calamine's own panics on damaged .xls records are
/// contained by the CLI's child process (`crates/plansight-cli/tests/hostile.rs`).
#[test]
fn damaged_doc_files_end_in_messages() {
    for name in ["lead_co.doc", "doc_tables.doc", "seed.doc", "embedded_sheet.doc"] {
        let good = fixture(name);
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for cut in [0, 8, 511, 512, 1024, good.len() / 2, good.len() - 1] {
            let _ = text(&good[..cut]);
        }
        for _ in 0..300 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut b = good.clone();
            let at = (state % b.len() as u64) as usize;
            b[at] = (state >> 32) as u8;
            // Ends in text or a message; any panic fails the test.
            let _ = text(&b);
        }
    }
}
