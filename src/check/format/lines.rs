//! Recognising structure in formats that write it in the text itself (plain text, Markdown, Word):
//! clause numbers at the start of a heading ("3.1 Terms defined elsewhere", "Annex A"), and lines that
//! start a new item (a numbered entry, a NOTE, a list bullet, an abbreviation line).

/// A heading recognised in a line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingLine {
    /// "3", "3.1", "A.2"; `None` for an unnumbered heading such as "Bibliography".
    pub number: Option<String>,
    /// Byte offset of the title in the line.
    pub title_start: usize,
    /// Nesting level: the number's component count, 1 for an annex title.
    pub level: usize,
    /// True for annexes, appendices and the bibliography: never clause 3 or 4.
    pub unnumbered: bool,
    /// An explicit role: "bibliography".
    pub role: Option<String>,
}

/// Splits a leading clause number ("3.2.1", "A.1", "3.") off `line`: (number, byte offset after
/// the number and the white space that follows it). Needs white space after the number.
pub fn leading_number(line: &str) -> Option<(String, usize)> {
    let bytes = line.as_bytes();
    let mut i = 0;
    // First component: digits, or one capital letter / roman numeral for annexes ("A.1", "II.3").
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    if i == 0 {
        while i < bytes.len() && bytes[i].is_ascii_uppercase() && i < 4 {
            i += 1;
        }
        if i == 0 || bytes.get(i) != Some(&b'.') {
            return None;
        }
    }
    loop {
        if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(|b| b.is_ascii_digit()) {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        } else {
            break;
        }
    }
    let number = line[..i].to_string();
    if bytes.get(i) == Some(&b'.') {
        i += 1;
    }
    let rest = &line[i..];
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() && !rest.is_empty() {
        return None; // "3.5GHz": no space after the number
    }
    Some((number, i + (rest.len() - trimmed.len())))
}

/// Recognises a heading line: a clause number and a short title with no colon and no final full
/// stop ("3.1  Terms defined elsewhere"), an "Annex A" / "Appendix I" title, or "Bibliography".
pub fn heading_line(line: &str) -> Option<HeadingLine> {
    let t = line.trim_end();
    for (word, role) in [("Annex", None), ("Appendix", None)] {
        if let Some(rest) = t.strip_prefix(word) {
            let letter = rest.split_whitespace().next().unwrap_or("");
            if !letter.is_empty()
                && letter.len() <= 4
                && letter.chars().all(|c| c.is_ascii_uppercase())
                && rest.starts_with([' ', '\t'])
            {
                return Some(HeadingLine {
                    number: Some(letter.to_string()),
                    title_start: 0,
                    level: 1,
                    unnumbered: true,
                    role,
                });
            }
        }
    }
    if t == "Bibliography" {
        return Some(HeadingLine {
            number: None,
            title_start: 0,
            level: 1,
            unnumbered: true,
            role: Some("bibliography".into()),
        });
    }
    let (number, start) = leading_number(t)?;
    let title = &t[start..];
    let words = title.split_whitespace().count();
    let first = title.chars().next()?;
    let annex = !number.starts_with(|c: char| c.is_ascii_digit());
    let plausible = first.is_alphabetic()
        && words <= 14
        && !title.contains(": ")
        && !title.ends_with(':')
        && !title.ends_with(['.', ';', ',', ']'])
        && (number.contains('.') || number.len() <= 2);
    if !plausible {
        return None;
    }
    let level = number.split('.').count();
    Some(HeadingLine {
        number: Some(number),
        title_start: start,
        level,
        unnumbered: annex,
        role: None,
    })
}

/// True when `line` starts an item of its own and must not be joined to the line above: a clause
/// number, a NOTE or EXAMPLE, a list bullet, a reference tag or an abbreviation line.
pub fn starts_item(line: &str) -> bool {
    let t = line.trim_start();
    leading_number(t).is_some()
        || t.starts_with("NOTE")
        || t.starts_with("Note ")
        || t.starts_with("EXAMPLE")
        || t.starts_with(['-', '*', '•', '–', '['])
        || abbreviation_line(t).is_some()
}

