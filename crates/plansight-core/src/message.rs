//! What the core says to people, in the interface's two languages. Errors and
//! warnings are data (codes with parameters); this module renders them, so the
//! page in 中文 mode never shows an English sentence from the core.

use crate::form::{Form, Unsupported};
use crate::model::PlanError;

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

fn mib(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / (1 << 20) as f64)
}

/// A read error as a sentence that says what to do.
pub fn error(e: &PlanError, lang: Lang) -> String {
    use Lang::*;
    match (e, lang) {
        (PlanError::Empty, Zh) => "文件是空的".into(),
        (PlanError::Empty, En) => "the file is empty".into(),
        (PlanError::NotText(_), Zh) => "文件不是文本，也不是可读的文档格式（.docx、.xlsx、HTML、CSV、Arrow）".into(),
        (PlanError::NotText(_), En) => {
            "the file is neither text nor a readable document (.docx, .xlsx, HTML, CSV, Arrow)".into()
        }
        (PlanError::Unsupported(u), _) => unsupported(*u, lang).into(),
        (PlanError::NeedsReader(form), Zh) => format!("此版本不含 {} 读取器", form_name(*form)),
        (PlanError::NeedsReader(form), En) => format!("this build has no {} reader", form_name(*form)),
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
        (PlanError::NoPlan, Zh) => "文件中没有找到规划内容：既无项目表、任务表，也无目标或基数数字".into(),
        (PlanError::NoPlan, En) => {
            "no plan found in the file: no project or task table, and no targets or figures".into()
        }
    }
}

fn form_name(form: Form) -> &'static str {
    match form {
        Form::Text => "text",
        Form::Html => "HTML",
        Form::Delimited(_) => "CSV",
        Form::Docx => ".docx",
        Form::Xlsx => ".xlsx",
        Form::Arrow => "Arrow",
    }
}

fn unsupported(u: Unsupported, lang: Lang) -> &'static str {
    match u {
        Unsupported::Doc => lang.pick(
            "这是 Word 97–2003（.doc）或 WPS（.wps）文件：请在 Word 或 WPS 中打开，另存为 .docx 后再打开",
            "this is a Word 97–2003 (.doc) or WPS (.wps) file: open it in Word or WPS and save it as .docx",
        ),
        Unsupported::Xls => lang.pick(
            "这是 Excel 97–2003（.xls）或 WPS 表格（.et）文件：请另存为 .xlsx 或 CSV 后再打开",
            "this is an Excel 97–2003 (.xls) or WPS (.et) sheet: save it as .xlsx or CSV",
        ),
        Unsupported::Encrypted => lang.pick(
            "文件受密码保护：请在 Office 或 WPS 中取消密码并另存后再打开",
            "the file is password-protected: remove the password in Office or WPS and save it again",
        ),
        Unsupported::Pdf => lang.pick(
            "这是 PDF：请打开原始的 .docx 或网页，或将 PDF 另存为 Word/文本后再打开",
            "this is a PDF: open the original .docx or web page, or save the PDF as Word or text",
        ),
        Unsupported::Parquet => lang.pick(
            "这是 Parquet 文件：暂不支持，请导出为 Arrow IPC（.arrow）或 CSV 后再打开",
            "this is a Parquet file, not read yet: export it as Arrow IPC (.arrow) or CSV",
        ),
        Unsupported::Zip => lang.pick(
            "这是一个 zip 压缩包，但不是 .docx 或 .xlsx：请解压后打开其中的文件",
            "this is a zip archive but no .docx or .xlsx: unpack it and open the file inside",
        ),
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
            PlanError::Unsupported(Unsupported::Doc),
            PlanError::NeedsReader(Form::Html),
            PlanError::Damaged { kind: "Excel", why: "bad zip".into() },
            PlanError::TooLarge { bytes: 100 << 20, limit: 64 << 20 },
            PlanError::NoPlan,
        ];
        for e in &errors {
            let (zh, en) = (error(e, Lang::Zh), error(e, Lang::En));
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
            assert!(!en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{en}");
        }
    }
}
