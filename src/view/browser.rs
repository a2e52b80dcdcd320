//! Everything the views need from the browser besides the DOM Yew manages: the query string,
//! the remembered token, the kept jobs, local time and the document title; the calls only (what
//! they read and write is decided in `link`, `history` and `state`). Kept in one place, and every call
//! tolerates a missing API (no window, storage disabled) instead of failing.

use crate::history::{kept_copy, kept_key, read_kept, read_one, storage_key, KeptIndex, KeptJob, HISTORY_KEY, INDEX_KEY};
use crate::model::ImportJob;
use crate::state::FormFields;
use crate::timeline::Timeline;

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

/// Local storage, with the list an earlier version kept under one key moved (once) to a key
/// per job.
fn history_storage() -> Option<web_sys::Storage> {
    let storage = storage()?;
    if let Some(old) = storage.get_item(HISTORY_KEY).ok().flatten() {
        let _ = storage.remove_item(HISTORY_KEY);
        let mut index = read_index(&storage);
        for kept in read_kept(&old) {
            write_one(&storage, &mut index, &kept);
        }
        write_index(&storage, &index);
    }
    Some(storage)
}

fn read_index(storage: &web_sys::Storage) -> KeptIndex {
    KeptIndex::read(&storage.get_item(INDEX_KEY).ok().flatten().unwrap_or_default())
}

fn write_index(storage: &web_sys::Storage, index: &KeptIndex) {
    let _ = storage.set_item(INDEX_KEY, &serde_json::to_string(index).unwrap_or_default());
}

fn read_kept_job(storage: &web_sys::Storage, key: &str) -> Option<KeptJob> {
    read_one(&storage.get_item(&storage_key(key)).ok().flatten()?)
}

/// Writes one job's copy and notes it in `index`, removing the copies the index lets go; a
/// full storage quota drops the oldest until it fits.
fn write_one(storage: &web_sys::Storage, index: &mut KeptIndex, kept: &KeptJob) {
    for gone in index.keep(&kept.key, kept.saved_at_ms) {
        let _ = storage.remove_item(&storage_key(&gone));
    }
    let text = serde_json::to_string(kept).unwrap_or_default();
    while storage.set_item(&storage_key(&kept.key), &text).is_err() {
        let Some(oldest) = index.drop_oldest() else { return };
        let _ = storage.remove_item(&storage_key(&oldest));
    }
}

/// Keeps the job's last snapshot, with its timeline, in local storage ([`crate::history`]).
pub fn keep_snapshot(endpoint: &str, job: &ImportJob, saved_at_ms: f64, timeline: &Timeline) {
    let Some(storage) = history_storage() else { return };
    let mut index = read_index(&storage);
    write_one(&storage, &mut index, &kept_copy(None, endpoint, job, saved_at_ms, Some(timeline)));
    write_index(&storage, &index);
}

/// Keeps several jobs' last snapshots (a batch's), each keeping the timeline a single watch
/// recorded for it; the index is written once.
pub fn keep_snapshots(endpoint: &str, jobs: &[(ImportJob, f64)]) {
    let Some(storage) = history_storage() else { return };
    let mut index = read_index(&storage);
    for (job, at) in jobs {
        let before = read_kept_job(&storage, &kept_key(endpoint, &job.job_id));
        write_one(&storage, &mut index, &kept_copy(before, endpoint, job, *at, None));
    }
    write_index(&storage, &index);
}

/// The kept copy of a job.
pub fn kept_snapshot(endpoint: &str, job_id: &str) -> Option<KeptJob> {
    read_kept_job(&history_storage()?, &kept_key(endpoint, job_id))
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
