//! The Yew components. One stateful root ([`app::App`]) turns events into
//! [`crate::state::Action`]s and runs the effects; every other component is pure.

pub mod app;
mod batch;
mod browser;
mod create;
mod files;
mod form;
pub mod hooks;
mod job;
mod list;
mod manual;
mod panel;
mod table;

pub use app::App;

/// Mounts the monitor into `<body>` (the standalone page).
pub fn start() {
    yew::Renderer::<App>::new().render();
}
