//! The HTTP API: the only module that imports axum. One file per resource, each with `router()`.

pub mod check;
