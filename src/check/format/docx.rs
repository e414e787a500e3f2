//! Word `.docx` drafts, the way ITU drafts circulate: the paragraphs of `word/document.xml`, each
//! one a line (the paragraph number is the line of a finding). Headings come from the `HeadingN`
//! styles or from clause numbers; the table of contents is skipped. Deleted revisions, struck-out
//! runs, field codes and equations are not live text; Word comments carry inline suppressions.

use super::docx_numbering::Numbering;
use super::lines::{heading_line, leading_number};
use super::suppression::parse_suppression;
use super::text::markup_heading;
use crate::check::bounds;
use crate::check::draft::block::{Block, BlockKind, ReadDraft};
use crate::check::draft::located::{Located, Pos};
use crate::error::{Error, Result};
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::ops::ControlFlow;

/// Largest XML part read from a .docx: guards against zip bombs.
const MAX_PART: u64 = 64 * 1024 * 1024;

/// Reads a .docx draft from its bytes; `path` names it in error messages.
pub fn read(bytes: &[u8], path: &str) -> Result<ReadDraft> {
    let unreadable = |reason: String| Error::Unreadable {
        path: path.to_string(),
        reason,
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| unreadable(format!("not a valid .docx (zip) file: {e}")))?;
    let document = read_part(&mut zip, "word/document.xml")
        .map_err(|e| unreadable(format!("cannot read word/document.xml: {e}")))?
        .ok_or_else(|| unreadable("no word/document.xml inside: not a Word document".into()))?;
    let comments = match read_part(&mut zip, "word/comments.xml") {
        Ok(Some(xml)) => comment_texts(&xml),
        _ => BTreeMap::new(),
    };
    // Numbers Word shows but the text does not hold: list numbering and numbered heading styles.
    let numbering_xml = read_part(&mut zip, "word/numbering.xml").ok().flatten();
    let styles_xml = read_part(&mut zip, "word/styles.xml").ok().flatten();
    let mut numbering = Numbering::new(numbering_xml.as_deref(), styles_xml.as_deref());
    let mut draft = ReadDraft::default();
    let mut reading = bounds::Reading::default();
    let mut line_no = 0;
    // Paragraphs are taken as they are parsed, not gathered first: ten million empty ones (a
    // 90 KB file) then cost their line, not a paragraph each, and reading stops at a bound.
    let stopped = each_paragraph(&document, |p| {
        line_no += 1;
        let numbered = numbering.resolve(&p.style, p.num_id.as_deref(), p.ilvl);
        let label = numbered
            .as_ref()
            .and_then(|(id, lvl)| numbering.next(id, *lvl));
        draft.lines.push(&p.text);
        for id in &p.comments {
            if let Some(rules) = comments.get(id).and_then(|c| parse_suppression(c)) {
                draft.suppressions.push((line_no, rules));
            }
        }
        if p.style.starts_with("TOC") || p.text.trim().is_empty() {
            if p.formula {
                let mut b = Block::new(BlockKind::Formula, Located::default());
                b.ends_with_formula = true;
                if let Some(last) = draft.blocks.last_mut() {
                    last.ends_with_formula = true;
                }
                draft.blocks.push(b);
            }
            return ControlFlow::Continue(());
        }
        let lead = p.text.len() - p.text.trim_start().len();
        let text = Located::new(
            &p.text[lead..],
            Pos::new(line_no, p.text[..lead].chars().count() + 1),
        )
        .trim();
        // A heading style numbered by a multi-level list takes its level from the list level
        // ("Heading 1" at w:ilvl 1 is a sub-clause); a paragraph with an outline level is a
        // heading of that level whatever its style.
        let level = heading_level(&p.style)
            .map(|l| numbered.as_ref().map_or(l, |(_, i)| i + 1))
            .or(p.outline.map(|o| o + 1))
            .or(numbering.style_outline(&p.style).map(|o| o + 1));
        // The number Word shows before the text, as a clause number ("3.2", "A"), when the
        // text does not write one itself.
        let shown = label
            .as_deref()
            .and_then(clause_number)
            .filter(|_| leading_number(text.text()).is_none() && !p.in_table);
        let mut block = if let (Some(_), Some((number, annex))) = (level, &shown) {
            Block::new(
                BlockKind::Heading {
                    level: if *annex { 1 } else { number.split('.').count() },
                    number: Some(number.clone()),
                    role: None,
                    unnumbered: *annex,
                },
                text,
            )
        } else if let Some(level) = level {
            markup_heading(level, text)
        } else if let Some((number, _)) = shown
            .as_ref()
            .filter(|(n, annex)| !annex && n.contains('.'))
        {
            // A numbered paragraph ("3.2.1" from the list, "term: definition" typed): read as
            // if the number were typed, so entries and sub-clause headings are recognised.
            let mut numbered_text = Located::new(format!("{number}\t"), text.start());
            numbered_text.push(text.text(), text.start());
            match heading_line(numbered_text.text()).filter(|_| !p.style.starts_with("enumlev")) {
                Some(h) if !looks_like_entry(text.text()) => Block::new(
                    BlockKind::Heading {
                        level: h.level,
                        number: h.number,
                        role: h.role,
                        unnumbered: h.unnumbered,
                    },
                    text,
                ),
                _ => Block::new(BlockKind::Paragraph, numbered_text),
            }
        } else if !p.in_table
            && let Some(h) = heading_line(text.text()).filter(|_| !p.style.starts_with("enumlev"))
        {
            let title = text.slice(h.title_start..text.text().len()).trim();
            Block::new(
                BlockKind::Heading {
                    level: h.level,
                    number: h.number,
                    role: h.role,
                    unnumbered: h.unnumbered,
                },
                title,
            )
        } else {
            Block::new(BlockKind::Paragraph, text)
        };
        block.ends_with_formula = p.formula_last;
        draft.blocks.push(block);
        draft.stopped = reading.over(&draft.blocks, None);
        if draft.stopped.is_some() {
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    })
    .map_err(|e| unreadable(format!("word/document.xml is not well-formed XML: {e}")))?;
    if draft.stopped.is_none() {
        draft.stopped = stopped;
    }
    if draft.stopped.is_some() {
        // A draft refused while read needs no excerpts.
        draft.lines = Default::default();
    }
    Ok(draft)
}

/// A list label as a clause number: "3.2." → ("3.2", false), "Annex B" → ("B", true); `None`
/// for labels that are not clause numbers ("a)", "(1)", "–").
fn clause_number(label: &str) -> Option<(String, bool)> {
    for word in ["Annex", "Appendix"] {
        if let Some(rest) = label.strip_prefix(word) {
            let n = rest.trim().trim_end_matches(['.', ':']);
            return (!n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric()))
                .then(|| (n.to_string(), true));
        }
    }
    let n = label.trim().trim_end_matches('.');
    let (number, rest) = leading_number(&format!("{n} x"))?;
    (rest == n.len() + 1 && number == n)
        .then(|| (number, !n.starts_with(|c: char| c.is_ascii_digit())))
}

