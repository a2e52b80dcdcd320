//! The stateful root: holds the [`PageState`] reducer, runs the effects it asks for (one hook
//! each, in `hooks`) and lays out the pure components with callbacks that dispatch actions.

use super::batch::BatchView;
use super::browser::{initial_form, now_ms, page_visible};
use super::create::CreateView;
use super::form::WatchForm;
use super::hooks::*;
use super::list::JobList;
use super::manual::{manual_status, ConfirmAbort};
use super::panel::{copy_link, job_panel, JobPanel};
use super::report::export_report;
use crate::link::share_query;
use crate::model::FileState;
use crate::report::Report;
use crate::state::batch::BatchAction;
use crate::state::{
    announcement, batch_status_text, status_text, Action, CreateAction, FormAction, FormFields, JobAction, ListAction, ManualAction,
    PageState, SortKey, Tab,
};
use crate::ApiError;
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
const TABS: [(Tab, &str, &str); 3] =
    [(Tab::Job, "Job", "tab-job"), (Tab::Jobs, "All jobs", "tab-jobs"), (Tab::Create, "New import", "tab-create")];

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
        use_reducer(move || PageState { visible: page_visible(), ..PageState::with_form(form) })
    };
    use_visibility(&state, initial.1);
    use_host_link(&state, props.embed.as_ref().map(|e| e.link.clone()));
    use_job_poll(&state);
    use_poll_timer(&state);
    use_job_list(&state);
    use_create_import(&state);
    use_batch_timer(&state);
    use_batch_poll(&state);
    use_commit_abort(&state);
    use_host_events(&state, props.embed.as_ref().map(|e| e.events.clone()));
    use_kept_copy(&state);
    use_kept_batch(&state);
    use_notification(&state);
    use_standalone_page(&state, !embedded);

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
    let copied = use_state(|| None::<String>);
    let onreport = (!embedded).then(|| report_on_click(&state, &copied));
    let panel = tab_panel(&state, &dispatch, embedded, onsort, onfilter, copied, onreport);
    // The standalone page is the document's main landmark; embedded, the host page has its own.
    let tag = if embedded { "div" } else { "main" };
    let tab_id = tab_id(state.tab);
    html! {
        <@{tag} class="monitor" {onkeydown}>
            <p class="sr-only" aria-live="polite">{ announcement(&state).unwrap_or_default() }</p>
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
                    onwatch={dispatch.to(|()| Action::Watch { at_ms: now_ms() })} onstop={dispatch.to(|()| Action::StopAll)} />
                { tabs(state.tab, dispatch.to(Action::ShowTab)) }
            }
            // Busy while the job's request is out. Neither this nor the Refresh button (a click
            // while busy is ignored) changes the page's look at a poll's start: disabling the
            // button did, which cost a frame of its own with a layout and a pre-paint of the
            // whole page (~10 ms with 1,024 files) at every poll.
            <div id="panel" role="tabpanel" aria-labelledby={tab_id} tabindex="-1"
                aria-busy={(state.tab == Tab::Job && state.job.request.is_loading()).then_some("true")}>
                { panel }
            </div>
            if let Some(job_ids) = state.manual.confirming.clone() {
                <ConfirmAbort {job_ids} onconfirm={dispatch.to(|()| Action::Manual(ManualAction::Confirm))}
                    oncancel={dispatch.to(|()| Action::Manual(ManualAction::Cancel))} />
            }
        </@>
    }
}

/// *Export report*: what is on screen (the batch, or the job) when clicked, not at each render.
fn report_on_click(state: &UseReducerHandle<PageState>, note: &UseStateHandle<Option<String>>) -> Callback<MouseEvent> {
    let state = state.clone();
    export_report(move || Report::of_page(&state, now_ms()), note.clone())
}

