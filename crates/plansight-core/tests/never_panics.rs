//! No input makes the reader panic (a panic in WebAssembly kills the page).

use plansight_core::engine::analysis;
use plansight_core::engine::filter::Filter;
use plansight_core::{read_plan, Frame};
use proptest::prelude::*;

const SEED: &str = include_str!("../../../seeds/000_6484c7ca487d3a6f.txt");

/// Reads and runs every analysis; returns nothing, panics only on a bug.
fn exercise(bytes: &[u8]) {
    if let Ok(plan) = read_plan(bytes) {
        let frame = Frame::from_plan(&plan);
        let rows = frame.rows().expect("a frame built from a plan reads back");
        let f = Filter::default();
        analysis::summary(&rows, &f, plan.window);
        analysis::annualized(&rows, &f, plan.window);
        analysis::top_projects(&rows, &f, 10);
        analysis::indicators_by_action(&rows, &f);
        analysis::unit_area_matrix(&rows, &f);
        analysis::plan_checks(&rows, &plan);
    }
}

/// A small .docx holding a project table, for the damage tests.
fn small_docx() -> Vec<u8> {
    use std::io::Write;
    let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
    let row = |cells: &[&str]| format!("<w:tr>{}</w:tr>", cells.iter().map(|c| cell(c)).collect::<String>());
    let xml = format!(
        "<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>附件2</w:t></w:r></w:p><w:tbl>{}{}</w:tbl></w:body></w:document>",
        row(&["序号", "项目类型", "项目名称", "计划总投资（亿元）", "建设期限", "建设单位"]),
        row(&["1", "交通", "某公路", "12.5", "2023-2025", "某某交通建设有限公司"])
    );
    let mut out = Vec::new();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut out));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap();
    out
}

