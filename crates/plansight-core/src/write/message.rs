//! What the core says to people, in the interface's two languages. Errors and
//! warnings are data in the model (codes with parameters); this module renders
//! them, so the page in 中文 mode never shows an English sentence from the core.

use crate::engine::analysis::Note;
use crate::model::{Fault, Finding, Form, PlanError, Record, Unsupported, Warning};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn id(self) -> &'static str {
        self.pick("zh", "en")
    }
}

/// MiB with one decimal, half up as every figure shown (and no second float
/// formatter linked into the page).
fn mib(bytes: usize) -> String {
    crate::model::money::round_half_up(bytes as f64 / (1 << 20) as f64, 1)
}

/// A read error as a sentence that says what to do.
pub fn error(e: &PlanError, lang: Lang) -> String {
    use Lang::*;
    match (e, lang) {
        (PlanError::Empty, Zh) => "文件是空的".into(),
        (PlanError::Empty, En) => "the file is empty".into(),
        (PlanError::NotText(_), Zh) => {
            "文件不是文本，也不是可读的文档格式（PDF、.docx、.doc、.xlsx、.xls、HTML、CSV、Arrow、Parquet）".into()
        }
        (PlanError::NotText(_), En) => {
            "the file is neither text nor a readable document (PDF, .docx, .doc, .xlsx, .xls, HTML, CSV, Arrow, Parquet)".into()
        }
        (PlanError::Unsupported(u), _) => unsupported(*u, lang).into(),
        (PlanError::NeedsReader(form), Zh) => format!("此版本不含 {} 读取器", form_name(*form)),
        (PlanError::NeedsReader(form), En) => format!("this build has no {} reader", form_name(*form)),
        (PlanError::Broken { form, fault }, Zh) => {
            let (file, app) = match form {
                Some(Form::Doc) => ("Word 97–2003（.doc）", "Word 或 WPS"),
                Some(Form::Xls) => ("Excel 97–2003（.xls）", "Excel 或 WPS"),
                _ => ("Office 97–2003（.doc、.xls）", "Word、Excel 或 WPS"),
            };
            format!("这个 {file} 文件已损坏（{}）：请在 {app} 中打开并另存后再试", fault_said(*fault, Zh))
        }
        (PlanError::Broken { form, fault }, En) => {
            let (file, app) = match form {
                Some(Form::Doc) => ("Word 97–2003 (.doc)", "Word or WPS"),
                Some(Form::Xls) => ("Excel 97–2003 (.xls)", "Excel or WPS"),
                _ => ("Office 97–2003 (.doc, .xls)", "Word, Excel or WPS"),
            };
            format!("the {file} file is damaged ({}): open it in {app}, save it again and retry", fault_said(*fault, En))
        }
        (PlanError::OnlyPictures(n), Zh) => {
            format!("文档中没有文字，只有 {n} 个图片或嵌入对象（可能是扫描件）：请找到含文字的版本（.docx、.doc 或网页）后再打开")
        }
        (PlanError::OnlyPictures(n), En) => format!(
            "the document holds no text, only {} (a scan?): find a version with its text (.docx, .doc or a web page)",
            counted(*n, "picture or embedded object", "pictures or embedded objects")
        ),
        // A table an engine wrote is written again there, not "opened and saved".
        (PlanError::Damaged { kind: kind @ ("Arrow" | "Parquet"), why }, Zh) => {
            format!("{kind} 文件已损坏，无法读取（{why}）：请用生成它的工具重新导出")
        }
        (PlanError::Damaged { kind: kind @ ("Arrow" | "Parquet"), why }, En) => {
            format!("the {kind} file is damaged ({why}): write it again with the tool that made it")
        }
        (PlanError::Damaged { kind, why }, Zh) => {
            format!("{} 文件已损坏，无法读取（{why}）：请在 {kind} 中打开并另存后再试", kind)
        }
        (PlanError::Damaged { kind, why }, En) => {
            format!("the {kind} file is damaged ({why}): open it in {kind}, save it again and retry")
        }
        (PlanError::TooLarge { bytes, limit }, Zh) => {
            format!("文件（或其解压后的内容）过大：{} MB，上限 {} MB", mib(*bytes), mib(*limit))
        }
        (PlanError::TooLarge { bytes, limit }, En) => {
            format!(
                "the file (or its inflated content) is too large: {} MB, the limit is {} MB",
                mib(*bytes),
                mib(*limit)
            )
        }
        (PlanError::NoPlan { paragraphs, tables }, Zh) => {
            format!("文件中没有找到规划内容：读到 {paragraphs} 段文字、{tables} 个表格，但既无项目表、任务表，也无目标或基数数字")
        }
        (PlanError::NoPlan { paragraphs, tables }, En) => format!(
            "no plan found in the file: it holds {} and {}, but no project or task table, and no targets or figures",
            counted(*paragraphs, "paragraph", "paragraphs"),
            counted(*tables, "table", "tables")
        ),
        (PlanError::Codec { form, codec }, Zh) => format!(
            "这个 {form} 文件以 {codec} 压缩，Plansight 无法解压：请改用 zstd、snappy 或 lz4 压缩重新导出\
             （pandas：to_parquet(…, compression=\"snappy\")；polars：write_parquet(…, compression=\"zstd\")）",
            form = form_name(*form)
        ),
        (PlanError::Codec { form, codec }, En) => format!(
            "this {form} file is compressed with {codec}, which Plansight cannot unpack: write it again with zstd, \
             snappy or lz4 (pandas: to_parquet(…, compression=\"snappy\"); polars: write_parquet(…, compression=\"zstd\"))",
            form = form_name(*form)
        ),
        (PlanError::ColumnType { column, data_type, role }, Zh) => format!(
            "列“{column}”的类型是 {data_type}，不能作为{}读取：请把它导出为文本或数字，或在“指定列”中改为不使用",
            role_name(role, Zh)
        ),
        (PlanError::ColumnType { column, data_type, role }, En) => format!(
            "column “{column}” holds {data_type}, which cannot be read as {}: write it as text or numbers, \
             or assign it “not used”",
            role_name(role, En)
        ),
    }
}

