//! The pages' links: search states as query strings (every state of the search page is a
//! shareable GET URL), and the paths of entries and terms.

use crate::search::{Group, SearchRequest};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Characters left as they are in a path segment (RFC 3986 unreserved).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Text as one path segment, percent-encoded.
pub fn segment(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

/// `/entries/{id}`.
pub fn entry(id: &str) -> String {
    format!("/entries/{}", utf8_percent_encode(id, SEGMENT))
}

/// `/terms/{term}`.
pub fn term(term: &str) -> String {
    format!("/terms/{}", utf8_percent_encode(term, SEGMENT))
}

/// `/compare?ids=…&ids=…`.
pub fn compare<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for id in ids {
        query.append_pair("ids", id);
    }
    format!("/compare?{}", query.finish())
}

/// `/characteristics#{id}`: a characteristic in the table.
pub fn characteristic(id: &str) -> String {
    format!("/characteristics#{}", utf8_percent_encode(id, SEGMENT))
}

/// The search page's parameters, in a fixed order (the API's names), without the offset: the
/// state a link keeps while it changes one parameter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchState {
    pairs: Vec<(&'static str, String)>,
}

/// The parameters in the order links write them.
const ORDER: [&str; 10] = crate::search::PARAMETERS;

impl SearchState {
    /// The state of a request (its offset left out; `limit` only when not the default).
    pub fn of(request: &SearchRequest) -> SearchState {
        let mut state = SearchState::default();
        let q = request.q.trim();
        if !q.is_empty() {
            state.pairs.push(("q", q.to_string()));
        }
        let optional = [
            ("collection", request.collection.map(|c| c.to_string())),
            ("kind", request.kind.map(|k| k.to_string())),
            ("year_from", request.year_from.map(|y| y.to_string())),
            ("year_to", request.year_to.map(|y| y.to_string())),
            ("term", request.term.clone()),
            ("source", request.source.clone()),
            (
                "group",
                request.group.map(|g| match g {
                    Group::Term => "term".to_string(),
                }),
            ),
            (
                "limit",
                (request.limit != 10).then(|| request.limit.to_string()),
            ),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                state.pairs.push((name, value));
            }
        }
        state
    }

    /// The value of a parameter.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The same state with `name` set to `value` (or removed with `None`).
    pub fn with(&self, name: &'static str, value: Option<&str>) -> SearchState {
        let mut pairs: Vec<(&'static str, String)> = self
            .pairs
            .iter()
            .filter(|(n, _)| *n != name)
            .cloned()
            .collect();
        if let Some(value) = value {
            pairs.push((name, value.to_string()));
        }
        pairs.sort_by_key(|(n, _)| ORDER.iter().position(|o| o == n));
        SearchState { pairs }
    }

    /// The URL of this state (`/?q=…&kind=…`), at `offset`.
    pub fn href_at(&self, offset: usize) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.pairs {
            query.append_pair(name, value);
        }
        if offset > 0 {
            query.append_pair("offset", &offset.to_string());
        }
        let query = query.finish();
        if query.is_empty() {
            "/".to_string()
        } else {
            format!("/?{query}")
        }
    }

    /// The URL of this state, first page.
    pub fn href(&self) -> String {
        self.href_at(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    #[test]
    fn a_state_keeps_the_other_parameters_when_one_changes() {
        let mut request = SearchRequest::new("avatar & <b>");
        request.kind = Some(Kind::Academic);
        request.offset = 20;
        let state = SearchState::of(&request);
        assert_eq!(state.href(), "/?q=avatar+%26+%3Cb%3E&kind=academic");
        let narrowed = state.with("collection", Some("vocabulary"));
        assert_eq!(
            narrowed.href_at(10),
            "/?q=avatar+%26+%3Cb%3E&collection=vocabulary&kind=academic&offset=10"
        );
        assert_eq!(
            narrowed.with("kind", None).href(),
            "/?q=avatar+%26+%3Cb%3E&collection=vocabulary"
        );
    }

    #[test]
    fn paths_encode_their_segment() {
        assert_eq!(term("digital twin/x?"), "/terms/digital%20twin%2Fx%3F");
        assert_eq!(entry("ball-2022"), "/entries/ball-2022");
        assert_eq!(compare(["a", "b c"]), "/compare?ids=a&ids=b+c");
    }
}
