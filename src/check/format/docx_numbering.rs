//! Word list numbering (`word/numbering.xml`) and the numbering paragraph styles carry
//! (`word/styles.xml`): the numbers Word shows in front of headings and numbered paragraphs
//! ("3", "3.2", "3.2.1", "Annex A") though the paragraph's text does not contain them.
//!
//! Counting follows Word: one set of counters per abstract list, shared by the numbering
//! instances that use it; a level counts on from its start value and restarts when a higher
//! level is used; an instance with a start override restarts its level the first time it is used.

use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, BTreeSet};

/// One level of an abstract list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Level {
    start: usize,
    format: String,
    text: String,
    legal: bool,
}

/// A numbering instance (`w:num`): its abstract list and start overrides by level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Instance {
    abstract_id: String,
    start_overrides: BTreeMap<usize, usize>,
}

/// What a paragraph style says about numbering and outline level, inheritance resolved on use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
    outline: Option<usize>,
}

/// The numbering definitions of a .docx and the counters of a pass over its paragraphs.
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    abstracts: BTreeMap<String, Vec<Level>>,
    instances: BTreeMap<String, Instance>,
    styles: BTreeMap<String, Style>,
    counters: BTreeMap<String, [Option<usize>; 9]>,
    restarted: BTreeSet<String>,
}

fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// One step through an XML part: an element opens (`true` when it also closes at once) or closes.
enum Tag<'a> {
    Open(&'a BytesStart<'a>, bool),
    Close(&'a [u8]),
}

/// Walks the elements of `xml` in order, up to its end or its first malformed spot.
fn walk(xml: &str, mut f: impl FnMut(Tag)) {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => f(Tag::Open(&e, false)),
            Ok(Event::Empty(e)) => f(Tag::Open(&e, true)),
            Ok(Event::End(e)) => f(Tag::Close(e.name().as_ref())),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
}

fn number_attr(e: &BytesStart) -> Option<usize> {
    attr(e, b"w:val").and_then(|v| v.parse().ok())
}

impl Numbering {
    /// Reads `numbering.xml` and `styles.xml` (either may be missing or unreadable: then nothing
    /// is numbered from it).
    pub fn new(numbering_xml: Option<&str>, styles_xml: Option<&str>) -> Numbering {
        let mut n = Numbering::default();
        if let Some(xml) = numbering_xml {
            n.read_numbering(xml);
        }
        if let Some(xml) = styles_xml {
            n.read_styles(xml);
        }
        n
    }

