//! `ImportMonitor`: the widget mounted into an element, driven by its host through methods
//! that dispatch actions straight to the widget's reducer.

use super::events::dispatch;
use super::types::{from_ts, MonitorOptions, ServersOptions};
use crate::attributes::HostOptions;
use crate::host::MonitorEvent;
use crate::state::{Action, Field, FormAction};
use crate::view::app::{App, AppProps, Embed};
use crate::view::host::HostLink;
use std::cell::RefCell;
use tsify::Ts;
use wasm_bindgen::prelude::*;
use yew::{function_component, html, AppHandle, Callback, Html};

/// The widget, mounted into an element. It dispatches `CustomEvent`s on that element:
/// `milvus-import-progress` (detail: the job), `milvus-import-complete`, `milvus-import-failed` (detail: the job),
/// `milvus-import-error` (detail: `{ message, kind, code, httpStatus, jobId? }`) and, for a batch, each
/// of those per job plus `milvus-import-batch-complete` once every job is final (detail: `{ jobs }`).
///
/// ```ts
/// const monitor = new ImportMonitor(document.getElementById("imports")!, { endpoint, token, showForm: false });
/// monitor.watch("461829374610022401");
/// el.addEventListener("milvus-import-complete", (e) => console.log((e as CustomEvent).detail.totalRows));
/// monitor.destroy();
/// ```
#[wasm_bindgen]
pub struct ImportMonitor {
    /// The Yew root this widget borrowed from the pool; returned to it on destroy.
    root: Option<PooledRoot>,
    link: HostLink,
    options: HostOptions,
}

#[wasm_bindgen]
impl ImportMonitor {
    /// Mounts the widget into `element` and, with `options.jobId`, starts watching.
    #[wasm_bindgen(constructor)]
    pub fn new(element: web_sys::Element, options: Ts<MonitorOptions>) -> Result<ImportMonitor, JsValue> {
        let options: MonitorOptions = from_ts(options)?;
        Ok(ImportMonitor::mount(element.clone(), element, options.host_options()))
    }

    /// Watches a job, or several as one batch (`watch(["4618…01", "4618…05"])`); stops watching
    /// what was watched before.
    pub fn watch(&mut self, #[wasm_bindgen(js_name = jobIds, unchecked_param_type = "string | string[]")] job_ids: JsValue) {
        let job_ids = match job_ids.as_string() {
            Some(text) => crate::state::batch::split_job_ids(&text),
            None => js_sys::Array::from(&job_ids).iter().filter_map(|id| id.as_string()).collect(),
        };
        self.watch_ids(job_ids);
    }

    /// Watches jobs of several servers as one batch, each with its own endpoint, token and
    /// database (`{ servers: [{ endpoint, token, jobIds }, …] }`), or, with `pair: true`, the
    /// first server's jobs on it and on the second, its CDC standby (only reads reach the
    /// standby).
    #[wasm_bindgen(js_name = watchServers)]
    pub fn watch_servers(&mut self, options: Ts<ServersOptions>) -> Result<(), JsValue> {
        let options: ServersOptions = from_ts(options)?;
        self.link.send(options.action(js_sys::Date::now()));
        Ok(())
    }

    /// Stops polling; the last data stays on screen.
    pub fn stop(&mut self) {
        self.link.send(Action::StopAll);
    }

    /// Replaces the connection settings (endpoint, token, database, cluster, interval).
    pub fn configure(&mut self, options: Ts<MonitorOptions>) -> Result<(), JsValue> {
        let options: MonitorOptions = from_ts(options)?;
        self.reconfigure(options.host_options());
        Ok(())
    }

    /// Unmounts the widget: the request in flight is aborted and no other is sent.
    pub fn destroy(&mut self) {
        if let Some(root) = self.root.take() {
            root.park();
        }
    }
}

impl Drop for ImportMonitor {
    /// `free()` without `destroy()` must not leave a widget polling with no owner.
    fn drop(&mut self) {
        self.destroy();
    }
}

