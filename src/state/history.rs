//! The History tab's state, pure: the catalogue of kept jobs once read (it costs no request to
//! any server), its filters, the two loads picked to compare, and what the last import of a
//! history file or the last forgetting said. The hooks read and write the browser's database;
//! this only decides.

use crate::history::store::{Catalogue, Filter};

/// The History tab.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HistoryState {
    /// `None` until read; the browser's refusal (a private window may refuse IndexedDB) said.
    pub catalogue: Option<Result<Catalogue, String>>,
    pub filter: Filter,
    /// Keys of the loads picked to compare, in the order picked (two at most).
    pub picked: Vec<String>,
    /// What the last import or forgetting did, said under the list.
    pub note: Option<String>,
    /// A forgetting asked for and not yet confirmed: one server's (`Some`) or all (`None`).
    pub confirming: Option<Option<String>>,
}

/// One of the History tab's filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryFilter {
    Server,
    Collection,
    State,
}

/// Everything that can happen to the History tab.
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryAction {
    /// The catalogue as read (or why it could not be).
    Loaded(Result<Catalogue, String>),
    /// A filter set (`None`: all).
    Filter(HistoryFilter, Option<String>),
    Search(String),
    /// Pick a load to compare, or unpick it; a third pick lets the first go.
    Pick {
        key: String,
        picked: bool,
    },
    /// *Forget…* pressed: one server's history, or all (`None`), to be confirmed.
    AskForget(Option<String>),
    CancelForget,
    /// One server's jobs (or every job) were forgotten: the catalogue as it is now.
    Forgot {
        server: Option<String>,
        catalogue: Catalogue,
        removed: usize,
    },
    /// A history file was read into the catalogue: how many jobs came, how many were skipped and why.
    Imported {
        catalogue: Catalogue,
        added: usize,
        skipped: usize,
        reasons: Vec<String>,
    },
    /// A history file was refused whole.
    Refused(String),
}

impl HistoryState {
    /// The state after `action`; `None` when nothing changed.
    ///
    /// ```
    /// use milvus_import_monitor::state::{HistoryAction, HistoryState};
    /// let pick = |key: &str| HistoryAction::Pick { key: key.into(), picked: true };
    /// let s = HistoryState::default().apply(pick("a")).unwrap().apply(pick("b")).unwrap().apply(pick("c")).unwrap();
    /// assert_eq!(s.picked, ["b", "c"], "two at most: the first picked lets go");
    /// ```
    pub fn apply(&self, action: HistoryAction) -> Option<HistoryState> {
        let mut next = self.clone();
        match action {
            HistoryAction::Loaded(catalogue) => {
                next.picked.retain(|key| {
                    catalogue.as_ref().is_ok_and(|c| c.entries.iter().any(|e| e.key == *key || e.batch_pick() == Some(key.clone())))
                });
                next.catalogue = Some(catalogue);
            }
            HistoryAction::Filter(which, value) => {
                let value = value.filter(|v| !v.is_empty());
                match which {
                    HistoryFilter::Server => next.filter.server = value,
                    HistoryFilter::Collection => next.filter.collection = value,
                    HistoryFilter::State => next.filter.state = value,
                }
            }
            HistoryAction::Search(text) => next.filter.search = text,
            HistoryAction::Pick { key, picked: true } if !self.picked.contains(&key) => {
                next.picked.push(key);
                let excess = next.picked.len().saturating_sub(2);
                next.picked.drain(..excess);
            }
            HistoryAction::Pick { key, picked } => next.picked.retain(|k| picked || *k != key),
            HistoryAction::AskForget(server) => next.confirming = Some(server),
            HistoryAction::CancelForget => next.confirming = None,
            HistoryAction::Forgot { server, catalogue, removed } => {
                next.confirming = None;
                let jobs = if removed == 1 { "1 job".to_owned() } else { format!("{removed} jobs") };
                next.note = Some(match &server {
                    Some(server) => format!("Forgot {jobs} of {server}."),
                    None => format!("Forgot all history: {jobs}."),
                });
                if next.filter.server.is_some() && next.filter.server == server {
                    next.filter.server = None;
                }
                return next.apply(HistoryAction::Loaded(Ok(catalogue))).or(Some(next));
            }
            HistoryAction::Imported { catalogue, added, skipped, reasons } => {
                let mut note = format!("Imported {added} job{}.", if added == 1 { "" } else { "s" });
                if skipped > 0 {
                    note.push_str(&format!(" Skipped {skipped}: {}.", reasons.join("; ")));
                }
                next.note = Some(note);
                return next.apply(HistoryAction::Loaded(Ok(catalogue))).or(Some(next));
            }
            HistoryAction::Refused(why) => next.note = Some(format!("Nothing was imported. {why}")),
        }
        (next != *self).then_some(next)
    }

    /// The catalogue, once read without error.
    pub fn catalogue(&self) -> Option<&Catalogue> {
        self.catalogue.as_ref()?.as_ref().ok()
    }

    /// How many kept jobs a forgetting would remove: one server's, or all.
    pub fn forgetting(&self, server: Option<&str>) -> usize {
        self.catalogue().map_or(0, |c| c.entries.iter().filter(|e| server.is_none_or(|s| e.endpoint == s)).count())
    }

    /// The values a filter can take, in order of first keeping.
    pub fn choices(&self, which: HistoryFilter) -> Vec<String> {
        let Some(catalogue) = self.catalogue() else { return Vec::new() };
        let mut values: Vec<String> = Vec::new();
        for entry in &catalogue.entries {
            let value = match which {
                HistoryFilter::Server => &entry.endpoint,
                HistoryFilter::Collection => &entry.collection,
                HistoryFilter::State => &entry.state,
            };
            if !values.contains(value) {
                values.push(value.clone());
            }
        }
        values
    }
}