#[test]
fn the_small_docx_reads() {
    let plan = read_plan(&small_docx()).unwrap();
    assert_eq!(plan.projects.len(), 1);
    assert_eq!(plan.projects[0].investment.map(plansight_core::Money::yi_text).as_deref(), Some("12.5"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        exercise(&bytes);
    }

    #[test]
    fn arbitrary_text_with_table_syntax(text in "[\t\n 0-9一二（）、。序号项目名称投资期限单位亿元年—\\-]{0,400}") {
        exercise(text.as_bytes());
    }

    /// Anything that starts like a zip goes through the .docx reader without a panic.
    #[test]
    fn arbitrary_zip_like_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        let mut data = b"PK\x03\x04".to_vec();
        data.extend(bytes);
        exercise(&data);
    }

    /// A real .docx with a byte overwritten or cut short reads or fails cleanly.
    #[test]
    fn damaged_docx(at in 0usize..4096, byte in any::<u8>(), cut in 0usize..4096) {
        let mut bytes = small_docx();
        let len = bytes.len();
        bytes[at % len] = byte;
        bytes.truncate(len - cut % len);
        exercise(&bytes);
    }

    /// The seed cut at any point and with a byte overwritten still reads or fails cleanly.
    #[test]
    fn damaged_seed(cut in 0usize..SEED.len(), at in 0usize..SEED.len(), byte in any::<u8>()) {
        let mut bytes = SEED.as_bytes()[..cut].to_vec();
        if at < bytes.len() {
            bytes[at] = byte;
        }
        exercise(&bytes);
    }

    /// Every fixture form (.xlsx, HTML, CSV, .docx, GBK, PDF) damaged anywhere reads or fails cleanly.
    #[test]
    fn damaged_fixtures(which in 0usize..FIXTURES.len(), at in 0usize..8192, byte in any::<u8>(), cut in 0usize..8192) {
        let mut bytes = FIXTURES[which].to_vec();
        let len = bytes.len();
        bytes[at % len] = byte;
        bytes.truncate(len - cut % len);
        exercise(&bytes);
    }

    /// A PDF of any objects and content: the syntax's tokens in any order
    /// (unclosed strings and dictionaries, references to nothing, operators
    /// with too few operands), as a whole file and as a page's content.
    #[test]
    fn arbitrary_pdf(body in "(<<|>>|\\[|\\]|/Type|/Page|/Pages|/Kids|/Contents|/Font|/F1|/Resources|/ToUnicode|/Encoding|/Identity-H|/Type0|/DescendantFonts|/W|/Length|/Filter|/FlateDecode|/XRef|/ObjStm|/Prev|/Root|[0-9]{1,6}|-?[0-9]{1,3}\\.[0-9]|R|obj|endobj|stream\n|endstream|xref|trailer|startxref|BT|ET|Tf|Td|TJ|Tj|Tm|cm|q|Q|re|m|l|S|f|Do|BI|ID|EI|\\(诸暨\\)|<0102>|beginbfchar|endbfchar| |\n){0,200}") {
        exercise(format!("%PDF-1.7\n{body}").as_bytes());
        let page = format!(
            "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj \
             3 0 obj<</Type/Page/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj \
             5 0 obj<</Type/Font/Subtype/Type0/Encoding/Identity-H>>endobj 4 0 obj<</Length {}>>stream\n{body}\nendstream endobj trailer<</Root 1 0 R>>",
            body.len()
        );
        exercise(page.as_bytes());
    }

    /// Tag soup: unclosed cells, rows and tables, spans of any size.
    #[test]
    fn arbitrary_html(body in "(<table>|<tr>|<td rowspan=[0-9]{1,4}>|<td colspan=[0-9]{1,4}>|</td>|</tr>|</table>|<p>|<br>|&nbsp;|&#[0-9]{1,7};|序号|项目名称|投资|牵头单位|[0-9]{1,3}){0,80}") {
        exercise(format!("<html><body>{body}").as_bytes());
    }

    /// Prose of any shape: numbering, unit parentheses, money, figures, dates
    /// and 文号 in any order, full-width and half-width, cut anywhere.
    #[test]
    fn arbitrary_prose(text in "(一、|（一）|\\(1\\)|1\\.|１．|1、|①|第三条|——|（牵头单位：|；配合单位：|责任单位：|完成时限：|由|牵头|配合|负责|市发改委|各区、县（市）|总投资|约|其中|年度计划投资|概算总投资|项目|工程|亿元|万元|元|个|%|％|‰|万人次|到|年|底前|截至|现有|力争|以上|左右|不低于|翻一番|三成|—|-|《|》|〔|〕|号|[0-9.]{1,5}|２０２５|，|。|；|：|、|（|）|\n){0,160}") {
        exercise(text.as_bytes());
    }

    /// The prose corpus damaged anywhere (a byte changed, the text cut) reads or fails cleanly.
    #[test]
    fn damaged_prose(which in 0usize..PROSE.len(), at in 0usize..8192, byte in any::<u8>(), cut in 0usize..8192) {
        let mut bytes = PROSE[which].to_vec();
        let len = bytes.len();
        bytes[at % len] = byte;
        bytes.truncate(len - cut % len);
        exercise(&bytes);
    }

    /// Delimited text of any shape: quotes, separators, line breaks.
    #[test]
    fn arbitrary_csv(text in "(序号|项目名称|总投资（万元）|牵头单位|重点任务|[0-9.]{1,6}|,|;|\t|\"|\n){0,120}") {
        exercise(text.as_bytes());
    }
}

const FIXTURES: [&[u8]; 10] = [
    // PDFs: a hand-written CID font, an xref stream with an update, AES, a borderless table.
    include_bytes!("../../../tests/fixtures/pdf/09_cid_identity_no_tounicode.pdf"),
    include_bytes!("../../../tests/fixtures/pdf/15_xref_stream_update.pdf"),
    include_bytes!("../../../tests/fixtures/pdf/11b_encrypted_aes_128.pdf"),
    include_bytes!("../../../tests/fixtures/pdf/03_borderless_tasks.pdf"),
    include_bytes!("../../../tests/fixtures/projects.xlsx"),
    include_bytes!("../../../tests/fixtures/state_council.html"),
    include_bytes!("../../../tests/fixtures/annual_columns.csv"),
    include_bytes!("../../../tests/fixtures/lead_co.docx"),
    include_bytes!("../../../tests/fixtures/gbk_page.txt"),
    include_bytes!("../../../tests/fixtures/two_row_header.csv"),
];

const PROSE: [&[u8]; 6] = [
    include_bytes!("../../../tests/fixtures/prose/01_yijian_digital_economy.txt"),
    include_bytes!("../../../tests/fixtures/prose/05_deep_numbering_manufacturing.txt"),
    include_bytes!("../../../tests/fixtures/prose/13_tongzhi_key_projects_list.txt"),
    include_bytes!("../../../tests/fixtures/prose/24_plan_open_economy_multiples_ranges.txt"),
    include_bytes!("../../../tests/fixtures/prose/26_eco_targets_comparators.txt"),
    include_bytes!("../../../tests/fixtures/prose/31_mixed_sewage_notice.txt"),
];