/// "1 table", "3 tables".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What is broken in an old Office file, in words.
fn fault_said(fault: Fault, lang: Lang) -> &'static str {
    match fault {
        Fault::Container => {
            lang.pick("复合文件的结构超出了文件本身", "its compound-file structure runs past its bytes")
        }
        Fault::Stream => lang.pick("缺少文档所需的数据流，或数据流不完整", "a stream it needs is missing or short"),
        Fault::Fib => lang.pick("文件信息块无效", "its file information block is invalid"),
        Fault::Text => lang.pick("正文片段超出了文件", "its text lies outside its stream"),
        Fault::Properties => lang.pick(
            "段落属性（表格的单元格和行）无效",
            "its paragraph properties (a table's cells and rows) are invalid",
        ),
        Fault::Records => lang.pick("工作簿的记录无法读取", "its workbook records cannot be read"),
        Fault::SheetExtent => {
            lang.pick("工作表的范围超出了其记录所含的单元格", "a sheet spans more cells than its records hold")
        }
    }
}

/// A column role in words, for messages.
fn role_name(id: &str, lang: Lang) -> &str {
    let (zh, en) = match id.split(':').next().unwrap_or(id) {
        "no" => ("序号", "the number"),
        "category" => ("类型／领域", "the type or area"),
        "name" => ("项目名称", "the project name"),
        "content" => ("内容", "the content"),
        "investment" => ("投资额", "an amount"),
        "annual" => ("年度计划投资", "an annual amount"),
        "period" => ("建设期限", "the period"),
        "start" => ("开工时间", "the start"),
        "end" => ("竣工时间", "the end"),
        "builder" => ("建设单位", "the builder"),
        "lead" | "responsible" | "co" => ("单位", "units"),
        "task" => ("任务", "the task"),
        "deadline" => ("时限", "the deadline"),
        _ => (id, id),
    };
    lang.pick(zh, en)
}

