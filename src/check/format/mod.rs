//! Format readers: each turns a draft's bytes into the same flat [`ReadDraft`] of located blocks.
//! The format comes from the file extension, or failing that from the content.

mod adoc_inline;
pub mod asciidoc;
pub mod docx;
mod docx_numbering;
pub mod include;
mod inline;
pub mod lines;
pub mod markdown;
pub mod suppression;
pub mod text;

use crate::check::draft::block::ReadDraft;
use crate::error::{Error, Result};
use std::fmt;
use std::str::FromStr;

/// A draft format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text, one paragraph per line or per blank-line-separated block.
    Text,
    /// Markdown.
    Markdown,
    /// Metanorma AsciiDoc.
    Asciidoc,
    /// Word .docx.
    Docx,
}

impl Format {
    /// The name used on the command line and in the API (`text`, `markdown`, `asciidoc`, `docx`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Asciidoc => "asciidoc",
            Format::Docx => "docx",
        }
    }

    /// The format a file extension stands for, if any.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "adoc" | "asciidoc" | "asc" => Some(Format::Asciidoc),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    /// Guesses the format from the content: a zip archive is .docx, `== ` headings or `:attr:`
    /// lines are AsciiDoc, `# ` headings are Markdown, anything else is plain text.
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"PK\x03\x04") {
            return Format::Docx;
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
        let mut adoc = 0;
        let mut md = 0;
        for line in head.lines() {
            if line.starts_with("== ")
                || line.starts_with("=== ")
                || line.starts_with(":doctype:")
                || line.contains(":: ")
                || line.starts_with("[[")
            {
                adoc += 1;
            }
            if line.starts_with("# ")
                || line.starts_with("## ")
                || line.starts_with("### ")
                || line.contains("**")
                || line.starts_with("<!--")
            {
                md += 1;
            }
        }
        if adoc > md {
            Format::Asciidoc
        } else if md > 0 {
            Format::Markdown
        } else {
            Format::Text
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => Ok(Format::Text),
            "markdown" | "md" => Ok(Format::Markdown),
            "asciidoc" | "adoc" => Ok(Format::Asciidoc),
            "docx" => Ok(Format::Docx),
            _ => Err(format!(
                "unknown format '{s}'; expected one of: text, markdown, asciidoc, docx"
            )),
        }
    }
}

/// Reads a draft of `format` from its bytes. Text formats must be UTF-8 (a UTF-8 or UTF-16 byte
/// order mark is understood); binary data is refused with a reason rather than checked as text.
pub fn read(bytes: &[u8], format: Format, path: &str) -> Result<ReadDraft> {
    if format == Format::Docx {
        return docx::read(bytes, path);
    }
    let text = decode(bytes, path)?;
    Ok(match format {
        Format::Text => text::read(&text),
        Format::Markdown => markdown::read(&text),
        Format::Asciidoc => asciidoc::read(&text),
        Format::Docx => unreachable!("handled above"),
    })
}

/// Decodes a text draft, refusing binary data and invalid UTF-8 with a message that says where.
pub fn decode(bytes: &[u8], path: &str) -> Result<String> {
    let unreadable = |reason: String| Error::Unreadable {
        path: path.to_string(),
        reason,
    };
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode(rest, path);
    }
    for (bom, le) in [(&b"\xFF\xFE"[..], true), (&b"\xFE\xFF"[..], false)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| {
                    if le {
                        u16::from_le_bytes([c[0], c[1]])
                    } else {
                        u16::from_be_bytes([c[0], c[1]])
                    }
                })
                .collect();
            return String::from_utf16(&units)
                .map_err(|_| unreadable("invalid UTF-16 text".into()));
        }
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(unreadable(
            "this is a zip archive (a .docx?); name it .docx or pass --format docx".into(),
        ));
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !b"\t\n\r\x0c".contains(&b)))
        .count();
    if sample.contains(&0) || controls * 20 > sample.len().max(1) {
        return Err(unreadable("looks like binary data, not a text draft; supported formats: plain text, Markdown, AsciiDoc, .docx".into()));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(unreadable(format!(
                "not valid UTF-8 (byte 0x{:02X} at line {line}); save the draft as UTF-8",
                bytes[at]
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_sniffed_from_content() {
        assert_eq!(Format::sniff(b"PK\x03\x04rest"), Format::Docx);
        assert_eq!(
            Format::sniff(b"= Title\n:doctype: recommendation\n\n== Scope\n"),
            Format::Asciidoc
        );
        assert_eq!(
            Format::sniff(b"# Title\n\n## 3 Definitions\n"),
            Format::Markdown
        );
        assert_eq!(Format::sniff(b"3 Definitions\n3.1 Terms\n"), Format::Text);
    }

    #[test]
    fn invalid_utf8_and_binary_are_refused_with_a_reason() {
        let err = decode(b"line one\nbad \xFF byte", "d.txt")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("not valid UTF-8") && err.contains("line 2"),
            "{err}"
        );
        let err = decode(b"\x00\x01\x02\x03binary", "d.txt")
            .unwrap_err()
            .to_string();
        assert!(err.contains("binary"), "{err}");
        assert_eq!(decode(b"\xEF\xBB\xBFok", "d.txt").unwrap(), "ok");
        assert_eq!(decode(b"\xFF\xFEo\x00k\x00", "d.txt").unwrap(), "ok");
        assert_eq!(decode(b"", "d.txt").unwrap(), "");
    }
}
