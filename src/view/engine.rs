//! The page's engine: what the page does with its state beyond the form and the tabs. Every
//! reducer ([`PageState::apply`]), what the page says of its state, the panel under the tabs
//! (a job's view, the job list, the create form), the report of what it shows and every request
//! to a server. A part of its own in the split page, fetched as soon as the page needs more than
//! the blank form (an action waits for it, [`Page`] holds those; another tab is open), or else
//! ahead of use; in every other build it is there.

use super::dispatch::Dispatch;
use super::lazy::{part, use_part, Arrival, Draw};
use super::requests::{page_requests_drawn, PageRequestsProps};
use super::tab_panels::tab_panel;
use crate::link::watched_query;
use crate::model::FileState;
use crate::report::Report;
use crate::state::{announcement, ended_notice, title_text, Action, EngineApply, Page, PageState, SortKey};
use std::rc::Rc;
use yew::prelude::*;

/// The panel under the tabs (`tab_panels::tab_panel`): the page's state, its callbacks, whether
/// it is embedded, the file table's sort and filter, and *Export report* with its note.
pub type PanelDraw =
    fn(&PageState, &Dispatch, bool, (Callback<SortKey>, Callback<Option<FileState>>), Option<(Callback<()>, Option<String>)>) -> Html;

/// What the engine does, each a function of the page's state.
#[derive(Clone, Copy)]
pub struct Engine {
    pub apply: EngineApply,
    /// `PageState::asks_servers`: when `requests` are drawn.
    pub asks_servers: fn(&PageState) -> bool,
    pub says: fn(&PageState) -> Says,
    pub panel: PanelDraw,
    /// Every request to a server (`requests::PageRequests`), drawn once the page first asks one.
    pub requests: Draw<PageRequestsProps>,
    /// What *Export report* writes: `Report::of_page`.
    pub report: fn(&PageState, f64) -> Option<Report>,
}

part!(pub ENGINE, engine, "the page's engine", fn Engine = Engine {
    apply: PageState::apply,
    asks_servers: PageState::asks_servers,
    says: Says::of,
    panel: tab_panel,
    requests: page_requests_drawn,
    report: Report::of_page,
});

/// What the page says of its state outside the panel (`state::text`, `link`); nothing before
/// the engine is in, when the state is still the page's first.
#[derive(Default)]
pub struct Says {
    /// The live region's announcement.
    pub announcement: Option<String>,
    pub title: Option<String>,
    /// The desktop notification of a job or batch that ended: title, body.
    pub ended: Option<(String, String)>,
    /// The address bar's query (what a reload reopens).
    pub query: Option<String>,
}

impl Says {
    fn of(state: &PageState) -> Says {
        Says { announcement: announcement(state), title: Some(title_text(state)), ended: ended_notice(state), query: watched_query(state) }
    }
}

/// The page as Yew's reducer: each action through the engine when it is in; before, the form's
/// at once and every other waiting for it (`state::Page`).
impl Reducible for Page {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match self.apply_with((ENGINE.here)().map(|engine| engine.apply), action) {
            Some(next) => Rc::new(next),
            None => self,
        }
    }
}

/// The engine: fetched once `wanted` (else ahead of use, `prefetch`); when it is in and actions
/// `wait` for it, `onin` applies them.
#[hook]
pub fn use_engine(wanted: bool, waits: bool, onin: Callback<()>) -> Arrival<Engine> {
    let engine = use_part(ENGINE, wanted);
    use_effect_with((engine.held().is_some(), waits), move |&(is_in, waits)| {
        if is_in && waits {
            onin.emit(());
        }
    });
    engine
}
