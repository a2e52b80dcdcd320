//! The panel under the tabs: the open tab's view, with callbacks that dispatch the page's
//! actions: `tab_panel`, which the engine holds (`engine`), and `history_panel`, which the root
//! draws itself (History needs no engine). The batch's view and History's are parts of their
//! own, drawn through `lazy`.

use super::batch::{BatchViewProps, BATCH};
use super::browser::now_ms;
use super::create::{CreateView, CreateViewProps};
use super::dispatch::Dispatch;
use super::history::{HistoryTabProps, HISTORY};
use super::lazy::Lazy;
use super::list::{JobList, JobListProps};
use super::manual::manual_status;
use super::panel::{job_panel, JobPanel};
use super::slot::StateSlot;
use crate::link::share_query;
use crate::model::FileState;
use crate::state::batch::BatchAction;
use crate::state::{
    batch_status_text, status_text, Action, CollectionReadiness, CreateAction, FormAction, JobAction, ListAction, ManualAction, PageState,
    SortKey, Tab,
};
use yew::prelude::*;

/// The History tab, a part with its own state (waiting in `slot` while another tab is open);
/// a kept job it opens is opened on the page.
pub fn history_panel(slot: StateSlot, dispatch: &Dispatch) -> Html {
    let props = HistoryTabProps { slot, onopen: dispatch.to(|(endpoint, job_id)| Action::OpenKept { endpoint, job_id, at_ms: now_ms() }) };
    html! { <Lazy<HistoryTabProps> part={HISTORY} {props} /> }
}

/// The open tab's view (History has its own: `history_panel`).
pub fn tab_panel(
    state: &PageState,
    dispatch: &Dispatch,
    embedded: bool,
    (onsort, onfilter): (Callback<SortKey>, Callback<Option<FileState>>),
    report: Option<(Callback<()>, Option<String>)>,
) -> Html {
    let (onreport, report_note) = report.map_or((None, None), |(on, note)| (Some(on), note));
    match state.tab {
        Tab::Jobs => list_panel(state, dispatch),
        Tab::Create => create_panel(state, dispatch),
        Tab::Job if state.shows_batch() => batch_panel(state, dispatch, embedded, (onreport, report_note)),
        Tab::History => Html::default(),
        Tab::Job => job_panel(JobPanel {
            onreport,
            report_note,
            job: &state.job,
            status: status_text(state),
            share_query: (!embedded).then(|| share_query(&state.form)),
            notify: (!embedded).then_some(state.form.notify),
            stall_ms: state.form.stall_ms(),
            onrefresh: dispatch.to(|()| Action::Job(JobAction::Refresh)),
            onnotify: dispatch.to(|n| Action::Form(FormAction::SetNotify(n))),
            onsort,
            onfilter,
            manual: &state.manual,
            commit_facts: state.commit_facts(),
            replayed: state.create.replayed.clone(),
            onnewkey: Some(dispatch.to(|()| Action::Create(CreateAction::NewKey))),
            onmanual: Some(dispatch.to(|(kind, job_ids)| Action::Manual(ManualAction::Ask { kind, job_ids }))),
            onback: state.batch.focus.is_some().then(|| dispatch.to(|()| Action::BackToBatch { at_ms: now_ms() })),
            onreimport: state.reimport_plan().is_some().then(|| dispatch.to(|()| Action::Reimport)),
            readiness: job_readiness(state),
            ahead: state.job_ahead(),
            log_link: state.log_link(now_ms()).and_then(Result::ok).map(AttrValue::from),
        }),
    }
}

