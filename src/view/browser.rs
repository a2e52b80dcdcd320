//! Everything the views need from the browser besides the DOM Yew manages: the query string,
//! the remembered token, local storage (as a `storage::Storage`), local time and the document
//! title; the calls only (what they read and write is decided in `link`, `history` and
//! `state`). Kept in one place, and every call tolerates a missing API (no window, storage
//! disabled) instead of failing.

use crate::state::FormFields;
use crate::storage::{Storage, StorageFull};

/// Where the token is kept when the user ticks "Remember on this device".
const TOKEN_KEY: &str = "milvus-import-monitor.token";

/// The form as the page's query string prefills it ([`crate::link::read_query`]), plus the
/// remembered token. The flag says whether to start watching at once.
pub fn initial_form() -> (FormFields, bool) {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let (mut form, autostart) = crate::link::read_query(&search);
    if let Some(token) = storage().and_then(|s| s.get_item(TOKEN_KEY).ok().flatten()) {
        form.token = token;
        form.remember_token = true;
    }
    if let Some(kept) = local_storage() {
        form.saved = crate::connections::load(&kept);
        form.log = crate::loglink::LogSetting::load(&kept);
    }
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

/// The browser's local storage (for the kept copies: `history`).
pub struct LocalStorage(web_sys::Storage);

/// This page's local storage, if the browser allows it.
pub fn local_storage() -> Option<LocalStorage> {
    storage().map(LocalStorage)
}

impl Storage for LocalStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.0.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageFull> {
        // The one way `setItem` fails here is the quota.
        self.0.set_item(key, value).map_err(|_| StorageFull)
    }

    fn remove(&self, key: &str) {
        let _ = self.0.remove_item(key);
    }
}

/// `Math.random()`, for the backoff's jitter.
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// Whether the page is visible (Page Visibility API). Read as a plain property, so a host
/// page (or a test) that overrides `document.visibilityState` is honoured.
pub fn page_visible() -> bool {
    let state = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| js_sys::Reflect::get(&d, &wasm_bindgen::JsValue::from_str("visibilityState")).ok())
        .and_then(|v| v.as_string());
    state.as_deref() != Some("hidden")
}

/// Calls `on_change` with the visibility whenever it changes; dropping the handle stops it.
pub fn on_visibility_change(on_change: impl Fn(bool) + 'static) -> Option<gloo_events::EventListener> {
    let document = web_sys::window()?.document()?;
    Some(gloo_events::EventListener::new(&document, "visibilitychange", move |_| on_change(page_visible())))
}

/// Calls `on_press` when `key` is pressed with the focus anywhere in the document (a field of
/// the page, a button, or nothing at all); dropping the handle stops it. A dialog that handles
/// the key itself stops it first.
pub fn on_key(key: &'static str, on_press: impl Fn() + 'static) -> Option<gloo_events::EventListener> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()?.document()?;
    Some(gloo_events::EventListener::new(&document, "keydown", move |e| {
        if e.dyn_ref::<web_sys::KeyboardEvent>().is_some_and(|k| k.key() == key && !k.default_prevented()) {
            on_press();
        }
    }))
}

/// Puts `query` in the address bar in place of the current one (no new history entry), so a
/// reload or a bookmark reopens what is watched. Never carries a token ([`crate::link`]).
pub fn show_in_address_bar(query: &str) {
    let Some(window) = web_sys::window() else { return };
    let path = window.location().pathname().unwrap_or_default();
    let hash = window.location().hash().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{query}{hash}")));
    }
}

/// The link that reopens this view (no token), from the page's own address.
pub fn share_link(query: &str) -> String {
    let location = web_sys::window().map(|w| w.location());
    let origin = location.as_ref().and_then(|l| l.origin().ok()).unwrap_or_default();
    let path = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_default();
    format!("{origin}{path}{query}")
}

/// Copies text to the clipboard; false when the browser refuses (no secure context).
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Offers `text` as a file download.
pub fn download(file_name: &str, mime: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let anchor = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(anchor) = anchor {
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Asks for permission to show desktop notifications (after the user opted in).
pub fn request_notifications() {
    if web_sys::Notification::permission() == web_sys::NotificationPermission::Default {
        let _ = web_sys::Notification::request_permission();
    }
}

/// Shows a desktop notification when permitted.
pub fn notify(title: &str, body: &str) {
    if web_sys::Notification::permission() == web_sys::NotificationPermission::Granted {
        let options = web_sys::NotificationOptions::new();
        options.set_body(body);
        let _ = web_sys::Notification::new_with_options(title, &options);
    }
}

/// A random key for a create's `Idempotency-Key`: 128 bits as hex. `Math.random` suffices: the
/// key only has to differ from other submits, it guards nothing.
pub fn random_key() -> String {
    (0..4).map(|_| format!("{:08x}", (js_sys::Math::random() * 4_294_967_296.0) as u32)).collect()
}

/// The `<script>` elements of the one-file page (`scripts/single-file.mjs` marks them).
const PAGE_SCRIPTS: &str = "body > script[data-mim-page]";

/// The one-file page to embed a report in: this page itself when it is the one-file page (its
/// head and its marked scripts, as they were served), else `milvus-import-monitor.html` fetched
/// from beside this page on the same host.
pub async fn one_file_page() -> Result<String, String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    if let (Some(head), Ok(scripts)) = (document.head(), document.query_selector_all(PAGE_SCRIPTS)) {
        if scripts.length() > 0 {
            let body: String = (0..scripts.length())
                .filter_map(|i| scripts.get(i))
                .filter_map(|node| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(node).ok())
                .map(|script| script.outer_html())
                .collect::<Vec<_>>()
                .join("\n");
            return Ok(format!("<!doctype html>\n<html lang=\"en\">\n{}\n<body>\n{body}\n</body>\n</html>\n", head.outer_html()));
        }
    }
    let missing = "Export report needs milvus-import-monitor.html beside this page (make build writes it into dist/).";
    let response = gloo_net::http::Request::get("milvus-import-monitor.html").send().await.map_err(|_| missing.to_owned())?;
    if !response.ok() {
        return Err(missing.to_owned());
    }
    response.text().await.map_err(|_| missing.to_owned())
}

/// Text in lower case, as the browser's `toLowerCase` writes it (every script; no Unicode case
/// tables in this module).
pub fn lower_case(text: &str) -> String {
    String::from(js_sys::JsString::from(text).to_lower_case())
}

/// Resolves when the browser is next idle (on the next task where it cannot say, as Safari
/// before 18): work that must not delay what the page is drawing waits for it.
pub async fn idle() {
    let Some(window) = web_sys::window() else { return };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if window.request_idle_callback(&resolve).is_err() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
