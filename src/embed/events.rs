//! The widget's news for its host, as DOM `CustomEvent`s on the host element: they bubble and
//! cross the shadow root, and carry the job (or the error) as a typed plain object.

use super::types::{js_error, to_ts};
use crate::model::ImportJob;
use crate::view::hooks::MonitorEvent;
use wasm_bindgen::JsValue;

/// Dispatches `event` on `target`.
pub fn dispatch(target: &web_sys::Element, event: MonitorEvent) {
    let to_js = |job: &ImportJob| to_ts(job).map_or(JsValue::NULL, JsValue::from);
    let (name, detail) = match event {
        MonitorEvent::Progress(s) => ("import-progress", to_js(&s.job)),
        MonitorEvent::Complete(s) => ("import-complete", to_js(&s.job)),
        MonitorEvent::Failed(s) => ("import-failed", to_js(&s.job)),
        MonitorEvent::Error(e) => ("import-error", js_error(&e)),
    };
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}
