//! The stateful root: holds the page's state ([`Page`]), hands each effect (one hook each, in
//! `hooks`) the part of the state it needs, and lays out the form, the tabs and the panel under
//! them with callbacks that dispatch actions. The panel, what the page says of its state and
//! the requests come from the page's engine (`engine`, a part of the split page): before it is
//! in, the form works and any other action waits for it.

use super::browser::{initial_form, now_ms, page_visible};
use super::dispatch::Dispatch;
use super::engine::{use_engine, Says, ENGINE};
use super::form::{ServerEdit, WatchForm};
use super::hooks::*;
use super::host::HostLink;
use super::lazy::{part_loading, part_missing, Arrival};
use super::manual::ConfirmAbort;
use super::prefetch::prefetch_parts;
use super::requests::PageRequestsProps;
use super::slot::StateSlot;
use super::tab_panels::history_panel;
use crate::host::MonitorEvent;
use crate::state::{Action, FormAction, FormFields, JobAction, ManualAction, Page, PageState, Tab};
use crate::ApiError;
use std::rc::Rc;
use yew::prelude::*;

/// Settings of an embedded widget (the npm package); `None` is the standalone page, which reads
/// the query string and the remembered token instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Embed {
    pub initial: FormFields,
    pub show_form: bool,
    /// The host's actions (`watch`, `stop`, `configure`).
    pub link: HostLink,
    pub events: Callback<MonitorEvent>,
}

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    #[prop_or_default]
    pub embed: Option<Embed>,
}

/// The tabs below the form: which view, its label and its tab's element ID.
const TABS: [(Tab, &str, &str); 4] = [
    (Tab::Job, "Job", "tab-job"),
    (Tab::Jobs, "All jobs", "tab-jobs"),
    (Tab::Create, "New import", "tab-create"),
    (Tab::History, "History", "tab-history"),
];

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let embedded = props.embed.is_some();
    let initial = {
        let embed = props.embed.clone();
        use_memo((), move |_| match embed {
            Some(embed) => (embed.initial.clone(), !embed.initial.endpoint.is_empty() && !embed.initial.job_id.is_empty()),
            None => initial_form(),
        })
    };
    let state = {
        let form = initial.0.clone();
        use_reducer(move || Page::new(PageState { visible: page_visible(), ..PageState::with_form(form) }))
    };
    // The blank form under the Job tab needs no engine; anything more does: an action that waits
    // for it, or another tab (the job list and the create form are its).
    let waits = !state.waiting.is_empty();
    let wants_engine = waits || state.tab != Tab::Job;
    let engine = use_engine(wants_engine, waits, Dispatch(state.dispatcher()).to(|()| Action::EngineIn));
    let says = engine.held().map_or_else(Says::default, |engine| (engine.says)(&state));
    use_page_effects(&state, props.embed.clone(), initial.1, &says);
    // The requests start when the page first asks a server anything, and run from then on.
    let asks_servers = use_latch(|| engine.held().is_some_and(|engine| (engine.asks_servers)(&state)));
    // The parts' modules are fetched after the first render, so that each is in before it is used.
    use_effect_with((), |()| prefetch_parts());
    let (onreport, report_note) = {
        let page = state.clone();
        use_report_export(Rc::new(move || (ENGINE.here)().and_then(|engine| (engine.report)(&page, now_ms()))))
    };

    let dispatch = Dispatch(state.dispatcher());
    // The same callbacks at every render, so the file table (1,024 rows at most) is left
    // alone when neither its files nor its view changed.
    let onsort = use_callback(state.dispatcher(), |key, d| d.dispatch(Action::Job(JobAction::Sort(key))));
    let onfilter = use_callback(state.dispatcher(), |filter, d| d.dispatch(Action::Job(JobAction::Filter(filter))));
    // Embedded, Escape in the widget stops it; standalone, anywhere on the page (`use_escape`).
    let onkeydown = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: KeyboardEvent| {
            if embedded && e.key() == "Escape" {
                dispatcher.dispatch(Action::StopAll);
            }
        })
    };
    let show_form = props.embed.as_ref().is_none_or(|e| e.show_form);
    let report = (!embedded).then_some((onreport, report_note));
    // History's state is its part's: the root keeps only where it waits between visits.
    let history = use_memo((), |()| StateSlot::default());
    let held = engine.held();
    let panel = match (state.tab, engine) {
        (Tab::History, _) => history_panel((*history).clone(), &dispatch),
        (_, Arrival::In(engine)) => (engine.panel)(&state, &dispatch, embedded, (onsort, onfilter), report),
        (_, Arrival::Waiting) if wants_engine => part_loading(ENGINE.name),
        // The page's first state has nothing to show under the Job tab.
        (_, Arrival::Waiting) => Html::default(),
        (_, Arrival::Failed(onretry)) => part_missing(ENGINE.name, onretry),
    };
    // The standalone page is the document's main landmark; embedded, the host page has its own.
    let tag = if embedded { "div" } else { "main" };
    let tab_id = tab_id(state.tab);
    html! {
        <@{tag} class="monitor" {onkeydown}>
            <p class="sr-only" aria-live="polite">{ says.announcement.unwrap_or_default() }</p>
            if !embedded {
                <header class="top">
                    <h1>{ "Milvus import monitor" }</h1>
                </header>
            }
            if show_form {
                <WatchForm form={state.form.clone()} watching={state.is_watching()} remember={!embedded}
                    ids_refused={state.job.request.error().is_some_and(ApiError::refuses_job_ids)}
                    oninput={dispatch.to(|(field, value)| Action::Form(FormAction::Edit(field, value)))}
                    onremember={dispatch.to(|r| Action::Form(FormAction::SetRemember(r)))}
                    onwatch={dispatch.to(|()| Action::Watch { at_ms: now_ms() })} onstop={dispatch.to(|()| Action::StopAll)}
                    onserver={dispatch.to(|edit| Action::Form(match edit {
                        ServerEdit::Edit(i, f, v) => FormAction::EditServer(i, f, v),
                        ServerEdit::Add => FormAction::AddServer,
                        ServerEdit::Remove(i) => FormAction::RemoveServer(i),
                        ServerEdit::Pair(pair) => FormAction::SetPair(pair),
                    }))} />
                { tabs(state.tab, dispatch.to(Action::ShowTab)) }
            }
            if let Some(engine) = held.filter(|_| asks_servers) {
                { (engine.requests)(PageRequestsProps { state: state.clone(), changes: state.changes, events: props.embed.as_ref().map(|e| e.events.clone()) }) }
            }
            // Busy while the job's request is out. Neither this nor the Refresh button (a click
            // while busy is ignored) changes the page's look at a poll's start: disabling the
            // button did, which cost a frame of its own with a layout and a pre-paint of the
            // whole page (~10 ms with 1,024 files) at every poll.
            <div id="panel" role="tabpanel" aria-labelledby={tab_id} tabindex="-1"
                aria-busy={(state.tab == Tab::Job && state.job.request.is_loading()).then_some("true")}>
                { panel }
            </div>
            if let Some((kind, job_ids)) = state.manual.confirming.clone() {
                <ConfirmAbort {job_ids} trying={kind == crate::state::ManualKind::TryAbort} onconfirm={dispatch.to(|()| Action::Manual(ManualAction::Confirm))}
                    oncancel={dispatch.to(|()| Action::Manual(ManualAction::Cancel))} />
            }
        </@>
    }
}

