//! Why a file could not be read, as data (the readers return it; `write::message`
//! says it in 中文 or English).

/// Why a document could not be read as a plan at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    Empty,
    /// Bytes that decode to no text (binary data), or text in an encoding this build cannot decode.
    NotText(String),
    /// A form this tool does not read (old binary Office, PDF, …), with advice.
    Unsupported(Unsupported),
    /// A form this build has no reader for (the page's start-up module: its second module reads it).
    NeedsReader(Form),
    /// A .docx or .xlsx whose zip or XML is broken.
    Damaged {
        kind: &'static str,
        why: String,
    },
    /// Over a size limit (the file, or a part of it once inflated).
    TooLarge {
        bytes: usize,
        limit: usize,
    },
    /// The text holds no projects, no tasks and no figures.
    NoPlan,
    /// A table compressed with a codec no reader here unpacks (Parquet's LZO).
    Codec {
        form: Form,
        codec: String,
    },
    /// A table column whose type cannot hold what its role needs (a list as a
    /// project's name); `role` is the role's id.
    ColumnType {
        column: String,
        data_type: String,
        role: String,
    },
}

/// A file's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Text,
    Html,
    Delimited(u8),
    Docx,
    Xlsx,
    Arrow,
    Parquet,
    Pdf,
}

/// Formats the page and CLI refuse, each with its own advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    /// Word 97–2003 .doc or WPS .wps.
    Doc,
    /// Excel 97–2003 .xls or WPS .et.
    Xls,
    /// A password-protected Office file.
    Encrypted,
    /// A PDF of scanned pages: images, no text.
    PdfScanned,
    /// A PDF whose text is drawn as shapes, or whose fonts carry no character map.
    PdfNoText,
    /// A PDF that needs a password to open (or an encryption this reader does not know).
    PdfLocked,
    /// A PDF whose structure cannot be found, even by scanning its bytes.
    PdfDamaged,
    /// A zip that is neither a .docx nor an .xlsx.
    Zip,
}