/// True for a paragraph that reads as a term entry ("term: definition", "term [ref]: …"), not
/// a heading title.
fn looks_like_entry(text: &str) -> bool {
    text.find(':').is_some_and(|i| i < 120)
}

/// Heading level of a paragraph style (`Heading1`, `heading 2`); annex title styles are level 1.
fn heading_level(style: &str) -> Option<usize> {
    let s = style.to_ascii_lowercase().replace([' ', '_'], "");
    if let Some(n) = s.strip_prefix("heading") {
        return n.parse::<usize>().ok().filter(|n| (1..=9).contains(n));
    }
    None
}

fn read_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> std::result::Result<Option<String>, String> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    // The size the archive declares, when within the limit (a lying one only costs growth).
    let mut bytes = Vec::with_capacity(file.size().min(MAX_PART + 1) as usize);
    file.take(MAX_PART + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_PART {
        return Err(format!("part larger than {} MB", MAX_PART / 1024 / 1024));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| "part is not UTF-8 XML".to_string())
}

/// One Word paragraph, reduced to its live text.
#[derive(Debug, Default)]
struct Paragraph {
    style: String,
    text: String,
    in_table: bool,
    /// Contains an equation; `formula_last` when nothing but punctuation follows it.
    formula: bool,
    formula_last: bool,
    comments: Vec<String>,
    /// The list level of its numbering (`w:numPr/w:ilvl`), 0-based, when it is numbered.
    ilvl: Option<usize>,
    /// Its numbering instance (`w:numPr/w:numId`) when set on the paragraph.
    num_id: Option<String>,
    /// Its outline level (`w:outlineLvl`), 0-based, when set on the paragraph.
    outline: Option<usize>,
    /// Inside a text box: comes after the paragraph that anchors it.
    nested: bool,
    /// The fallback copy of a text box (`mc:Fallback`): not a paragraph of its own.
    copy: bool,
}

