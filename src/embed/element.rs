//! The `<milvus-import-monitor>` custom element: a thin JS class whose attributes are the
//! table in [`crate::attributes`]; what they mean is decided in Rust, as for `ImportMonitor`.

use super::monitor::ImportMonitor;
use crate::attributes::{HostOptions, ATTRIBUTES};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(inline_js = r#"
export function defineElement(tagName, attributes, create, css) {
  const existing = customElements.get(tagName);
  if (existing) return existing;
  class MilvusImportMonitorElement extends HTMLElement {
    static get observedAttributes() { return attributes; }
    constructor() { super(); this._token = ""; this._monitor = null; }
    /** The token is a property only: an attribute would put it in the DOM for anyone to read. */
    get token() { return this._token; }
    set token(value) { this._token = value == null ? "" : String(value); this._monitor?.attributeChanged("token", this._attributes(), this._token); }
    _attributes() { return Object.fromEntries(attributes.map((name) => [name, this.getAttribute(name)])); }
    connectedCallback() {
      if (this._monitor) return;
      const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
      const style = document.createElement("style");
      style.textContent = css;
      const container = document.createElement("div");
      root.replaceChildren(style, container);
      this._monitor = create(container, this, this._attributes(), this._token);
    }
    disconnectedCallback() { this.destroy(); }
    attributeChangedCallback(name, previous, value) {
      if (this._monitor && previous !== value) this._monitor.attributeChanged(name, this._attributes(), this._token);
    }
    watch(jobIds) { this._monitor?.watch(Array.isArray(jobIds) ? jobIds.map(String) : String(jobIds)); }
    stop() { this._monitor?.stop(); }
    destroy() { this._monitor?.destroy(); this._monitor?.free(); this._monitor = null; }
  }
  customElements.define(tagName, MilvusImportMonitorElement);
  return MilvusImportMonitorElement;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = defineElement)]
    fn define_element(tag_name: &str, attributes: Vec<JsValue>, create: &js_sys::Function, css: &str) -> JsValue;
}

/// The widget's stylesheet, put in the custom element's shadow root.
const CSS: &str = include_str!("../../static/style.css");

/// The element's attributes as it passes them (`{ name: value or null }`).
fn host_options(attributes: JsValue, token: &str) -> Result<HostOptions, JsValue> {
    let values: HashMap<String, Option<String>> = serde_wasm_bindgen::from_value(attributes)
        .map_err(|e| JsValue::from(js_sys::TypeError::new(&format!("milvus-import-monitor attributes: {e}"))))?;
    Ok(HostOptions::from_attributes(|name| values.get(name).cloned().flatten(), token))
}

#[wasm_bindgen]
impl ImportMonitor {
    /// For the custom element: one of its attributes (or its token) changed. `job-id` watches
    /// or stops; any other setting reconfigures.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = attributeChanged)]
    pub fn attribute_changed(&mut self, name: &str, attributes: JsValue, token: String) -> Result<(), JsValue> {
        let options = host_options(attributes, &token)?;
        match (name, options.job_id.clone()) {
            ("job-id" | "job-ids", Some(job_id)) => self.watch_text(job_id),
            ("job-id" | "job-ids", None) => self.stop(),
            _ => self.reconfigure(options),
        }
        Ok(())
    }
}

/// Registers the `<milvus-import-monitor>` custom element (or another tag name) and returns its
/// class. Attributes: `endpoint`, `job-id`, `job-ids` (a batch), `db-name`, `cluster-id`,
/// `interval`, `hide-form`;
/// the token is a property only (`el.token = "root:Milvus"`), never an attribute. It renders
/// into a shadow root; theme it with the `--mim-*` custom properties.
///
/// ```ts
/// defineMonitorElement();
/// const el = document.createElement("milvus-import-monitor");
/// el.setAttribute("endpoint", "http://localhost:19530");
/// (el as any).token = "root:Milvus";
/// el.setAttribute("job-id", "461829374610022401");
/// document.body.append(el);
/// ```
#[wasm_bindgen(js_name = defineMonitorElement)]
pub fn define_monitor_element(#[wasm_bindgen(js_name = tagName)] tag_name: Option<String>) -> JsValue {
    let create = Closure::<dyn Fn(web_sys::Element, web_sys::Element, JsValue, String) -> Result<ImportMonitor, JsValue>>::new(
        |container: web_sys::Element, host: web_sys::Element, attributes: JsValue, token: String| {
            Ok(ImportMonitor::mount(container, host, host_options(attributes, &token)?))
        },
    );
    let attributes = ATTRIBUTES.iter().map(|a| JsValue::from_str(a.name)).collect();
    let class = define_element(tag_name.as_deref().unwrap_or("milvus-import-monitor"), attributes, create.as_ref().unchecked_ref(), CSS);
    // The element class keeps calling it for every instance, for the life of the page.
    create.forget();
    class
}
