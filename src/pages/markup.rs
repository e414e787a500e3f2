//! The little markup the pages write by hand: highlighted snippets (escaped text with our own
//! `<mark>`), and the check that a source's URL may become a link.

use crate::search::highlight::Highlight;
use askama::filters::{Escaper, Html};

/// Escapes text for HTML character data and attribute values (askama's own escaper).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Writing to a String cannot fail.
    let _ = Html.write_escaped_str(&mut out, text);
    out
}

/// A highlighted snippet as HTML in which the only tags are our own `<mark>`s. The search's
/// `html` is read back into runs of text, marked or not; the runs must give back the snippet's
/// plain text exactly, else the snippet is shown unmarked. Each run is escaped here, so nothing
/// of the corpus or the query can become markup.
pub fn marked(highlight: &Highlight) -> String {
    match runs(&highlight.html) {
        Some(runs)
            if runs
                .iter()
                .map(|(t, _)| t.as_str())
                .eq(split(&highlight.text, &runs)) =>
        {
            let mut out = String::with_capacity(highlight.html.len() + 16);
            for (text, mark) in &runs {
                if *mark {
                    out.push_str("<mark>");
                    out.push_str(&escape(text));
                    out.push_str("</mark>");
                } else {
                    out.push_str(&escape(text));
                }
            }
            out
        }
        _ => escape(&highlight.text),
    }
}

/// `text` cut at the lengths of `runs` (so the comparison above is run by run); a text of
/// another length yields a piece that cannot match.
fn split<'a>(text: &'a str, runs: &[(String, bool)]) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(runs.len());
    let mut at = 0;
    for (run, _) in runs {
        match text.get(at..at + run.len()) {
            Some(piece) => out.push(piece),
            None => return vec![text],
        }
        at += run.len();
    }
    if at != text.len() {
        return vec![text];
    }
    out
}

/// The runs of escaped text and `<mark>` elements in `html`; `None` for anything else (another
/// tag, an entity we do not write, nested or unclosed marks).
fn runs(html: &str) -> Option<Vec<(String, bool)>> {
    const ENTITIES: [(&str, char); 5] = [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
    ];
    let mut out = Vec::new();
    let mut run = String::new();
    let mut marked = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("<mark>") {
            if marked {
                return None;
            }
            if !run.is_empty() {
                out.push((std::mem::take(&mut run), false));
            }
            marked = true;
            rest = after;
        } else if let Some(after) = rest.strip_prefix("</mark>") {
            if !marked {
                return None;
            }
            out.push((std::mem::take(&mut run), true));
            marked = false;
            rest = after;
        } else if c == '&' {
            let (entity, ch) = ENTITIES.iter().find(|(e, _)| rest.starts_with(e))?;
            run.push(*ch);
            rest = &rest[entity.len()..];
        } else if c == '<' || c == '>' {
            return None;
        } else {
            run.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if marked {
        return None;
    }
    if !run.is_empty() {
        out.push((run, false));
    }
    Some(out)
}

/// The URL when it may become a link: an absolute `http` or `https` URL without spaces or
/// control characters. Anything else (`javascript:`, `data:`, relative paths) is shown as text.
pub fn safe_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme_ok = lower.starts_with("https://") || lower.starts_with("http://");
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    (scheme_ok && clean && url.len() > "http://".len()).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlight(text: &str, html: &str) -> Highlight {
        Highlight {
            field: "definition",
            text: text.into(),
            html: html.into(),
        }
    }

    #[test]
    fn marks_are_kept_and_the_text_is_escaped_again() {
        let h = highlight(
            "A <virtual> world & \"more\"",
            "A &lt;virtual&gt; <mark>world</mark> &amp; &quot;more&quot;",
        );
        assert_eq!(
            marked(&h),
            "A &#60;virtual&#62; <mark>world</mark> &#38; &#34;more&#34;"
        );
    }

    #[test]
    fn markup_that_is_not_ours_shows_the_plain_text_escaped() {
        let h = highlight("a <b>x</b>", "a <b>x</b>");
        assert_eq!(marked(&h), "a &#60;b&#62;x&#60;/b&#62;");
        let h = highlight("x", "<mark>x");
        assert_eq!(marked(&h), "x");
    }

    #[test]
    fn an_html_that_does_not_give_back_the_text_is_not_trusted() {
        let h = highlight("plain", "<mark>other</mark>");
        assert_eq!(marked(&h), "plain");
    }

    #[test]
    fn only_http_and_https_urls_become_links() {
        assert_eq!(
            safe_url("https://www.itu.int/x"),
            Some("https://www.itu.int/x")
        );
        assert_eq!(safe_url(" HTTP://a.b/ "), Some("HTTP://a.b/"));
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>",
            "//evil.example",
            "/entries/x",
            "http://",
            "https://a b",
            "vbscript:x",
        ] {
            assert_eq!(safe_url(bad), None, "{bad}");
        }
    }
}
