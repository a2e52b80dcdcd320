//! The widget's news for its host, as DOM `CustomEvent`s on the host element: they bubble and
//! cross the shadow root, and carry the job (or the error) as a typed plain object. Their names
//! are [`crate::declaration::EVENTS`].

use super::types::{js_error, to_ts};
use crate::declaration::{BATCH_COMPLETE, COMPLETE, ERROR, FAILED, PROGRESS, READINESS};
use crate::host::MonitorEvent;
use crate::model::ImportJob;
use wasm_bindgen::JsValue;

/// Dispatches `event` on `target`.
pub fn dispatch(target: &web_sys::Element, event: MonitorEvent) {
    let to_js = |job: &ImportJob| to_ts(job).map_or(JsValue::NULL, JsValue::from);
    let (name, detail) = match event {
        MonitorEvent::Progress(job) => (PROGRESS.name, to_js(&job)),
        MonitorEvent::Complete(job) => (COMPLETE.name, to_js(&job)),
        MonitorEvent::Failed(job) => (FAILED.name, to_js(&job)),
        MonitorEvent::Error { error, job_id } => {
            let detail = js_error(&error);
            if let Some(job_id) = job_id {
                let _ = js_sys::Reflect::set(&detail, &JsValue::from_str("jobId"), &JsValue::from_str(&job_id));
            }
            (ERROR.name, detail)
        }
        MonitorEvent::BatchComplete(jobs) => {
            let list: js_sys::Array = jobs.iter().map(|job| to_js(job)).collect();
            let detail = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&detail, &JsValue::from_str("jobs"), &list);
            (BATCH_COMPLETE.name, detail.into())
        }
        MonitorEvent::Readiness(report) => (READINESS.name, to_ts(&report).map_or(JsValue::NULL, JsValue::from)),
    };
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}
