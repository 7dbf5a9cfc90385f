//! The zip package shared by .docx and .xlsx: entries read by name, with limits
//! so that a zip bomb or a damaged file gets a message instead of eating memory.

use crate::model::PlanError;
use std::io::{Cursor, Read};

/// No part of a plan's Office file inflates beyond this (the seed's is 0.3 MB).
pub const MAX_PART_BYTES: u64 = 64 << 20;
/// Nor do all the parts read from one file together (a workbook whose thousand
/// sheets all name one 64 MB part would otherwise inflate 64 GB).
pub const MAX_PACKAGE_BYTES: u64 = 128 << 20;

pub struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// "Word" or "Excel", for messages.
    kind: &'static str,
    /// Bytes inflated so far.
    inflated: u64,
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8], kind: &'static str) -> Result<Package<'a>, PlanError> {
        let archive =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| PlanError::Damaged { kind, why: e.to_string() })?;
        Ok(Package { archive, kind, inflated: 0 })
    }

    /// An entry's text, or None when the package has no such entry.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, PlanError> {
        let kind = self.kind;
        let damaged = |why: String| PlanError::Damaged { kind, why };
        let entry = match self.archive.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(damaged(format!("{name}: {e}"))),
        };
        if entry.encrypted() {
            return Err(PlanError::Unsupported(crate::model::Unsupported::Encrypted));
        }
        if entry.size() > MAX_PART_BYTES {
            return Err(PlanError::TooLarge { bytes: entry.size() as usize, limit: MAX_PART_BYTES as usize });
        }
        // The declared size can lie: read at most one byte past the limit.
        let mut bytes = Vec::new();
        entry.take(MAX_PART_BYTES + 1).read_to_end(&mut bytes).map_err(|e| damaged(format!("{name}: {e}")))?;
        if bytes.len() as u64 > MAX_PART_BYTES {
            return Err(PlanError::TooLarge { bytes: bytes.len(), limit: MAX_PART_BYTES as usize });
        }
        self.inflated += bytes.len() as u64;
        if self.inflated > MAX_PACKAGE_BYTES {
            return Err(PlanError::TooLarge { bytes: self.inflated as usize, limit: MAX_PACKAGE_BYTES as usize });
        }
        String::from_utf8(bytes).map(Some).map_err(|_| damaged(format!("{name} is not UTF-8 XML")))
    }

    /// Refuses a package whose `parts` would inflate, as their sizes are
    /// declared and with what is inflated already, past the package's limit,
    /// before any is read (a lying size is still held by [`Package::text`]).
    pub fn check_declared(&mut self, parts: &[String]) -> Result<(), PlanError> {
        let declared = parts.iter().filter_map(|name| self.archive.by_name(name).ok().map(|e| e.size())).sum::<u64>();
        let total = self.inflated.saturating_add(declared);
        if total > MAX_PACKAGE_BYTES {
            return Err(PlanError::TooLarge { bytes: total as usize, limit: MAX_PACKAGE_BYTES as usize });
        }
        Ok(())
    }

    /// An entry that must be there.
    pub fn required(&mut self, name: &str) -> Result<String, PlanError> {
        let kind = self.kind;
        self.text(name)?.ok_or_else(|| PlanError::Damaged { kind, why: format!("no {name}") })
    }
}

/// The local name of an attribute of an element, unescaped.
pub fn attr(e: &quick_xml::events::BytesStart, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}