fn form_name(form: Form) -> &'static str {
    match form {
        Form::Text => "text",
        Form::Html => "HTML",
        Form::Delimited(_) => "CSV",
        Form::Docx => ".docx",
        Form::Xlsx => ".xlsx",
        Form::Doc => ".doc",
        Form::Xls => ".xls",
        Form::Arrow => "Arrow",
        Form::Parquet => "Parquet",
        Form::Pdf => "PDF",
    }
}

fn unsupported(u: Unsupported, lang: Lang) -> &'static str {
    match u {
        Unsupported::Word95 => lang.pick(
            "这是 Word 6.0/95 文件（早于 Word 97 的格式）：请在 Word 或 WPS 中打开，另存为 .docx 后再打开",
            "this is a Word 6.0/95 file (older than Word 97's format): open it in Word or WPS and save it as .docx",
        ),
        Unsupported::Works => lang.pick(
            "这是 Microsoft Works 文件：请在 Works、WPS 或 LibreOffice 中打开，另存为 .docx 或 .xlsx 后再打开",
            "this is a Microsoft Works file: open it in Works, WPS or LibreOffice and save it as .docx or .xlsx",
        ),
        Unsupported::Compound => lang.pick(
            "这是 OLE 复合文件，但其中没有 Word 文档或 Excel 工作簿（可能是 WPS 2005 以前的旧格式、PowerPoint 或其他程序的文件）：\
             请用生成它的程序打开，另存为 .docx 或 .xlsx 后再打开",
            "this is an OLE compound file with no Word document or Excel workbook in it (an older WPS file from before \
             WPS 2005, a PowerPoint or another program's file): open it in the program that made it and save it as .docx or .xlsx",
        ),
        Unsupported::Encrypted => lang.pick(
            "文件受密码保护：请在 Office 或 WPS 中取消密码并另存后再打开",
            "the file is password-protected: remove the password in Office or WPS and save it again",
        ),
        Unsupported::PdfScanned => lang.pick(
            "这是扫描件 PDF：页面只有图片，没有文字。请找原始的 .docx、网页或文字版 PDF，或先用 OCR 识别文字",
            "this PDF is a scan: its pages are images with no text. Find the original .docx, web page or a text PDF, \
             or run OCR on it first",
        ),
        Unsupported::PdfNoText => lang.pick(
            "这个 PDF 的文字无法提取（文字被转为图形，或字体缺少字符映射）：请找原始的 .docx 或网页",
            "the text of this PDF cannot be extracted (drawn as shapes, or its fonts carry no character map): \
             find the original .docx or web page",
        ),
        Unsupported::PdfLocked => lang.pick(
            "这个 PDF 需要密码才能打开：请用密码在阅读器中打开并另存为无密码的 PDF 后再试",
            "this PDF needs a password to open: open it with the password in a reader, save a copy without one and retry",
        ),
        Unsupported::PdfDamaged => lang.pick(
            "这个 PDF 已损坏，找不到页面：请重新下载，或在阅读器中打开并另存后再试",
            "this PDF is damaged and no pages can be found: download it again, or open it in a reader and save a copy",
        ),
        Unsupported::Zip => lang.pick(
            "这是一个 zip 压缩包，但不是 .docx 或 .xlsx：请解压后打开其中的文件",
            "this is a zip archive but no .docx or .xlsx: unpack it and open the file inside",
        ),
    }
}

fn record(r: Record, lang: Lang) -> &'static str {
    match r {
        Record::Project => lang.pick("项目", "project"),
        Record::Task => lang.pick("任务", "task"),
    }
}

