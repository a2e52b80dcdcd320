//! The History tab's effects on the browser's database, through the page's one
//! [`HistoryQueue`]: the catalogue read each time the tab is shown (nothing is asked of any
//! server), and the user's forgetting, export and import, each said back as a
//! [`HistoryAction`].

use crate::format::rfc3339_utc;
use crate::history::file::{FileProblem, MAX_FILE_BYTES};
use crate::state::HistoryAction;
use crate::view::browser::{download, now_ms};
use crate::view::history_queue::{HistoryCall, HistoryQueue};
use yew::prelude::*;

/// The name an exported history file is saved under.
pub const EXPORT_FILE: &str = "milvus-import-monitor-history.json";

/// What the History tab's buttons do.
#[derive(Clone, PartialEq)]
pub struct HistoryCalls {
    /// Forget one server's jobs (`None`: all history).
    pub onforget: Callback<Option<String>>,
    pub onexport: Callback<()>,
    /// A history file the user chose.
    pub onimport: Callback<web_sys::File>,
}

/// Reads the catalogue whenever `shown` turns true, and makes the tab's calls.
#[hook]
pub fn use_history(shown: bool, history: HistoryQueue, onaction: Callback<HistoryAction>) -> HistoryCalls {
    {
        let (history, onaction) = (history.clone(), onaction.clone());
        use_effect_with(shown, move |shown| {
            if *shown {
                history.send(HistoryCall::Catalogue { reply: onaction.reform(HistoryAction::Loaded) });
            }
        });
    }
    let onforget = {
        let (history, onaction) = (history.clone(), onaction.clone());
        Callback::from(move |server: Option<String>| {
            let (asked, onaction) = (server.clone(), onaction.clone());
            let reply = Callback::from(move |(removed, catalogue)| {
                onaction.emit(HistoryAction::Forgot { server: asked.clone(), catalogue, removed });
            });
            history.send(HistoryCall::Forget { server, reply });
        })
    };
    let onexport = {
        let history = history.clone();
        Callback::from(move |()| {
            let reply = Callback::from(|text: String| download(EXPORT_FILE, "application/json", &text));
            history.send(HistoryCall::Export { exported_at: rfc3339_utc(now_ms()), reply });
        })
    };
    let onimport = Callback::from(move |file: web_sys::File| {
        // Refused before it is read: a file this large is not a history file.
        if file.size() > MAX_FILE_BYTES as f64 {
            onaction.emit(HistoryAction::Refused(FileProblem::TooLarge { bytes: file.size() as usize }.to_string()));
            return;
        }
        let (history, onaction) = (history.clone(), onaction.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string());
            let Some(text) = text else {
                onaction.emit(HistoryAction::Refused("The file could not be read.".into()));
                return;
            };
            let reply = onaction.reform(|result: Result<(crate::history::file::Imported, usize, _), String>| match result {
                Ok((imported, added, catalogue)) => {
                    HistoryAction::Imported { catalogue, added, skipped: imported.skipped, reasons: imported.reasons }
                }
                Err(why) => HistoryAction::Refused(why),
            });
            history.send(HistoryCall::Import { text, reply });
        });
    });
    HistoryCalls { onforget, onexport, onimport }
}