/// Elements whose text is not live: deleted or moved-away revisions, the fallback copy of
/// alternate content, field codes.
fn is_dead(name: &[u8]) -> bool {
    matches!(
        name,
        b"w:del" | b"w:moveFrom" | b"mc:Fallback" | b"w:instrText" | b"w:delText"
    )
}

fn local(name: &[u8]) -> &[u8] {
    name.iter()
        .rposition(|&b| b == b':')
        .map_or(name, |i| &name[i + 1..])
}

fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// The paragraphs of document.xml, gathered (for tests; the reader takes them one at a time).
#[cfg(test)]
fn paragraphs(xml: &str) -> std::result::Result<Vec<Paragraph>, quick_xml::Error> {
    let mut out = Vec::new();
    each_paragraph(xml, |p| {
        out.push(p);
        ControlFlow::Continue(())
    })?;
    Ok(out)
}

/// Gives the paragraphs of document.xml to `take` in order, one per paragraph mark as Word
/// counts them: paragraphs nested in a text box come right after the paragraph that holds
/// them, and the fallback copy Word writes of a text box for old readers is not counted again.
/// Stops when `take` breaks, or (`Some`) when the text passes [`bounds::MAX_TEXT_BYTES`], so
/// that one paragraph of sixty megabytes is not built.
fn each_paragraph(
    xml: &str,
    mut take: impl FnMut(Paragraph) -> ControlFlow<()>,
) -> std::result::Result<Option<bounds::Stopped>, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Paragraph> = Vec::new();
    // Text-box paragraphs, finished before the paragraph that holds them.
    let mut pending: Vec<Paragraph> = Vec::new();
    let mut given = 0usize;
    let mut text_bytes = 0usize;
    let mut finish = |p: Paragraph| -> ControlFlow<()> {
        if p.copy {
        } else if p.nested {
            pending.push(p);
        } else {
            given += 1;
            take(p)?;
            for p in pending.drain(..) {
                given += 1;
                take(p)?;
            }
        }
        ControlFlow::Continue(())
    };
    macro_rules! finish {
        ($p:expr) => {
            if finish($p).is_break() {
                return Ok(None);
            }
        };
    }
    // Depths of elements whose content is not live text.
    let mut dead = 0usize;
    let mut in_text = false;
    let mut table_depth = 0usize;
    let mut run_struck = false;
    let mut in_rpr = false;
    let mut math = 0usize;
    loop {
        let event = reader.read_event()?;
        match event {
            Event::Start(e) => {
                let name = e.name();
                match local(name.as_ref()) {
                    b"p" if name.as_ref() == b"w:p" => stack.push(Paragraph {
                        in_table: table_depth > 0,
                        nested: !stack.is_empty(),
                        copy: dead > 0,
                        ..Default::default()
                    }),
                    b"tbl" => table_depth += 1,
                    _ if is_dead(name.as_ref()) => dead += 1,
                    b"oMath" if name.as_ref() == b"m:oMath" => {
                        math += 1;
                        if let Some(p) = stack.last_mut() {
                            p.formula = true;
                            p.formula_last = true;
                        }
                    }
                    b"t" if name.as_ref() == b"w:t" => in_text = true,
                    b"r" if name.as_ref() == b"w:r" => run_struck = false,
                    b"rPr" => in_rpr = true,
                    _ => {}
                }
            }
            Event::Empty(e) => {
                let name = e.name();
                // An empty paragraph written `<w:p/>` is a paragraph too: Word counts it, and so
                // do the line numbers of findings.
                if name.as_ref() == b"w:p" {
                    let p = Paragraph {
                        in_table: table_depth > 0,
                        nested: !stack.is_empty(),
                        copy: dead > 0,
                        ..Default::default()
                    };
                    finish!(p);
                    continue;
                }
                let Some(p) = stack.last_mut() else { continue };
                match name.as_ref() {
                    b"w:pStyle" => p.style = attr(&e, b"w:val").unwrap_or_default(),
                    b"w:ilvl" if !in_rpr => {
                        p.ilvl = attr(&e, b"w:val").and_then(|v| v.parse().ok());
                    }
                    b"w:numId" if !in_rpr => p.num_id = attr(&e, b"w:val"),
                    b"w:outlineLvl" if !in_rpr => {
                        p.outline = attr(&e, b"w:val")
                            .and_then(|v| v.parse().ok())
                            .filter(|&l: &usize| l < 9);
                    }
                    b"w:tab" if dead == 0 && math == 0 && !in_rpr => p.text.push('\t'),
                    b"w:br" | b"w:cr" if dead == 0 && math == 0 => p.text.push(' '),
                    b"w:noBreakHyphen" if dead == 0 => p.text.push('-'),
                    b"w:strike" | b"w:dstrike" if in_rpr => {
                        run_struck =
                            !matches!(attr(&e, b"w:val").as_deref(), Some("0" | "false" | "off"));
                    }
                    b"w:commentReference" | b"w:commentRangeStart" => {
                        if let Some(id) = attr(&e, b"w:id") {
                            if !p.comments.contains(&id) {
                                p.comments.push(id);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && dead == 0 && math == 0 && !run_struck => {
                if let Some(p) = stack.last_mut() {
                    let s = t.unescape().unwrap_or_default();
                    text_bytes += s.len();
                    if text_bytes > bounds::MAX_TEXT_BYTES.value {
                        return Ok(Some(bounds::Stopped {
                            limit: bounds::MAX_TEXT_BYTES,
                            line: given + 1,
                        }));
                    }
                    p.text.push_str(&s);
                    if !s.trim().chars().all(|c| c.is_ascii_punctuation()) {
                        p.formula_last = false;
                    }
                }
            }
            Event::End(e) => {
                let name = e.name();
                match local(name.as_ref()) {
                    b"p" if name.as_ref() == b"w:p" => {
                        if let Some(p) = stack.pop() {
                            finish!(p);
                        }
                    }
                    b"tbl" => table_depth = table_depth.saturating_sub(1),
                    _ if is_dead(name.as_ref()) => dead = dead.saturating_sub(1),
                    b"oMath" if name.as_ref() == b"m:oMath" => math = math.saturating_sub(1),
                    b"t" => in_text = false,
                    b"rPr" => in_rpr = false,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // (`finish` is no longer used: its borrows have ended.)
    for p in pending {
        if take(p).is_break() {
            break;
        }
    }
    Ok(None)
}

/// Texts of the Word comments by id, for suppressions.
fn comment_texts(xml: &str) -> BTreeMap<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == b"w:comment" => {
                current = attr(&e, b"w:id");
                if let Some(id) = &current {
                    out.insert(id.clone(), String::new());
                }
            }
            Ok(Event::Text(t)) => {
                if let Some(id) = &current {
                    if let Some(s) = out.get_mut(id) {
                        s.push_str(&t.unescape().unwrap_or_default());
                    }
                }
            }
            Ok(Event::End(e)) if e.name().as_ref() == b"w:comment" => current = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal .docx holding `body` (WordprocessingML paragraphs) and optional comments.
    pub(crate) fn docx(body: &str, comments: Option<&str>) -> Vec<u8> {
        let parts: Vec<(&str, String)> = comments
            .map(|c| ("word/comments.xml", format!("<w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{c}</w:comments>")))
            .into_iter()
            .collect();
        docx_with(body, &parts)
    }

    /// A .docx holding `body` and further parts (`word/numbering.xml`, `word/styles.xml` …).
    pub(crate) fn docx_with(body: &str, parts: &[(&str, String)]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        z.start_file("[Content_Types].xml", opts).unwrap();
        z.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>").unwrap();
        z.start_file("word/document.xml", opts).unwrap();
        let doc = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\"><w:body>{body}</w:body></w:document>"
        );
        z.write_all(doc.as_bytes()).unwrap();
        for (name, xml) in parts {
            z.start_file(*name, opts).unwrap();
            z.write_all(xml.as_bytes()).unwrap();
        }
        z.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn an_empty_paragraph_written_self_closed_is_counted() {
        let xml = r#"<w:document><w:body><w:p><w:r><w:t>one</w:t></w:r></w:p><w:p w:rsidR="1"/><w:p><w:r><w:t>three</w:t></w:r></w:p></w:body></w:document>"#;
        let texts: Vec<String> = paragraphs(xml)
            .unwrap()
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert_eq!(texts, ["one", "", "three"]);
    }

    #[test]
    fn paragraphs_are_lines_and_deleted_or_struck_text_is_not_live() {
        let body = r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>3</w:t></w:r><w:r><w:tab/><w:t>Definitions</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">3.2.1</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">metaverse: An </w:t></w:r><w:del><w:r><w:delText>old </w:delText></w:r></w:del><w:r><w:rPr><w:strike/></w:rPr><w:t>struck </w:t></w:r><w:r><w:t>ecosystem &amp; more.</w:t></w:r><w:commentRangeStart w:id="0"/></w:p>"#;
        let d = read(&docx(body, Some(r#"<w:comment w:id="0"><w:p><w:r><w:t>mvterms-allow: definition-end</w:t></w:r></w:p></w:comment>"#)), "x.docx").unwrap();
        assert_eq!(d.blocks.len(), 2);
        match &d.blocks[0].kind {
            BlockKind::Heading { number, level, .. } => {
                assert_eq!((number.as_deref(), *level), (Some("3"), 1))
            }
            k => panic!("{k:?}"),
        }
        assert_eq!(
            d.blocks[1].text.text(),
            "3.2.1\tmetaverse: An ecosystem & more."
        );
        assert_eq!(d.blocks[1].text.start(), Pos::new(2, 1));
        assert_eq!(
            d.suppressions,
            vec![(2, vec!["definition-end".to_string()])]
        );
    }

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    /// Headings numbered by their style (Heading1/Heading2 → list 1) and entries numbered by the
    /// list itself at level 3, as the ITU Word template can write them.
    fn numbered_parts() -> Vec<(&'static str, String)> {
        vec![
            (
                "word/numbering.xml",
                format!(
                    r#"<w:numbering {W}><w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/></w:lvl></w:abstractNum><w:num w:numId="9"><w:abstractNumId w:val="5"/></w:num></w:numbering>"#
                ),
            ),
            (
                "word/styles.xml",
                format!(
                    r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="9"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#
                ),
            ),
        ]
    }

    fn para(style: &str, num: Option<(u32, u32)>, text: &str) -> String {
        let num = num.map_or(String::new(), |(id, lvl)| {
            format!(r#"<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{id}"/></w:numPr>"#)
        });
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="{style}"/>{num}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
        )
    }

    #[test]
    fn heading_numbers_from_list_numbering_are_read_as_word_shows_them() {
        let body = [
            para("Heading1", None, "Scope"),
            para("Normal", None, "This Recommendation covers widgets."),
            para("Heading1", None, "References"),
            "<w:p/>".to_string(),
            para("Heading1", None, "Definitions"),
            para("Heading2", None, "Terms defined in this Recommendation"),
            para(
                "Normal",
                None,
                "This Recommendation defines the following terms:",
            ),
            para("Normal", Some((9, 2)), "widget: A thing that is used."),
            para("Normal", Some((9, 2)), "gadget: A smaller thing."),
        ]
        .concat();
        let d = read(&docx_with(&body, &numbered_parts()), "n.docx").unwrap();
        let heads: Vec<(Option<String>, String)> = d
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading { number, .. } => Some((number.clone(), b.text.text().into())),
                _ => None,
            })
            .collect();
        assert_eq!(
            heads,
            [
                (Some("1".into()), "Scope".to_string()),
                (Some("2".into()), "References".into()),
                (Some("3".into()), "Definitions".into()),
                (
                    Some("3.1".into()),
                    "Terms defined in this Recommendation".into()
                ),
            ]
        );
        let entry = d
            .blocks
            .iter()
            .find(|b| b.text.text().contains("widget:"))
            .unwrap();
        assert_eq!(entry.text.text(), "3.1.1\twidget: A thing that is used.");
        assert_eq!(
            entry.text.pos(entry.text.text().find("widget:").unwrap()),
            Pos::new(8, 1)
        );
        let draft = crate::check::draft::build(d);
        let terms: Vec<(Option<&str>, &str)> = draft
            .entries()
            .iter()
            .map(|e| (e.number.as_deref(), e.term.text()))
            .collect();
        assert_eq!(
            terms,
            [(Some("3.1.1"), "widget"), (Some("3.1.2"), "gadget")]
        );
    }

    #[test]
    fn findings_in_a_docx_name_the_clause_and_the_word_paragraph() {
        use crate::check::{CheckOptions, DraftInput, RegistryView, check_draft};
        // Paragraph 4 is empty and paragraph 6 holds a text box written twice (the DrawingML
        // box and its VML fallback copy): Word counts one paragraph mark for each of 1…9 plus
        // the box's own paragraph, which comes right after its anchor.
        let text_box = r#"<w:p><w:r><mc:AlternateContent xmlns:mc="mc"><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>Boxed note.</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Boxed note.</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Anchor.</w:t></w:r></w:p>"#;
        let body = [
            para("Heading1", None, "Scope"),
            para("Heading1", None, "References"),
            para("Heading1", None, "Definitions"),
            "<w:p/>".to_string(),
            para("Heading2", None, "Terms defined in this Recommendation"),
            text_box.to_string(),
            para(
                "Normal",
                None,
                "This Recommendation defines the following terms:",
            ),
            para("Normal", Some((9, 2)), "widget: A thing that is used"),
        ]
        .concat();
        let bytes = docx_with(&body, &numbered_parts());
        let input = DraftInput {
            name: "n.docx".into(),
            bytes: &bytes,
            format: None,
        };
        let report = check_draft(&input, &CheckOptions::default(), RegistryView::empty()).unwrap();
        let end = report
            .findings
            .iter()
            .find(|f| f.rule == "definition-end")
            .unwrap_or_else(|| panic!("{:#?}", report.findings));
        assert_eq!(end.line, 9, "{end:#?}");
        assert_eq!(end.paragraph, Some(9));
        assert_eq!(end.clause.as_deref(), Some("3.1.1"));
        assert_eq!(end.clause_title.as_deref(), Some("widget"));
        assert!(end.excerpt.contains("widget: A thing"), "{end:#?}");
        let human = crate::check::report::human::render(&[crate::check::report::Outcome::Checked(
            report.clone(),
        )]);
        assert!(
            human.contains("n.docx:9:")
                && human.contains("= in: clause 3.1.1 (widget), Word paragraph 9"),
            "{human}"
        );
        let sarif =
            crate::check::report::sarif::render(&[crate::check::report::Outcome::Checked(report)]);
        let result = sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == "definition-end")
            .unwrap();
        let loc = &result["locations"][0];
        assert_eq!(loc["logicalLocations"][0]["name"], "3.1.1");
        assert_eq!(
            loc["logicalLocations"][0]["fullyQualifiedName"],
            "3.1.1 widget"
        );
        assert_eq!(loc["physicalLocation"]["region"]["startLine"], 9);
        assert_eq!(loc["properties"]["paragraph"], 9);
    }

    #[test]
    fn an_equation_ending_a_paragraph_is_noted() {
        let body = r#"<w:p><w:r><w:t>3.1 attenuation: The attenuation is </w:t></w:r><m:oMath><m:r><m:t>A=10 log x</m:t></m:r></m:oMath><w:r><w:t>.</w:t></w:r></w:p>"#;
        let d = read(&docx(body, None), "x.docx").unwrap();
        assert!(d.blocks[0].ends_with_formula);
        assert_eq!(
            d.blocks[0].text.text(),
            "3.1 attenuation: The attenuation is ."
        );
    }

    #[test]
    fn corrupt_files_are_refused_with_a_reason() {
        let err = read(b"PK\x03\x04 not really a zip", "bad.docx")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("bad.docx") && err.contains("not a valid .docx"),
            "{err}"
        );
        let mut junk = docx("<w:p><w:r><w:t>x</w:t></w:r></w:p>", None);
        junk.truncate(junk.len() / 2);
        assert!(read(&junk, "cut.docx").is_err());
        let bad_xml = docx("<w:p><w:r><w:t>x</w:r></w:p>", None);
        assert!(read(&bad_xml, "badxml.docx").is_err());
    }
}