/// A parser warning or a cross-check as a sentence.
pub fn finding(f: &Finding, lang: Lang) -> String {
    use Finding::*;
    use Lang::*;
    match (f, lang) {
        (CellCount { record: r, cells, columns }, Zh) => {
            format!("{}行有 {cells} 个单元格，表头有 {columns} 列；缺的单元格按空白处理", record(*r, Zh))
        }
        (CellCount { record: r, cells, columns }, En) => {
            format!("{} row has {cells} of {columns} cells; the missing ones are left empty", record(*r, En))
        }
        (NotANumber { record: r, text, numbered }, Zh) => {
            format!("{}序号“{text}”不是数字，按顺序记为 {numbered}", record(*r, Zh))
        }
        (NotANumber { record: r, text, numbered }, En) => {
            format!("{} number {text:?} is not a number; numbered {numbered}", record(*r, En))
        }
        (NoCategory { record: Record::Project, no }, Zh) => format!("项目 {no} 没有类型，上方也没有可沿用的类型"),
        (NoCategory { record: Record::Project, no }, En) => format!("project {no} has no type and no type above it"),
        (NoCategory { record: Record::Task, no }, Zh) => format!("任务 {no} 没有行动领域，上方也没有"),
        (NoCategory { record: Record::Task, no }, En) => format!("task {no} has no action area and none above it"),
        (NoName { no }, Zh) => format!("项目 {no} 没有名称"),
        (NoName { no }, En) => format!("project {no} has no name"),
        (NoDescription { no }, Zh) => format!("任务 {no} 没有内容"),
        (NoDescription { no }, En) => format!("task {no} has no description"),
        (NoUnits { no }, Zh) => format!("任务 {no} 没有写责任单位"),
        (NoUnits { no }, En) => format!("task {no} names no responsible unit"),
        (NoInvestment { no }, Zh) => format!("项目 {no} 没有计划总投资"),
        (NoInvestment { no }, En) => format!("project {no} has no planned investment"),
        (BadInvestment { no, cell }, Zh) => format!("项目 {no}：计划总投资“{cell}”不是数字"),
        (BadInvestment { no, cell }, En) => format!("project {no}: planned investment {cell:?} is not a number"),
        (NoYear { no, cell }, Zh) => format!("项目 {no}：建设期限“{cell}”中没有年份"),
        (NoYear { no, cell }, En) => format!("project {no}: construction period {cell:?} holds no year"),
        (PeriodReversed { no, start, end }, Zh) => format!("项目 {no}：建设期限的结束年（{end}）早于开始年（{start}）"),
        (PeriodReversed { no, start, end }, En) => {
            format!("project {no}: construction period ends ({end}) before it starts ({start})")
        }
        (FusedBuilder { no, cell, head, builder }, Zh) => {
            format!("项目 {no}：建设单位“{cell}”前面连着项目名（{head}为），建设单位按“{builder}”读取")
        }
        (FusedBuilder { no, cell, head, builder }, En) => format!(
            "project {no}: builder cell {cell:?} starts with the project's name ({head}为); read the builder as {builder:?}"
        ),
        (Said { zh, .. }, Zh) => zh.clone(),
        (Said { en, .. }, En) => en.clone(),
        (MoreNotes { count }, Zh) => format!("另有 {count} 条同类提示未列出（只列出前面的）"),
        (MoreNotes { count }, En) => format!("{count} more notes like these are not listed (only the first ones are)"),
        (TotalRow { text }, Zh) => format!("“{text}”行是合计，不是一条记录，未计入"),
        (TotalRow { text }, En) => format!("a {text} row is a total, not a record; it is not counted"),
        (TableNotRead { headers }, Zh) => format!(
            "这张表未被识别为项目表或任务表（表头：{}）：可点“指定列”说明各列的含义",
            headers.join(" | ")
        ),
        (TableNotRead { headers }, En) => format!(
            "this table was not read as projects or tasks (header: {}): assign its columns' roles (page: Assign columns; CLI: --map HEADER=ROLE)",
            headers.join(" | ")
        ),
        (InvestmentSum { cells, total, by_type, equal }, Zh) => format!(
            "{cells} 个投资单元格之和 = {total} 亿元；按类型合计 = {by_type} 亿元（{}）",
            if *equal { "相等" } else { "不相等" }
        ),
        (InvestmentSum { cells, total, by_type, equal }, En) => format!(
            "sum of the {cells} investment cells = {total} 亿元; by type = {by_type} 亿元 ({})",
            if *equal { "equal" } else { "NOT equal" }
        ),
        (OutsideWindow { no, name, start, end, from, to }, Zh) => {
            let side = match (start < from, end > to) {
                (true, true) => format!("早于 {from} 开工、晚于 {to} 完工"),
                (true, false) => format!("{start} 年开工，早于规划期 {from}–{to}"),
                _ => format!("{end} 年完工，晚于规划期 {from}–{to}"),
            };
            format!("项目 {no} {name}：{side}")
        }
        (OutsideWindow { no, name, start, end, from, to }, En) => {
            let side = match (start < from, end > to) {
                (true, true) => format!("starts before {from} and ends after {to}"),
                (true, false) => format!("starts in {start}, before the plan window {from}–{to}"),
                _ => format!("ends in {end}, after the plan window {from}–{to}"),
            };
            format!("project {no} {name}: {side}")
        }
        (RepeatedName { no, first_line }, Zh) => format!("项目 {no} 与第 {first_line} 行的项目同名"),
        (RepeatedName { no, first_line }, En) => {
            format!("project {no} repeats the name of the project on line {first_line}")
        }
        (StatedTotal { label, count, stated, read }, Zh) => format!(
            "文中“{label}”共 {count} 个、总投资 {stated} 亿元；读出的 {count} 个项目合计 {read} 亿元（不相等）"
        ),
        (StatedTotal { label, count, stated, read }, En) => format!(
            "the text states {count} projects ({label}) with {stated} 亿元; the {count} projects read add up to {read} 亿元 (NOT equal)"
        ),
        (StatedParts { label, stated, parts }, Zh) => {
            format!("文中“{label}”总投资 {stated} 亿元，其分项合计 {parts} 亿元（不相等）")
        }
        (StatedParts { label, stated, parts }, En) => {
            format!("the text states {stated} 亿元 for {label}; its parts add up to {parts} 亿元 (NOT equal)")
        }
        (NumberGap { record: r, from, to }, Zh) => format!("{}序号从 {from} 跳到 {to}", record(*r, Zh)),
        (NumberGap { record: r, from, to }, En) => format!("{} numbers jump from {from} to {to}", record(*r, En)),
    }
}

