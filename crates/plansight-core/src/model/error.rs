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
    /// An old binary Office file whose compound file, Word text or Excel records
    /// do not fit its bytes; `form` is None when even its directory cannot be
    /// read (so whether it is Word or Excel is not known).
    Broken {
        form: Option<Form>,
        fault: Fault,
    },
    /// A document with no text of its own, only pictures or embedded objects (a scan).
    OnlyPictures(usize),
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
    /// The text holds no projects, no tasks and no figures: what it holds instead.
    NoPlan {
        paragraphs: usize,
        tables: usize,
    },
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
    /// Word 97–2003 .doc (and .wps as WPS writes it).
    Doc,
    /// Excel 97–2003 .xls (and WPS .et).
    Xls,
    Arrow,
    Parquet,
    Pdf,
}

/// Formats the page and CLI refuse, each with its own advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    /// Word 6.0/95, before the format of Word 97.
    Word95,
    /// A Microsoft Works file.
    Works,
    /// A compound file with no Word document or Excel workbook in it (an older
    /// WPS 2000–2003 file, a PowerPoint or another program's file).
    Compound,
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

/// What is broken inside an old binary Office file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The compound file: its sectors, tables or directory run past its bytes.
    Container,
    /// A stream the document needs (the Word document, its table, the workbook) is missing or short.
    Stream,
    /// A Word document's file information block.
    Fib,
    /// A Word document's text: its pieces lie outside the stream.
    Text,
    /// A Word document's paragraph properties (what tells a table's cells and rows).
    Properties,
    /// An Excel workbook's records.
    Records,
    /// An Excel sheet spanning more cells than its records hold.
    SheetExtent,
}
