//! Query-string parameters parsed at the edge into domain values, with errors that name the
//! parameter, the value and what is accepted. Unknown parameters are refused so typos show.

use super::error::ApiError;
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use std::collections::BTreeMap;
use std::str::FromStr;

/// The query string as name → value, refusing a parameter given twice (which value would win is
/// a guess a client should not have to make). Rejections answer in the API's error shape.
pub struct QueryPairs(pub BTreeMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Query(pairs) = Query::<Vec<(String, String)>>::from_request_parts(parts, state).await?;
        let mut map = BTreeMap::new();
        for (name, value) in pairs {
            if map.contains_key(&name) {
                return Err(ApiError::invalid_parameter(format!(
                    "parameter '{name}' is given more than once; give it once"
                )));
            }
            map.insert(name, value);
        }
        Ok(QueryPairs(map))
    }
}

/// The one path parameter of a route (`{id}`, `{term}`), with rejections in the API's error shape.
pub struct PathParam(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathParam {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(value) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|r| {
                ApiError::invalid_parameter(format!("the path is not valid: {}", r.body_text()))
            })?;
        Ok(PathParam(value))
    }
}

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

    /// A parameter parsed with `FromStr` (numbers), `None` when absent. An empty value
    /// (`limit=`) is refused like any other value that is not a number, as the OpenAPI document
    /// says: a parameter is either given or left out.
    pub fn number<T: FromStr>(&self, name: &str, what: &str) -> Result<Option<T>, ApiError> {
        match self.values.get(name).map(|v| v.trim()) {
            None => Ok(None),
            Some("") => Err(empty(name, what)),
            Some(v) => v.parse().map(Some).map_err(|_| {
                ApiError::invalid_parameter(format!("{name} '{v}' is not valid; expected {what}"))
            }),
        }
    }

    /// A parameter from a closed vocabulary (its `FromStr` error lists the accepted values);
    /// an empty value is refused.
    pub fn named<T: FromStr<Err = String>>(&self, name: &str) -> Result<Option<T>, ApiError> {
        match self.values.get(name).map(|v| v.trim()) {
            None => Ok(None),
            Some("") => match "".parse::<T>() {
                Ok(_) => Err(empty(name, "a value")),
                Err(e) => Err(ApiError::invalid_parameter(format!("{name} is empty: {e}"))),
            },
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|e: String| ApiError::invalid_parameter(format!("{name}: {e}"))),
        }
    }
}

fn empty(name: &str, what: &str) -> ApiError {
    ApiError::invalid_parameter(format!(
        "{name} is empty; expected {what} (leave the parameter out for its default)"
    ))
}
