//! Markdown drafts: `#` headings (the clause number in the title gives the level), paragraphs, list
//! items and table rows; emphasis, code spans and links are reduced to their text; struck-out text
//! (`~~…~~`, `<del>`), HTML comments, code blocks and front matter are not live text.

use super::inline::LineText;
use super::suppression::parse_suppression;
use super::text::{Assembler, SourceLine};
use crate::check::draft::block::ReadDraft;

/// Reads a Markdown draft.
pub fn read(src: &str) -> ReadDraft {
    let mut lines = Assembler::new(true);
    let mut suppressions = Vec::new();
    let mut fence: Option<&str> = None;
    let mut in_comment = false;
    let mut in_front_matter = false;
    // Whether the last heading is an abbreviations clause: a PDF conversion puts the clause's
    // list in a code block ("```" then "API Application Programming Interface" lines, as ETSI
    // GS texts come out), and there its lines are the list, one item a line.
    let mut under_abbreviations = false;
    for (i, raw) in src.lines().enumerate() {
        if lines.stopped() {
            break;
        }
        let line_no = i + 1;
        let t = raw.trim();
        if i == 0 && t == "---" {
            in_front_matter = true;
            lines.push(SourceLine::Skip);
            continue;
        }
        if in_front_matter {
            in_front_matter = t != "---" && t != "...";
            lines.push(SourceLine::Skip);
            continue;
        }
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
                lines.push(SourceLine::Skip);
            } else if under_abbreviations && !t.is_empty() {
                let mut lt = LineText::new(raw, line_no);
                let lead = raw.len() - raw.trim_start().len();
                lt.keep(lead..raw.trim_end().len());
                lines.push(SourceLine::Text {
                    text: lt.finish(),
                    new_item: true,
                });
            } else {
                lines.push(SourceLine::Skip);
            }
            continue;
        }
        if !in_comment && (t.starts_with("```") || t.starts_with("~~~")) {
            fence = Some(&t[..3]);
            lines.push(SourceLine::Skip);
            continue;
        }
        let (text, still_in_comment) = clean_line(raw, line_no, in_comment, &mut suppressions);
        let was_in_comment = in_comment;
        in_comment = still_in_comment;
        let visible = text.text().trim();
        if visible.is_empty() {
            let only_comment = was_in_comment || raw.contains("<!--");
            lines.push(if only_comment && !t.is_empty() {
                SourceLine::Skip
            } else {
                SourceLine::Blank
            });
            continue;
        }
        if t.starts_with('|') && t.trim_matches(['|', '-', ':', ' ']).is_empty() {
            lines.push(SourceLine::Skip); // table separator row
            continue;
        }
        if (t.starts_with("---") || t.starts_with("***") || t.starts_with("___"))
            && t.chars().all(|c| matches!(c, '-' | '*' | '_' | ' '))
        {
            lines.push(SourceLine::Blank); // thematic break
            continue;
        }
        let hashes = visible.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && visible[hashes..].starts_with(' ') {
            let start = text.text().find('#').unwrap_or(0) + hashes;
            let title = text.slice(start..text.text().len()).trim();
            let title = title.slice(0..title.text().trim_end_matches('#').trim_end().len());
            under_abbreviations = is_abbreviations_heading(title.text());
            lines.push(SourceLine::Heading {
                level: hashes,
                text: title,
            });
            continue;
        }
        let lead = text.text().len() - text.text().trim_start().len();
        let body = text.text()[lead..].to_string();
        let marker = list_marker(&body);
        let table = body.starts_with('|');
        let text = text.slice(lead + marker..text.text().len());
        lines.push(SourceLine::Text {
            text,
            new_item: marker > 0 || table,
        });
    }
    lines.finish(src, None, suppressions)
}

/// Whether a heading's title, its clause number aside, names an abbreviations clause ("3.3
/// Abbreviations").
fn is_abbreviations_heading(title: &str) -> bool {
    let words = title.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
    crate::check::draft::is_abbreviations_title(words)
}

/// Length of a bullet list marker ("- ", "* ", "+ ", "> ") at the start of `s`.
fn list_marker(s: &str) -> usize {
    let mut n = 0;
    let b = s.as_bytes();
    while n + 1 < b.len() && matches!(b[n], b'-' | b'*' | b'+' | b'>') && b[n + 1] == b' ' {
        n += 2;
        while n < b.len() && b[n] == b' ' {
            n += 1;
        }
    }
    n
}