/// The Job tab while a batch is shown: the batch's view.
fn batch_panel(
    state: &PageState,
    dispatch: &Dispatch,
    embedded: bool,
    (onreport, report_note): (Option<Callback<()>>, Option<String>),
) -> Html {
    let props = yew::props!(BatchViewProps {
        batch: state.batch.clone(),
        now_ms: now_ms(),
        status: batch_status_text(state),
        collections: state
            .batch
            .target
            .as_ref()
            .map(|t| t.servers.iter().flat_map(|c| state.readiness.on(c)).collect::<Vec<_>>())
            .unwrap_or_default(),
        committing: state.manual.request.is_loading(),
        onopen: dispatch.to(|job_id| Action::OpenJob { job_id, at_ms: now_ms() }),
        onsort: dispatch.to(|key| Action::Batch(BatchAction::Sort(key))),
        onfilter: dispatch.to(|f| Action::Batch(BatchAction::Filter(f))),
        onserverfilter: dispatch.to(|s| Action::Batch(BatchAction::FilterServer(s))),
        onpaircommit: Some(
            dispatch.to(|id| Action::Manual(ManualAction::Ask { kind: crate::state::ManualKind::Commit, job_ids: vec![id] }))
        ),
        onpairabort: Some(dispatch.to(|id| Action::Manual(ManualAction::Ask { kind: crate::state::ManualKind::Abort, job_ids: vec![id] }))),
        onpairup: Some(dispatch.to(|primary| Action::PairUp { primary, at_ms: now_ms() })),
        ahead: state.batch_ahead(),
        log_links: state.batch_log_links(now_ms()).into_iter().map(|(key, link)| (key, AttrValue::from(link))).collect::<Vec<_>>(),
        oncommitall: Some(dispatch.to(|job_ids| Action::Manual(ManualAction::Ask { kind: crate::state::ManualKind::Commit, job_ids }))),
        abortable: state.abortable_in_batch().unwrap_or_default(),
        onabortall: Some(dispatch.to(|job_ids| Action::Manual(ManualAction::Ask { kind: crate::state::ManualKind::Abort, job_ids }))),
        onreport,
        report_note,
        share_query: (!embedded).then(|| share_query(&state.form)),
        notify: (!embedded).then_some(state.form.notify),
        onnotify: dispatch.to(|n| Action::Form(FormAction::SetNotify(n))),
    });
    html! {
        <>
            { manual_status(&state.manual, None) }
            <Lazy<BatchViewProps> part={BATCH} {props} />
        </>
    }
}

/// The All jobs tab: the server's job list.
fn list_panel(state: &PageState, dispatch: &Dispatch) -> Html {
    let props = JobListProps {
        list: state.list.clone(),
        oncollection: dispatch.to(|c| Action::List(ListAction::Edit(c))),
        onrefresh: dispatch.to(|()| Action::List(ListAction::Refresh)),
        onsort: dispatch.to(|s| Action::List(ListAction::Sort(s))),
        onfilter: dispatch.to(|f| Action::List(ListAction::Filter(f))),
        onwatch: dispatch.to(|job_id| Action::WatchJobs { job_ids: vec![job_id], settings: None, at_ms: now_ms() }),
        onselect: dispatch.to(|(job_id, selected)| Action::List(ListAction::Select { job_id, selected })),
        onwatchmany: dispatch.to(|job_ids| Action::WatchJobs { job_ids, settings: None, at_ms: now_ms() }),
    };
    html! { <JobList ..props /> }
}

/// The New import tab: the create form with its checks.
fn create_panel(state: &PageState, dispatch: &Dispatch) -> Html {
    let props = CreateViewProps {
        form: state.create.clone(),
        onedit: dispatch.to(|(f, v)| Action::Create(CreateAction::Edit(f, v))),
        checks: state.prechecks(),
        reading: state.precheck.request.is_loading(),
        onanyway: dispatch.to(|()| Action::Create(CreateAction::SubmitAnyway { fresh_key: super::browser::random_key() })),
        same_origin: state
            .form
            .connection()
            .ok()
            .map(|c| crate::client::page_origin().is_none_or(|o| o.eq_ignore_ascii_case(c.endpoint.origin()))),
        onsubmit: dispatch.to(|()| Action::Create(CreateAction::Submit { fresh_key: super::browser::random_key() })),
    };
    html! { <CreateView ..props /> }
}

/// The watched job's collection's readiness, once read.
fn job_readiness(state: &PageState) -> Option<CollectionReadiness> {
    let connection = &state.job.target.as_ref()?.connection;
    let collection = &state.job.snapshot.as_ref()?.job.collection_name;
    state.readiness.of(connection, collection).cloned()
}
