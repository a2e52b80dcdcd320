//! Watch Milvus bulk-import jobs.
//!
//! - [`model`]: what the import API returns, read leniently across server versions;
//! - [`client`]: building requests, decoding answers, and sending them through fetch;
//! - [`ApiError`]: every failure, with a message that says what to do;
//! - [`link`] and [`history`]: the page's shareable link, and the copy of each job kept in
//!   this browser;
//! - [`failure`]: which file and cause a failed job's reason names;
//! - [`job_id`]: what a job ID encodes (its creation time) before the server is asked;
//! - [`policy`]: when polling starts, slows, retries and stops;
//! - [`watch`] and [`state`]: what the job is doing and the page's state, pure Rust;
//! - [`attributes`]: what the custom element's attributes and the JS options mean;
//! - [`declaration`]: the custom element as hosts see it (attributes, events, parts, theme);
//! - `view` (wasm, `ui` feature): the Yew components; `embed` (wasm, `npm` feature): the JS
//!   API (its widget parts need `ui` too; without it, the package's reader).

// Network data must never panic the page (release builds abort on panic).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice, clippy::panic)]
// No function over 80 lines (clippy.toml): a longer one is two functions.
#![warn(clippy::too_many_lines)]

pub mod attributes;
pub mod client;
pub mod connections;
pub mod declaration;
#[cfg(all(target_arch = "wasm32", feature = "npm"))]
pub mod embed;
mod error;
pub mod export;
pub mod flat_json;
pub mod format;
pub mod history;
pub mod host;
pub mod job;
pub mod link;
pub mod loglink;
pub mod policy;
pub mod precheck;
pub mod readiness;
pub mod reimport;
pub mod report;
pub mod state;
pub mod storage;
pub mod timeline;
#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod view;

pub use error::{ApiError, ErrorKind, NetworkCause, ERROR_KINDS_TYPESCRIPT};
/// The model: what the import API returns (the `milvus-import-wire` crate, see its docs).
pub use milvus_import_wire as model;
