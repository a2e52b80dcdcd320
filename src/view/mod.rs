//! The Yew components. One stateful root ([`app::App`]) turns events into
//! [`crate::state::Action`]s and runs the effects; every other component is pure.

pub mod app;
mod browser;
mod create;
mod files;
mod form;
mod job;
mod list;

pub use app::App;

/// Mounts the monitor into `<body>` (the standalone page).
pub fn start() {
    yew::Renderer::<App>::new().render();
}