/// What a table was read as (`TableReport::kind`), for the page and the report.
pub fn table_kind(lang: Lang, kind: &str) -> &'static str {
    match kind {
        "projects" => lang.pick("项目表", "project table"),
        "tasks" => lang.pick("任务表", "task table"),
        "indicators" => {
            lang.pick("指标表（考核指标，不作为任务或项目）", "indicator table (KPIs: no tasks or projects)")
        }
        _ => lang.pick("其他表（未读入）", "other table (not read)"),
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&error(self, Lang::En))
    }
}

impl std::error::Error for PlanError {}

impl Warning {
    /// The warning in English (the CLI's language; the page renders it in its own).
    pub fn message(&self) -> String {
        finding(&self.finding, Lang::En)
    }
}

impl Note {
    /// The note as a sentence in the interface's language.
    pub fn message(&self, lang: Lang) -> String {
        finding(&self.finding, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_in_both_languages() {
        let errors = [
            PlanError::Empty,
            PlanError::NotText(String::new()),
            PlanError::Unsupported(Unsupported::Word95),
            PlanError::Unsupported(Unsupported::Works),
            PlanError::Unsupported(Unsupported::Compound),
            PlanError::NeedsReader(Form::Html),
            PlanError::NeedsReader(Form::Doc),
            PlanError::Broken { form: Some(Form::Doc), fault: Fault::Text },
            PlanError::Broken { form: None, fault: Fault::Container },
            PlanError::Broken { form: Some(Form::Xls), fault: Fault::SheetExtent },
            PlanError::OnlyPictures(3),
            PlanError::Damaged { kind: "Excel", why: "bad zip".into() },
            PlanError::TooLarge { bytes: 100 << 20, limit: 64 << 20 },
            PlanError::NoPlan { paragraphs: 12, tables: 1 },
            PlanError::Damaged { kind: "Parquet", why: "bad footer".into() },
            PlanError::Codec { form: Form::Parquet, codec: "LZO".into() },
            PlanError::ColumnType { column: "tags".into(), data_type: "List(Utf8)".into(), role: "name".into() },
        ];
        for e in &errors {
            let (zh, en) = (error(e, Lang::Zh), error(e, Lang::En));
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
            assert!(!en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{en}");
        }
    }
}
