//! The Yew components. One stateful root ([`app::App`]) turns events into
//! [`crate::state::Action`]s and runs the effects; every other component is pure.

pub mod app;
mod batch;
mod browser;
mod chart;
mod create;
mod files;
mod files_timeline;
mod form;
pub mod hooks;
mod job;
mod list;
mod manual;
mod panel;
mod table;
mod time;
mod triage;

pub use app::App;

/// Mounts the monitor into `<body>` (the standalone page).
pub fn start() {
    yew::Renderer::<App>::new().render();
}
