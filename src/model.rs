//! The registry's domain types: an [`Entry`] with its [`Source`], [`Kind`], [`Status`] and
//! [`Collection`], and an [`Abbreviation`]. Values of these types are valid by construction: the
//! corpus loader parses files into them and rejects what does not fit.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Declares a closed vocabulary of snake_case names with parsing and listing, so every enum below
/// reports the same kind of "expected one of" message.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name used in corpus files, JSON and URLs.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// "a, b, c": the accepted names, for error messages.
            pub fn expected() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!("unknown {} '{}'; expected one of: {}", $what, s, Self::expected())),
                }
            }
        }
    };
}

named_enum!(
    /// Kind of source, grouped the way FGMV-02 grouped them (plus a few more).
    Kind, "kind" {
        Standards => "standards",
        Academic => "academic",
        Industry => "industry",
        Dictionary => "dictionary",
        Government => "government",
        Media => "media",
        Encyclopedia => "encyclopedia",
        Fiction => "fiction",
    }
);

named_enum!(
    /// Registry status of a designation.
    Status, "status" {
        Preferred => "preferred",
        Admitted => "admitted",
        Deprecated => "deprecated",
        Superseded => "superseded",
    }
);

named_enum!(
    /// The two collections of entries.
    Collection, "collection" {
        /// Collected definitions of *metaverse* (FGMV-02's material).
        Metaverse => "metaverse",
        /// Other terms of the FG-MV vocabulary.
        Vocabulary => "vocabulary",
    }
);

named_enum!(
    /// What a designation is, in TBX's terms (`termType`) and ISO 1087's.
    DesignationType, "designation type" {
        /// The full form of a term.
        Term => "term",
        /// A short form: an abbreviation, acronym or initialism (`XR`).
        Abbreviation => "abbreviation",
        /// A symbol.
        Symbol => "symbol",
        /// A spelling variant of another designation of the concept (`Citiverse`).
        Variant => "variant",
    }
);

named_enum!(
    /// A relation between two concepts.
    RelationKind, "relation" {
        /// The other concept is more general.
        Broader => "broader",
        /// The other concept is more specific.
        Narrower => "narrower",
        /// Associated, neither broader nor narrower.
        Related => "related",
        /// Worth reading beside this one.
        SeeAlso => "see_also",
    }
);

impl RelationKind {
    /// The relation seen from the other concept.
    pub fn inverse(self) -> RelationKind {
        match self {
            RelationKind::Broader => RelationKind::Narrower,
            RelationKind::Narrower => RelationKind::Broader,
            other => other,
        }
    }
}

// The enum is declared by a macro, so `#[derive(Default)]` cannot mark the variant.
#[allow(clippy::derivable_impls)]
impl Default for Status {
    fn default() -> Self {
        Status::Admitted
    }
}

impl Kind {
    /// The three groups FGMV-02 compared: academic, industry (business initiatives), and
    /// standards/government (international organizations). Other kinds belong to none.
    pub fn fgmv02_group(self) -> Option<&'static str> {
        match self {
            Kind::Academic => Some("academic"),
            Kind::Industry => Some("industry"),
            Kind::Standards | Kind::Government => Some("standards_government"),
            _ => None,
        }
    }
}

/// Where a definition was published and where it was read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Author or body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Title of the work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Standard or document code, e.g. `FGMV-20`, `ITU-T Y.4600`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Clause of the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// Where the source is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Who quoted it, when read second-hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cited_via: Option<String>,
    /// Where the collector read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_at: Option<String>,
    /// The source the document itself cites for this definition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defined_elsewhere_ref: Option<String>,
}

/// One registry entry: a designation, its definition and provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Entry {
    /// Stable slug, unique across the corpus.
    pub id: String,
    /// The collection the entry belongs to (its folder under `corpus/`).
    pub collection: Collection,
    /// The designation, as written by the source.
    pub term: String,
    /// The definition, verbatim.
    pub definition: String,
    /// Notes to the entry, verbatim.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Abbreviation of the term, e.g. `XR`.
    #[serde(default)]
    pub abbreviation: Option<String>,
    /// Registry status of the designation.
    #[serde(default)]
    pub status: Status,
    /// Kind of source.
    #[serde(default)]
    pub kind: Option<Kind>,
    /// Year of the source.
    #[serde(default)]
    pub year: Option<i32>,
    /// Language of the text (BCP 47 primary tag, e.g. `en`, `ja`, `it`).
    pub lang: String,
    /// Provenance.
    #[serde(default)]
    pub source: Source,
    /// Analysis flags (`second-hand`, `characterisation`, …).
    #[serde(default)]
    pub flags: Vec<String>,
}

impl Entry {
    /// True when the entry's text is English, so English stemming and stop words apply.
    pub fn is_english(&self) -> bool {
        self.lang == "en"
    }
}

/// An abbreviation with its expansion, as a source lists it.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
pub struct Abbreviation {
    /// The short form, e.g. `XR`.
    pub abbreviation: String,
    /// The long form, e.g. `extended reality`.
    pub expansion: String,
    /// The document that lists it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_document: Option<String>,
    /// Where the collector read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_kind_names_the_value_and_the_accepted_ones() {
        let err = "acadmic".parse::<Kind>().unwrap_err();
        assert_eq!(
            err,
            "unknown kind 'acadmic'; expected one of: standards, academic, industry, dictionary, \
             government, media, encyclopedia, fiction"
        );
    }

    #[test]
    fn names_round_trip() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>().unwrap(), *k);
        }
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), *s);
        }
    }
}
