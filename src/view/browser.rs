//! Everything the views need from the browser besides the DOM Yew manages: the query string,
//! the remembered token, local time and the document title. Kept in one place, and every call
//! tolerates a missing API (no window, storage disabled) instead of failing.

use crate::state::FormFields;

/// Where the token is kept when the user ticks "Remember on this device".
const TOKEN_KEY: &str = "milvus-import-monitor.token";

/// The form as the query string prefills it (`?endpoint=…&jobId=…&db=…&clusterId=…&interval=…`;
/// a token is never read from a URL), plus the remembered token. The flag says whether to start
/// watching at once (endpoint and job ID given).
pub fn initial_form() -> (FormFields, bool) {
    let mut form = FormFields::default();
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    if let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) {
        let get = |name: &str| params.get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        form.endpoint = get("endpoint").unwrap_or_default();
        form.job_id = get("jobId").unwrap_or_default();
        form.db_name = get("db").unwrap_or_default();
        form.cluster_id = get("clusterId").unwrap_or_default();
        if let Some(interval) = get("interval") {
            form.interval_secs = interval;
        }
    }
    if let Some(token) = storage().and_then(|s| s.get_item(TOKEN_KEY).ok().flatten()) {
        form.token = token;
        form.remember_token = true;
    }
    let autostart = !form.endpoint.is_empty() && !form.job_id.is_empty();
    (form, autostart)
}

/// Keeps the token in local storage only while the user wants it remembered.
pub fn store_token(remember: bool, token: &str) {
    if let Some(storage) = storage() {
        let _ = if remember && !token.is_empty() { storage.set_item(TOKEN_KEY, token) } else { storage.remove_item(TOKEN_KEY) };
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A moment in the viewer's local time and locale.
pub fn local_time(ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}

/// `Date.now()`.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Shows the progress in the tab's title.
pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}
