//! The Job tab: the error banner, the status line and tools (refresh, copy link, exports,
//! notification), the job's summary and its file table.

use super::browser::{copy_text, download, local_time, now_ms, request_notifications, share_link};
use super::files::FileTable;
use super::job::JobSummary;
use super::manual::{commit_controls, manual_status};
use super::time::TimeView;
use crate::export::{to_csv, to_json};
use crate::model::FileState;
use crate::state::{stale_text, JobWatch, ManualKind, ManualState, SortKey};
use yew::prelude::*;

/// What the Job tab shows and the callbacks it calls. A plain function, not a component: it
/// is redrawn with the page anyway, and a component's props and diffing cost the page bytes.
pub struct JobPanel<'a> {
    pub job: &'a JobWatch,
    pub status: String,
    /// The query string "Copy link" shares; `None` hides the button (embedded).
    pub share_query: Option<String>,
    /// The notification checkbox (standalone only): `Some(checked)`.
    pub notify: Option<bool>,
    pub stall_ms: f64,
    pub onrefresh: Callback<()>,
    pub onnotify: Callback<bool>,
    pub onsort: Callback<SortKey>,
    pub onfilter: Callback<Option<FileState>>,
    /// "Link copied." (or the link to copy by hand), once Copy link was clicked.
    pub copied: UseStateHandle<Option<String>>,
    pub manual: &'a ManualState,
    /// Commit / Abort; `None` in a report, which is read-only.
    pub onmanual: Option<Callback<(ManualKind, Vec<String>)>>,
    /// *Export report* (the standalone page only).
    pub onreport: Option<Callback<MouseEvent>>,
    /// "Back to the batch", when the job was opened from one.
    pub onback: Option<Callback<()>>,
    /// "Re-import failed files…", when the job failed with files to import again.
    pub onreimport: Option<Callback<()>>,
}

/// "Copy link": copies the page's link for `query`, then says so in `copied` (or shows the
/// link to copy by hand when the clipboard refuses).
pub fn copy_link(query: String, copied: UseStateHandle<Option<String>>) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        let link = share_link(&query);
        let copied = copied.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let ok = copy_text(&link).await;
            copied.set(Some(if ok { "Link copied.".to_owned() } else { format!("Copy this link: {link}") }));
        });
    })
}

/// "Notify me when it ends": asks the browser's permission when ticked.
pub fn notify_toggle(checked: bool, onnotify: &Callback<bool>) -> Html {
    let onchange = onnotify.reform(|e: Event| {
        let notify = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
        if notify {
            request_notifications();
        }
        notify
    });
    html! { <label class="check"><input type="checkbox" {checked} {onchange} />{ "Notify me when it ends" }</label> }
}

/// The Job tab.
pub fn job_panel(props: JobPanel) -> Html {
    let job = props.job;
    let copied = props.copied.clone();
    let oncopy = props.share_query.clone().map(|query| copy_link(query, copied.clone()));
    let export = |json: bool| {
        let (snapshot, order) = (job.snapshot.clone(), job.table.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(job) = snapshot.as_ref().map(|s| &s.job) {
                let name = format!("import-job-{}", job.job_id);
                if json {
                    download(&format!("{name}.json"), "application/json", &to_json(job, &order));
                } else {
                    download(&format!("{name}.csv"), "text/csv", &to_csv(job, &order));
                }
            }
        })
    };
    let watching = job.target.is_some();
    html! {
        <>
            if let Some(onback) = props.onback {
                <button type="button" class="back" onclick={onback.reform(|_| ())}>{ "← Back to the batch" }</button>
            }
            if let Some(error) = job.request.error() {
                <div class="banner error" role="alert" id="panel-error">{ error.to_string() }</div>
            }
            if let Some(stale) = stale_text(job, local_time) {
                <p class="note stale" role="note">{ stale }</p>
            }
            // Nothing to refresh, copy, export or be notified of before a job is asked for.
            if watching || job.snapshot.is_some() {
            <div class="toolbar">
                <p class="status" aria-live="polite">{ props.status }</p>
                <div class="tools">
                    if watching {
                        <button type="button" onclick={props.onrefresh.reform(|_| ())}>{ "Refresh" }</button>
                    }
                    if let (true, Some(oncopy)) = (watching, oncopy) {
                        <button type="button" onclick={oncopy}>{ "Copy link" }</button>
                    }
                    if job.snapshot.is_some() {
                        <button type="button" onclick={export(true)}>{ "Export JSON" }</button>
                        <button type="button" onclick={export(false)}>{ "Export CSV" }</button>
                        if let Some(onreport) = props.onreport.clone() {
                            <button type="button" onclick={onreport}>{ "Export report" }</button>
                        }
                    }
                    if let Some(checked) = props.notify {
                        { notify_toggle(checked, &props.onnotify) }
                    }
                </div>
            </div>
            }
            if let Some(message) = &*copied {
                <p class="note" role="status">{ message.clone() }</p>
            }
            { manual_status(props.manual, job.target.as_ref().map(|w| w.job_id.as_str()).or(job.snapshot.as_ref().map(|s| s.job.job_id.as_str()))) }
            if let Some(snapshot) = &job.snapshot {
                if let Some(onmanual) = &props.onmanual {
                    { commit_controls(&snapshot.job, job.band_table(), props.manual, onmanual) }
                }
                <JobSummary snapshot={snapshot.clone()} bands={job.band_table()} tracker={job.tracker.clone()}
                    now_ms={now_ms()} stall_ms={props.stall_ms} onreimport={props.onreimport.clone()} />
                <TimeView timeline={job.timeline.clone()} snapshot={snapshot.clone()} />
                <FileTable files={snapshot.job.details.clone()} view={job.table.clone()} onsort={props.onsort.clone()}
                    onfilter={props.onfilter.clone()} empty_note={crate::job::failure::no_files_note(&snapshot.job)} />
            }
        </>
    }
}
