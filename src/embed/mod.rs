//! The JavaScript API of the npm package, one file per concern, as Perspective's viewer does:
//!
//! - [`types`]: the TypeScript types, the option objects and the error object;
//! - [`api`]: `parseImportProgress`, `fetchImportProgress`, `listImportJobs`;
//! - [`insight`]: `explainImportFailure`, `summarizeImportPhases`;
//! - [`monitor`]: the `ImportMonitor` class, whose methods dispatch actions to the widget;
//! - [`events`]: the `CustomEvent`s it dispatches;
//! - [`element`]: what the `<milvus-import-monitor>` element's JavaScript calls.
//!
//! Without the `ui` feature only the first three are built: the package's reader.

pub mod api;
#[cfg(feature = "ui")]
pub mod element;
#[cfg(feature = "ui")]
pub mod events;
pub mod insight;
#[cfg(feature = "ui")]
pub mod monitor;
pub mod types;