impl ImportMonitor {
    /// Mounts into `container`, dispatching events on `events_on` (the custom element's host
    /// when the container is in its shadow root).
    pub(super) fn mount(container: web_sys::Element, events_on: web_sys::Element, options: HostOptions) -> ImportMonitor {
        install_panic_hook();
        let events = Callback::from(move |event: MonitorEvent| dispatch(&events_on, event));
        let link = HostLink::default();
        let embed = Embed { initial: options.form(), show_form: options.show_form, link: link.clone(), events };
        let root = PooledRoot::mount(&container, AppProps { embed: Some(embed) });
        ImportMonitor { root, link, options }
    }

    /// Watches the job (or the jobs, as a batch) of `job_ids`.
    pub(super) fn watch_ids(&mut self, job_ids: Vec<String>) {
        self.options.job_ids = job_ids.clone();
        let settings = Some(self.options.settings.clone());
        self.link.send(Action::WatchJobs { job_ids, settings, at_ms: js_sys::Date::now() });
    }

    /// New settings; a job ID given with them goes into the form (it is watched on `watch`).
    pub(super) fn reconfigure(&mut self, options: HostOptions) {
        let job_ids = if options.job_ids.is_empty() { std::mem::take(&mut self.options.job_ids) } else { options.job_ids.clone() };
        self.link.send(Action::Form(FormAction::Configure(options.settings.clone())));
        if !job_ids.is_empty() {
            self.link.send(Action::Form(FormAction::Edit(Field::JobId, job_ids.join("\n"))));
        }
        self.options = HostOptions { job_ids, ..options };
    }
}

/// A Yew root (an element with an app rendered into it), kept for reuse.
///
/// Yew 0.23 never frees a destroyed root: the event listeners it installs on the root element
/// are `Closure::forget`-ed and hold the root's data, element included, for the life of the
/// page (about 1 KB of JS heap and 4 listeners per root, measured). So a root is never
/// destroyed: an unmounted widget's app is emptied (its component destroyed, its timers and
/// requests stopped) and the root parked here for the next widget. Memory is then bounded by
/// the most widgets on screen at once, not by how many were ever mounted.
struct PooledRoot {
    element: web_sys::Element,
    handle: AppHandle<Host>,
}

thread_local! {
    static PARKED: RefCell<Vec<PooledRoot>> = const { RefCell::new(Vec::new()) };
}

impl PooledRoot {
    /// Takes a parked root (or makes one) and renders the widget into it, inside `container`.
    fn mount(container: &web_sys::Element, props: AppProps) -> Option<PooledRoot> {
        let mut root = match PARKED.with(|parked| parked.borrow_mut().pop()) {
            Some(root) => root,
            None => {
                let element = container.owner_document()?.create_element("div").ok()?;
                let handle = yew::Renderer::<Host>::with_root_and_props(element.clone(), AppProps::default()).render();
                PooledRoot { element, handle }
            }
        };
        container.append_child(&root.element).ok()?;
        root.handle.update(props);
        Some(root)
    }

    /// Empties the root (the widget's component is destroyed) and parks it.
    fn park(mut self) {
        self.handle.update(AppProps::default());
        self.element.remove();
        PARKED.with(|parked| parked.borrow_mut().push(self));
    }
}

/// A pooled root's component: the widget while one is mounted, nothing while parked.
#[function_component(Host)]
fn host(props: &AppProps) -> Html {
    match &props.embed {
        Some(embed) => html! { <App embed={embed.clone()} /> },
        None => html! {},
    }
}

/// Logs the widget's panics with its name, then hands them to the hook that was there before:
/// the host page's own hook is kept, never replaced.
fn install_panic_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            web_sys::console::error_1(&JsValue::from_str(&format!("milvus-import-monitor: {info}")));
            previous(info);
        }));
    });
}
