//! What the page does beside its requests: visibility, the desktop notification, the
//! remembered token, the tab's title, the address bar and the Escape key. Plain inputs, decided
//! in `state` and `link`; only the browser calls here.

use crate::view::browser::{notify, on_key, on_visibility_change, set_title, show_in_address_bar, store_token};
use yew::prelude::*;

/// Tells `onchange` when the page is hidden or visible again (hidden tabs do not poll); calls
/// `onstart` once at mount when asked to start watching at once (a link, a host's job).
#[hook]
pub fn use_visibility(autostart: bool, onchange: Callback<bool>, onstart: Callback<()>) {
    use_effect_with((), move |_| {
        if autostart {
            onstart.emit(());
        }
        let listener = on_visibility_change(move |visible| onchange.emit(visible));
        move || drop(listener)
    });
}

/// Shows `notice` (title, body: `state::ended_notice`) once, when it appears, if the user asked
/// for notifications (`wanted`).
#[hook]
pub fn use_notification(notice: Option<(String, String)>, wanted: bool) {
    use_effect_with(notice, move |notice| {
        if let (true, Some((title, body))) = (wanted, notice) {
            notify(title, body);
        }
    });
}

/// Keeps the named connections in this browser as the page's state has them (`None`: an
/// embedded widget, which keeps nothing).
#[hook]
pub fn use_saved_connections(saved: Option<Vec<crate::connections::SavedConnection>>) {
    use_effect_with(saved, |saved| {
        if let (Some(saved), Some(storage)) = (saved, crate::view::browser::local_storage()) {
            // Written only once something was named: a page never named anything keeps no key.
            if !saved.is_empty() {
                crate::connections::save(&storage, saved);
            }
        }
    });
}

/// Keeps the log link in this browser as the form has it (`None`: an embedded widget, whose
/// host sets it).
#[hook]
pub fn use_kept_log_link(log: Option<crate::loglink::LogSetting>) {
    use_effect_with(log, |log| {
        if let (Some(log), Some(storage)) = (log, crate::view::browser::local_storage()) {
            log.save(&storage);
        }
    });
}

/// Keeps the token in this browser only while the user wants it remembered
/// (`Some((remember, token))`; `None`: an embedded widget, which never does).
#[hook]
pub fn use_remembered_token(remembered: Option<(bool, String)>) {
    use_effect_with(remembered, |remembered| {
        if let Some((remember, token)) = remembered {
            store_token(*remember, token);
        }
    });
}

/// The tab's title, when the page owns it (`None`: an embedded widget leaves it alone).
#[hook]
pub fn use_title(title: Option<String>) {
    use_effect_with(title, |title| {
        if let Some(title) = title {
            set_title(title);
        }
    });
}

/// The address bar follows what is watched (`query`, from `link::watched_query`), so a reload
/// reopens it, not what the page was first opened with.
#[hook]
pub fn use_address_bar(query: Option<String>) {
    use_effect_with(query, |query| {
        if let Some(query) = query {
            show_in_address_bar(query);
        }
    });
}

/// Escape calls `onescape` wherever the focus is in the page, not only in a field (an embedded
/// widget leaves the host page's keys alone: its own element handles Escape).
#[hook]
pub fn use_escape(onescape: Callback<()>, standalone: bool) {
    use_effect_with(standalone, move |&standalone| {
        let listener = standalone.then(|| on_key("Escape", move || onescape.emit(()))).flatten();
        move || drop(listener)
    });
}

/// Whether `now` has held at any render so far: asked at each render until it first does, then
/// never again (a part mounted when first needed stays mounted).
#[hook]
pub fn use_latch(now: impl FnOnce() -> bool) -> bool {
    let held = use_mut_ref(|| false);
    let mut held = held.borrow_mut();
    *held = *held || now();
    *held
}