    fn read_numbering(&mut self, xml: &str) {
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut num: Option<(String, Instance)> = None;
        let mut override_level: Option<usize> = None;
        walk(xml, |tag| {
            let (e, empty) = match tag {
                Tag::Close(name) => {
                    match name {
                        b"w:lvl" => {
                            if let (Some(id), Some((i, l))) = (&abstract_id, level.take()) {
                                let levels = self.abstracts.entry(id.clone()).or_default();
                                if levels.len() <= i {
                                    levels.resize(i + 1, Level::default());
                                }
                                levels[i] = l;
                            }
                        }
                        b"w:abstractNum" => abstract_id = None,
                        b"w:num" => {
                            if let Some((id, inst)) = num.take() {
                                self.instances.insert(id, inst);
                            }
                        }
                        b"w:lvlOverride" => override_level = None,
                        _ => {}
                    }
                    return;
                }
                Tag::Open(e, empty) => (e, empty),
            };
            match e.name().as_ref() {
                b"w:abstractNum" if !empty => abstract_id = attr(e, b"w:abstractNumId"),
                b"w:lvl" if !empty && abstract_id.is_some() => {
                    let i = attr(e, b"w:ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    level = (i < 9).then(|| {
                        (
                            i,
                            Level {
                                start: 1,
                                format: "decimal".into(),
                                ..Level::default()
                            },
                        )
                    });
                }
                b"w:start" => {
                    if let (Some((_, l)), Some(v)) = (&mut level, number_attr(e)) {
                        l.start = v;
                    }
                }
                b"w:numFmt" => {
                    if let (Some((_, l)), Some(v)) = (&mut level, attr(e, b"w:val")) {
                        l.format = v;
                    }
                }
                b"w:lvlText" => {
                    if let (Some((_, l)), Some(v)) = (&mut level, attr(e, b"w:val")) {
                        l.text = v;
                    }
                }
                b"w:isLgl" => {
                    if let Some((_, l)) = &mut level {
                        l.legal = !matches!(attr(e, b"w:val").as_deref(), Some("0" | "false"));
                    }
                }
                b"w:num" if !empty => {
                    if let Some(id) = attr(e, b"w:numId") {
                        num = Some((id, Instance::default()));
                    }
                }
                b"w:abstractNumId" => {
                    if let (Some((_, inst)), Some(v)) = (&mut num, attr(e, b"w:val")) {
                        inst.abstract_id = v;
                    }
                }
                b"w:lvlOverride" if !empty => {
                    override_level = attr(e, b"w:ilvl").and_then(|v| v.parse().ok());
                }
                b"w:startOverride" => {
                    if let (Some((_, inst)), Some(i), Some(v)) =
                        (&mut num, override_level, number_attr(e))
                    {
                        inst.start_overrides.insert(i, v);
                    }
                }
                _ => {}
            }
        });
    }

    fn read_styles(&mut self, xml: &str) {
        let mut current: Option<(String, Style)> = None;
        let mut in_ppr = false;
        walk(xml, |tag| {
            let (e, empty) = match tag {
                Tag::Close(name) => {
                    match name {
                        b"w:style" => {
                            if let Some((id, s)) = current.take() {
                                self.styles.insert(id, s);
                            }
                        }
                        b"w:pPr" => in_ppr = false,
                        _ => {}
                    }
                    return;
                }
                Tag::Open(e, empty) => (e, empty),
            };
            let Some((_, style)) = current.as_mut() else {
                if e.name().as_ref() == b"w:style" && !empty {
                    current = attr(e, b"w:styleId").map(|id| (id, Style::default()));
                }
                return;
            };
            match e.name().as_ref() {
                b"w:basedOn" => style.based_on = attr(e, b"w:val"),
                b"w:pPr" if !empty => in_ppr = true,
                b"w:numId" if in_ppr => style.num_id = attr(e, b"w:val"),
                b"w:ilvl" if in_ppr => style.ilvl = number_attr(e),
                b"w:outlineLvl" if in_ppr => style.outline = number_attr(e).filter(|&l| l < 9),
                _ => {}
            }
        });
    }

    /// A style's numbering (instance, level) and outline level, looked up the `basedOn` chain.
    fn style_props(&self, style: &str) -> (Option<String>, Option<usize>, Option<usize>) {
        let (mut num, mut ilvl, mut outline) = (None, None, None);
        let mut at = Some(style.to_string());
        for _ in 0..16 {
            let Some(s) = at.as_ref().and_then(|id| self.styles.get(id)) else {
                break;
            };
            num = num.or_else(|| s.num_id.clone());
            ilvl = ilvl.or(s.ilvl);
            outline = outline.or(s.outline);
            at = s.based_on.clone();
        }
        (num, ilvl, outline)
    }

    /// The outline level a paragraph style gives (0-based), if any.
    pub fn style_outline(&self, style: &str) -> Option<usize> {
        self.style_props(style).2
    }

    /// The numbering (instance id, 0-based level) of a paragraph with `style` and its own
    /// `w:numPr` values, when it is numbered at all.
    pub fn resolve(
        &self,
        style: &str,
        num_id: Option<&str>,
        ilvl: Option<usize>,
    ) -> Option<(String, usize)> {
        let (style_num, style_ilvl, _) = self.style_props(style);
        let num = num_id.map(str::to_string).or(style_num)?;
        if num == "0" || !self.instances.contains_key(&num) {
            return None;
        }
        Some((num, ilvl.or(style_ilvl).unwrap_or(0).min(8)))
    }

    /// Counts one numbered paragraph and gives the label Word shows before it ("3.2", "Annex A",
    /// "a)"); `None` for bullets and levels without a number.
    pub fn next(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        let inst = self.instances.get(num_id)?.clone();
        let levels = self.abstracts.get(&inst.abstract_id)?.clone();
        let level = levels.get(ilvl)?;
        let counters = self.counters.entry(inst.abstract_id.clone()).or_default();
        if self.restarted.insert(num_id.to_string()) {
            for (&i, &start) in &inst.start_overrides {
                if i < 9 {
                    counters[i] = None;
                    if i == ilvl {
                        counters[i] = Some(start.saturating_sub(1));
                    }
                }
            }
        }
        let start_of = |i: usize| {
            inst.start_overrides
                .get(&i)
                .copied()
                .or(levels.get(i).map(|l| l.start))
                .unwrap_or(1)
        };
        counters[ilvl] = Some(counters[ilvl].map_or(start_of(ilvl), |c| c + 1));
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = None;
        }
        if level.format == "bullet" {
            return None;
        }
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars.peek().and_then(|d| d.to_digit(10));
            match (c, digit) {
                ('%', Some(d)) if (1..=9).contains(&d) => {
                    chars.next();
                    let i = d as usize - 1;
                    let value = counters[i].unwrap_or_else(|| start_of(i));
                    let format = if level.legal {
                        "decimal"
                    } else {
                        levels.get(i).map_or("decimal", |l| l.format.as_str())
                    };
                    label.push_str(&format_number(value, format));
                }
                _ => label.push(c),
            }
        }
        let label = label.trim().to_string();
        (!label.is_empty()).then_some(label)
    }
}