/// Reduces one line to its live text. Returns whether an HTML comment is still open at its end.
fn clean_line(
    raw: &str,
    line_no: usize,
    mut in_comment: bool,
    suppressions: &mut Vec<(usize, Vec<String>)>,
) -> (crate::check::draft::located::Located, bool) {
    let mut out = LineText::new(raw, line_no);
    let b = raw.as_bytes();
    let mut i = 0;
    let mut keep_from = 0;
    let mut comment_start = 0;
    let starts = |i: usize, pat: &str| raw.get(i..).is_some_and(|s| s.starts_with(pat));
    if in_comment {
        keep_from = usize::MAX;
    }
    while i < b.len() {
        if in_comment {
            if starts(i, "-->") {
                if let Some(rules) = parse_suppression(&raw[comment_start..i]) {
                    suppressions.push((line_no, rules));
                }
                in_comment = false;
                i += 3;
                keep_from = i;
            } else {
                i += 1;
            }
            continue;
        }
        let skip_to = if starts(i, "<!--") {
            in_comment = true;
            comment_start = i;
            Some(i)
        } else if starts(i, "~~") {
            raw[i + 2..].find("~~").map(|e| i + 2 + e + 2)
        } else if starts(i, "<del>") || starts(i, "<s>") {
            let close = if starts(i, "<del>") { "</del>" } else { "</s>" };
            raw[i..].find(close).map(|e| i + e + close.len())
        } else if starts(i, "![") {
            image_end(raw, i)
        } else {
            None
        };
        if let Some(end) = skip_to {
            out.keep(keep_from..i);
            if in_comment {
                i += 4;
                keep_from = usize::MAX;
                continue;
            }
            out.insert(" ");
            i = end;
            keep_from = i;
            continue;
        }
        let c = b[i];
        let drop = match c {
            b'*' | b'`' => true,
            b'_' => is_emphasis_underscore(b, i),
            b'\\' => i + 1 < b.len() && b[i + 1].is_ascii_punctuation(),
            b'<' => html_tag_end(raw, i).is_some(),
            b']' => starts(i, "]("),
            b'[' => link_text_follows(raw, i),
            _ => false,
        };
        if drop {
            out.keep(keep_from..i);
            i = if c == b'<' {
                html_tag_end(raw, i).unwrap_or(i + 1)
            } else if c == b']' {
                raw[i..].find(')').map_or(i + 1, |e| i + e + 1)
            } else {
                i + 1
            };
            keep_from = i;
            if c == b'\\' {
                i += 1; // keep the escaped character
            }
            continue;
        }
        i += raw[i..].chars().next().map_or(1, char::len_utf8);
    }
    if !in_comment && keep_from != usize::MAX {
        out.keep(keep_from..b.len());
    } else if in_comment && keep_from == usize::MAX {
        // nothing kept after the comment opened
    }
    (out.finish(), in_comment)
}

fn is_emphasis_underscore(b: &[u8], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| b[j]);
    let after = b.get(i + 1).copied();
    let word = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    !(word(before) && word(after))
}

fn html_tag_end(raw: &str, i: usize) -> Option<usize> {
    let rest = &raw[i..];
    let close = rest.find('>')?;
    let tag = &rest[1..close];
    let name = tag.trim_start_matches('/');
    let ok = !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " =\"'-/:.#;".contains(c));
    ok.then_some(i + close + 1)
}

fn link_text_follows(raw: &str, i: usize) -> bool {
    // "[text](url)": drop the bracket only when a link target follows its closing bracket.
    raw[i + 1..]
        .find(']')
        .is_some_and(|e| raw[i + 1 + e + 1..].starts_with('('))
}

fn image_end(raw: &str, i: usize) -> Option<usize> {
    let close = raw[i..].find("](")? + i;
    raw[close..].find(')').map(|e| close + e + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::draft::block::BlockKind;
    use crate::check::draft::located::Pos;

    #[test]
    fn markup_is_not_live_text_but_columns_still_point_at_the_source() {
        let src = "## 3.2 Terms defined here\n\n**3.2.1 metaverse** [b-FGMV-20]: An *integrative* ecosystem ~~old~~ of [worlds](http://x).\n";
        let d = read(src);
        match &d.blocks[0].kind {
            BlockKind::Heading { level, number, .. } => {
                assert_eq!((*level, number.as_deref()), (2, Some("3.2")));
            }
            k => panic!("{k:?}"),
        }
        let p = &d.blocks[1].text;
        assert_eq!(
            p.text(),
            "3.2.1 metaverse [b-FGMV-20]: An integrative ecosystem   of worlds."
        );
        let at = p.text().find("worlds").unwrap();
        assert_eq!(p.pos(at), Pos::new(3, 73));
    }

    #[test]
    fn comments_and_code_are_skipped_and_suppressions_kept() {
        let src = "<!-- mvterms-allow: term-case -->\n3.2.1 Foo: bar.\n\n<!--\nhidden\n-->\n```\ncode\n```\ntext <!-- mvterms-allow: definition-end --> after\n";
        let d = read(src);
        let texts: Vec<_> = d.blocks.iter().map(|b| b.text.text().to_string()).collect();
        assert_eq!(texts, vec!["3.2.1 Foo: bar.", "text  after"]);
        assert_eq!(d.suppressions.len(), 2);
        assert_eq!(d.suppressions[1].0, 10);
    }

    #[test]
    fn list_items_and_underscores_inside_words() {
        let d = read("- XR: extended_reality\n- VR: virtual reality\n");
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(d.blocks[0].text.text(), "XR: extended_reality");
    }
}
