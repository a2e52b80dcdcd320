//! The Yew components. One stateful root ([`app::App`]) turns events into
//! [`crate::state::Action`]s and runs the effects; every other component is pure.

pub mod app;
mod batch;
pub mod browser;
mod chart;
mod create;
mod dispatch;
mod engine;
mod files;
mod files_timeline;
mod form;
mod history;
pub mod history_db;
mod history_loads;
pub mod history_queue;
pub mod hooks;
pub mod host;
mod job;
pub mod later;
mod lazy;
mod list;
mod logs;
mod manual;
mod pair;
mod panel;
mod parts;
mod prefetch;
mod readiness;
pub mod report;
mod requests;
mod servers;
pub mod slot;
mod tab_panels;
mod time;
mod toolbar;
mod triage;
mod writers;

pub use app::App;

/// Mounts the monitor (or, in an exported report, the report it carries, read-only) into an
/// element of its own at the end of `<body>`: the one-file page's scripts stay in the body, which
/// *Export report* copies (a root of `<body>` itself would replace them).
pub fn start() {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| {
        let root = d.create_element("div").ok()?;
        root.set_id("monitor-root");
        d.body()?.append_child(&root).ok()?;
        Some(root)
    }) else {
        return;
    };
    // A report is the one-file page with the report inside (`hooks::report` writes it into the
    // page `browser::one_file_page` reads); the page cut into parts never carries one, so its
    // build leaves the report's reader and view out (18 KB of the first load).
    let report = if cfg!(feature = "split") { None } else { report::embedded_report() };
    match report {
        Some(report) => {
            let props = report::ReportProps { report: std::rc::Rc::new(report) };
            yew::Renderer::<report::ReportApp>::with_root_and_props(root, props).render();
        }
        None => {
            yew::Renderer::<App>::with_root(root).render();
        }
    }
}

/// Whether two shared values are the same: by pointer first, which is how an unchanged job
/// reaches a view at every render of the page (a batch's answers re-render it some 25 times a
/// second), and only then by content. `Rc`'s own `==` compares the contents of types that are
/// not `Eq` (a timeline, a snapshot: they hold `f64`s) even when both point to one value.
fn same<T: PartialEq>(a: &std::rc::Rc<T>, b: &std::rc::Rc<T>) -> bool {
    std::rc::Rc::ptr_eq(a, b) || a == b
}
