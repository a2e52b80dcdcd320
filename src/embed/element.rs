//! What the `<milvus-import-monitor>` element's JavaScript (the npm package's `element-class.js`,
//! which needs no WebAssembly to be defined) calls once the WebAssembly has loaded: mount the
//! widget into its shadow root, and pass on attribute changes. What the attributes mean is
//! decided in Rust ([`crate::attributes`]), as for `ImportMonitor`.

use super::monitor::ImportMonitor;
use crate::attributes::HostOptions;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

/// The widget's stylesheet, put in the custom element's shadow root.
const CSS: &str = include_str!("../../static/style.css");

/// The element's attributes as it passes them (`{ name: value or null }`).
fn host_options(attributes: JsValue, token: &str) -> Result<HostOptions, JsValue> {
    let values: HashMap<String, Option<String>> = serde_wasm_bindgen::from_value(attributes)
        .map_err(|e| JsValue::from(js_sys::TypeError::new(&format!("milvus-import-monitor attributes: {e}"))))?;
    Ok(HostOptions::from_attributes(|name| values.get(name).cloned().flatten(), token))
}

/// For the element's JavaScript: renders the widget into `root` (the element's shadow root,
/// emptied first) with the element's attributes and token; events are dispatched on `host`.
///
/// ```ts
/// const monitor = mountElement(this.shadowRoot, this, { endpoint: "http://m:19530", "job-id": null }, "root:Milvus");
/// ```
#[doc(hidden)]
#[wasm_bindgen(js_name = mountElement)]
pub fn mount_element(
    root: web_sys::ShadowRoot,
    host: web_sys::Element,
    attributes: JsValue,
    token: String,
) -> Result<ImportMonitor, JsValue> {
    let options = host_options(attributes, &token)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))?;
    let style = document.create_element("style")?;
    style.set_text_content(Some(CSS));
    let container = document.create_element("div")?;
    root.set_text_content(None);
    root.append_child(&style)?;
    root.append_child(&container)?;
    Ok(ImportMonitor::mount(container, host, options))
}

#[wasm_bindgen]
impl ImportMonitor {
    /// For the custom element: one of its attributes (or its token) changed. `job-id` watches
    /// or stops; any other setting reconfigures.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = attributeChanged)]
    pub fn attribute_changed(&mut self, name: &str, attributes: JsValue, token: String) -> Result<(), JsValue> {
        let options = host_options(attributes, &token)?;
        match name {
            "job-id" | "job-ids" if options.job_ids.is_empty() => self.stop(),
            "job-id" | "job-ids" => self.watch_ids(options.job_ids),
            _ => self.reconfigure(options),
        }
        Ok(())
    }
}
