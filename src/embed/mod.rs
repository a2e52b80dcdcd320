//! The JavaScript API of the npm package, one file per concern, as Perspective's viewer does:
//!
//! - [`types`]: the TypeScript types, the option objects and the error object;
//! - [`api`]: `parseImportProgress`, `fetchImportProgress`, `listImportJobs`;
//! - [`insight`]: `explainImportFailure`, `summarizeImportPhases`;
//! - [`monitor`]: the `ImportMonitor` class, whose methods dispatch actions to the widget;
//! - [`events`]: the `CustomEvent`s it dispatches;
//! - [`element`]: the `<milvus-import-monitor>` custom element.

pub mod api;
pub mod element;
pub mod events;
pub mod insight;
pub mod monitor;
pub mod types;