/// The open tab's view.
fn tab_panel(
    state: &PageState,
    dispatch: &Dispatch,
    embedded: bool,
    onsort: Callback<SortKey>,
    onfilter: Callback<Option<FileState>>,
    copied: UseStateHandle<Option<String>>,
    onreport: Option<Callback<MouseEvent>>,
) -> Html {
    match state.tab {
        Tab::Jobs => html! {
            <JobList list={state.list.clone()} oncollection={dispatch.to(|c| Action::List(ListAction::Edit(c)))}
                onrefresh={dispatch.to(|()| Action::List(ListAction::Refresh))} onsort={dispatch.to(|s| Action::List(ListAction::Sort(s)))}
                onfilter={dispatch.to(|f| Action::List(ListAction::Filter(f)))}
                onwatch={dispatch.to(|job_id| Action::WatchJob { job_id, settings: None, at_ms: now_ms() })}
                onselect={dispatch.to(|(job_id, selected)| Action::List(ListAction::Select { job_id, selected }))}
                onwatchmany={dispatch.to(|ids: Vec<String>| Action::WatchJob { job_id: ids.join("\n"), settings: None, at_ms: now_ms() })} />
        },
        Tab::Create => html! {
            <CreateView form={state.create.clone()} onedit={dispatch.to(|(f, v)| Action::Create(CreateAction::Edit(f, v)))}
                same_origin={state.form.connection().ok().map(|c| crate::client::page_origin().is_none_or(|o| o.eq_ignore_ascii_case(c.endpoint.origin())))}
                onsubmit={dispatch.to(|()| Action::Create(CreateAction::Submit { fresh_key: super::browser::random_key() }))} />
        },
        Tab::Job if state.shows_batch() => html! {
            <>
                { manual_status(&state.manual, None) }
                <BatchView batch={state.batch.clone()} now_ms={now_ms()} status={batch_status_text(state)}
                    committing={state.manual.request.is_loading()}
                    onopen={dispatch.to(|job_id| Action::OpenJob { job_id, at_ms: now_ms() })}
                    onsort={dispatch.to(|key| Action::Batch(BatchAction::Sort(key)))}
                    onfilter={dispatch.to(|f| Action::Batch(BatchAction::Filter(f)))}
                    oncommitall={Some(dispatch.to(|job_ids| Action::Manual(ManualAction::Ask { kind: crate::state::ManualKind::Commit, job_ids })))}
                    onreport={onreport.clone()}
                    oncopy={(!embedded).then(|| copy_link(share_query(&state.form), copied.clone()))} copied={(*copied).clone()}
                    notify={(!embedded).then_some(state.form.notify)} onnotify={dispatch.to(|n| Action::Form(FormAction::SetNotify(n)))} />
            </>
        },
        Tab::Job => job_panel(JobPanel {
            onreport,
            job: &state.job,
            status: status_text(state),
            share_query: (!embedded).then(|| share_query(&state.form)),
            notify: (!embedded).then_some(state.form.notify),
            stall_ms: state.form.stall_ms(),
            onrefresh: dispatch.to(|()| Action::Job(JobAction::Refresh)),
            onnotify: dispatch.to(|n| Action::Form(FormAction::SetNotify(n))),
            onsort,
            onfilter,
            copied,
            manual: &state.manual,
            onmanual: Some(dispatch.to(|(kind, job_ids)| Action::Manual(ManualAction::Ask { kind, job_ids }))),
            onback: state.batch.focus.is_some().then(|| dispatch.to(|()| Action::BackToBatch { at_ms: now_ms() })),
            onreimport: state.reimport_plan().is_some().then(|| dispatch.to(|()| Action::Reimport)),
        }),
    }
}

/// Makes callbacks that dispatch an action built from their value.
struct Dispatch(UseReducerDispatcher<PageState>);

impl Dispatch {
    fn to<T: 'static>(&self, to_action: fn(T) -> Action) -> Callback<T> {
        let dispatcher = self.0.clone();
        Callback::from(move |value| dispatcher.dispatch(to_action(value)))
    }
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
