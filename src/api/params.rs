//! Query-string parameters parsed at the edge into domain values, with errors that name the
//! parameter, the value and what is accepted. Unknown parameters are refused so typos show.

use super::error::ApiError;
use std::collections::BTreeMap;
use std::str::FromStr;

/// The query string as given.
pub struct Params {
    values: BTreeMap<String, String>,
}

impl Params {
    /// Checks that only `allowed` parameters are present.
    pub fn new(values: BTreeMap<String, String>, allowed: &[&str]) -> Result<Self, ApiError> {
        if let Some(unknown) = values.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(ApiError::invalid_parameter(format!(
                "unknown parameter '{unknown}'; expected one of: {}",
                allowed.join(", ")
            )));
        }
        Ok(Params { values })
    }

    /// A string parameter.
    pub fn text(&self, name: &str) -> Option<String> {
        self.values.get(name).cloned()
    }

    /// A parameter parsed with `FromStr` (numbers), or `default` when absent.
    pub fn number<T: FromStr>(&self, name: &str, what: &str) -> Result<Option<T>, ApiError> {
        match self
            .values
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| {
                ApiError::invalid_parameter(format!("{name} '{v}' is not valid; expected {what}"))
            }),
        }
    }

    /// A parameter from a closed vocabulary (its `FromStr` error lists the accepted values).
    pub fn named<T: FromStr<Err = String>>(&self, name: &str) -> Result<Option<T>, ApiError> {
        match self
            .values
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|e: String| ApiError::invalid_parameter(format!("{name}: {e}"))),
        }
    }
}