/// The page's own effects (the requests to its servers are [`PageRequests`]'), each hook given
/// the part of the state it needs and a callback for what it brings back.
#[hook]
fn use_page_effects(state: &UseReducerHandle<Page>, embed: Option<Embed>, autostart: bool, says: &Says) {
    let dispatch = Dispatch(state.dispatcher());
    let standalone = embed.is_none();
    use_visibility(autostart, dispatch.to(Action::Visibility), dispatch.to(|()| Action::Watch { at_ms: now_ms() }));
    use_host_link(embed.as_ref().map(|e| e.link.clone()), state.dispatcher());
    use_notification(says.ended.clone(), state.form.notify);
    use_remembered_token(standalone.then(|| (state.form.remember_token, state.form.token.clone())));
    use_saved_connections(standalone.then(|| state.form.saved.clone()));
    use_kept_log_link(standalone.then(|| state.form.log.clone()));
    use_title(says.title.clone().filter(|_| standalone));
    use_address_bar(says.query.clone().filter(|_| standalone));
    use_escape(dispatch.to(|()| Action::StopAll), standalone);
}

/// The tab list, as the ARIA tabs pattern has it: only the selected tab is in the Tab order;
/// the arrow keys, Home and End move to another tab, select it and focus it.
fn tabs(current: Tab, onshow: Callback<Tab>) -> Html {
    let onkeydown = {
        let onshow = onshow.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(next) = current.moved_by(&e.key()) else { return };
            e.prevent_default();
            onshow.emit(next);
            // Every tab is always drawn, so its button is there to take the focus now.
            let list = e.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
            let button = list.and_then(|list| list.query_selector(&format!("#{}", tab_id(next))).ok().flatten());
            if let Some(button) = button.and_then(|b| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(b).ok()) {
                let _ = button.focus();
            }
        })
    };
    html! {
        <nav class="tabs" role="tablist" aria-label="Views" {onkeydown}>
            { for TABS.iter().map(|&(which, label, id)| {
                let selected = current == which;
                html! {
                    <button type="button" role="tab" id={id} aria-selected={selected.to_string()} aria-controls="panel"
                        tabindex={if selected { "0" } else { "-1" }} class={classes!("tab", selected.then_some("selected"))}
                        onclick={onshow.reform(move |_| which)}>{ label }</button>
                }
            }) }
        </nav>
    }
}

/// The element ID of a tab's button.
fn tab_id(tab: Tab) -> &'static str {
    TABS.iter().find(|(t, ..)| *t == tab).map_or("tab-job", |(_, _, id)| id)
}