/// Splits an abbreviation line of clause 4 ("XR  extended reality", "XR: extended reality",
/// "XR\textended reality", "XR – extended reality"): byte ranges of the short and the long form.
pub fn abbreviation_line(line: &str) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let end = line.find(|c: char| c.is_whitespace() || c == ':')?;
    let short = &line[..end];
    if !looks_like_short_form(short) {
        return None;
    }
    let rest = &line[end..];
    let sep_len = if let Some(r) = rest.strip_prefix(':') {
        1 + (r.len() - r.trim_start().len())
    } else if rest.starts_with('\t') || rest.starts_with("  ") {
        rest.len() - rest.trim_start().len()
    } else {
        let r = rest.trim_start();
        let r2 = r.strip_prefix(['–', '—', '-'])?;
        if !r2.starts_with(' ') {
            return None;
        }
        rest.len() - r2.trim_start().len()
    };
    let long_start = end + sep_len;
    let long = line[long_start..].trim_end();
    // An expansion may start with a digit ("UTF-8  8-bit UCS Transformation Format").
    if long.is_empty() || !long.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    Some((0..end, long_start..long_start + long.len()))
}

/// True for a plausible abbreviation: at most 12 characters, two or more capitals or digits, no run
/// of more than two lower-case letters ("XR", "IoT", "PCI-E", "E/O", "3GPP", "mSATA").
pub fn looks_like_short_form(s: &str) -> bool {
    let n = s.chars().count();
    if !(2..=14).contains(&n) || !s.chars().any(|c| c.is_ascii_uppercase()) {
        return false;
    }
    if !s
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '&' | '+'))
    {
        return false;
    }
    let caps = s.chars().filter(|c| c.is_uppercase()).count();
    let mut run = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            run += 1;
            if run > 2 {
                return false;
            }
        } else {
            run = 0;
        }
    }
    caps >= 2 || (caps == 1 && s.chars().any(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_expansion_may_start_with_a_digit() {
        let line = "UTF-16\t16-bit Unicode Transformation Format";
        let (s, l) = abbreviation_line(line).unwrap();
        assert_eq!(&line[s], "UTF-16");
        assert_eq!(&line[l], "16-bit Unicode Transformation Format");
    }

    #[test]
    fn numbered_titles_are_headings_and_entries_are_not() {
        let h = heading_line("3.1\tTerms defined elsewhere").unwrap();
        assert_eq!(h.number.as_deref(), Some("3.1"));
        assert_eq!(h.level, 2);
        assert_eq!(
            &"3.1\tTerms defined elsewhere"[h.title_start..],
            "Terms defined elsewhere"
        );
        assert!(heading_line("3.1.1 content [ITU-T H.780]: A combination.").is_none());
        assert!(heading_line("1 The system sends the message to the server.").is_none());
        assert!(heading_line("3.5GHz band").is_none());
        let a = heading_line("Annex A Security considerations").unwrap();
        assert!(a.unnumbered);
        assert_eq!(
            heading_line("Bibliography").unwrap().role.as_deref(),
            Some("bibliography")
        );
        assert_eq!(heading_line("A.1 Overview").unwrap().level, 2);
    }

    #[test]
    fn abbreviation_lines_split_short_and_long_forms() {
        for line in [
            "XR\textended reality",
            "XR: extended reality",
            "XR  extended reality",
            "XR – extended reality",
        ] {
            let (s, l) = abbreviation_line(line).unwrap();
            assert_eq!(&line[s], "XR");
            assert_eq!(&line[l], "extended reality");
        }
        assert!(abbreviation_line("This Recommendation uses the following").is_none());
        assert!(abbreviation_line("Metaverse: a world").is_none());
    }

    #[test]
    fn short_forms_are_recognised() {
        for s in [
            "XR", "IoT", "PCI-E", "E/O", "3GPP", "mSATA", "PoP", "WebRTC",
        ] {
            assert!(looks_like_short_form(s), "{s}");
        }
        for s in ["CitiVerse", "Metaverse", "A", "THE-VERY-LONG-NAME-X"] {
            assert!(!looks_like_short_form(s), "{s}");
        }
    }
}