/// A counter value in a Word number format.
fn format_number(n: usize, format: &str) -> String {
    match format {
        "upperLetter" | "lowerLetter" => {
            // Word repeats the letter past Z: AA, BB …
            let letter = (b'A' + ((n.max(1) - 1) % 26) as u8) as char;
            let s: String = std::iter::repeat_n(letter, (n.max(1) - 1) / 26 + 1).collect();
            if format == "lowerLetter" {
                s.to_lowercase()
            } else {
                s
            }
        }
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "decimalZero" => format!("{n:02}"),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/><w:pPr><w:ind w:left="0"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="Annex %1"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
  <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>
</w:numbering>"#;

    const STYLES: &str = r#"<w:styles xmlns:w="w">
<w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Plain"><w:rPr><w:b/></w:rPr></w:style>
</w:styles>"#;

    #[test]
    fn headings_numbered_by_their_style_count_like_word() {
        let mut n = Numbering::new(Some(NUMBERING), Some(STYLES));
        let mut label = |style: &str, num: Option<&str>, ilvl: Option<usize>| {
            let (id, lvl) = n.resolve(style, num, ilvl)?;
            n.next(&id, lvl)
        };
        assert_eq!(label("Heading1", None, None).as_deref(), Some("1"));
        assert_eq!(label("Heading1", None, None).as_deref(), Some("2"));
        assert_eq!(label("Heading2", None, None).as_deref(), Some("2.1"));
        assert_eq!(label("Heading2", None, None).as_deref(), Some("2.2"));
        // A list level set on the paragraph itself wins over the style's.
        assert_eq!(label("Plain", Some("1"), Some(2)).as_deref(), Some("2.2.1"));
        assert_eq!(label("Heading1", None, None).as_deref(), Some("3"));
        assert_eq!(label("Heading2", None, None).as_deref(), Some("3.1"));
        assert_eq!(label("Plain", None, None), None);
        assert_eq!(label("Plain", Some("0"), Some(0)), None);
        assert_eq!(label("Plain", Some("3"), Some(0)), None);
        assert_eq!(
            label("Plain", Some("2"), Some(0)).as_deref(),
            Some("Annex A")
        );
        assert_eq!(
            label("Plain", Some("2"), Some(0)).as_deref(),
            Some("Annex B")
        );
        // An instance with a start override restarts the shared list once.
        assert_eq!(label("Plain", Some("4"), Some(0)).as_deref(), Some("7"));
        assert_eq!(label("Heading1", None, None).as_deref(), Some("8"));
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(2, "lowerLetter"), "b");
        assert_eq!(format_number(27, "upperLetter"), "AA");
        assert_eq!(format_number(3, "decimal"), "3");
    }

    #[test]
    fn missing_or_broken_parts_number_nothing() {
        let mut n = Numbering::new(None, Some("<w:styles><w:style"));
        assert_eq!(n.resolve("Heading1", Some("1"), Some(0)), None);
        assert_eq!(n.next("1", 0), None);
    }
}
