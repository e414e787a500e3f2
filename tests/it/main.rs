//! One integration-test binary: the API through the router, the CLI through the built binary,
//! and the committed corpus against the collected data it was imported from.

mod api;
mod api_check;
mod api_compare;
mod api_contract;
mod api_search;
mod check_cancel;
mod check_cli;
mod check_concepts;
mod check_props;
mod cli;
mod cli_compare;
mod clusters_keyness;
mod concepts;
mod corpus;
mod exchange;
mod helpers;
mod history;
mod index;
mod pages_analysis;
mod pages_entry;
mod pages_safety;
mod pages_search;
mod server;
