//! The tools above a job or a batch: its status line, Refresh, Copy link (which owns the note
//! it leaves), the exports, Export report (and what it said), and the opt-in notification.

use super::browser::{copy_text, download, request_notifications, share_link};
use super::lazy::PartMissing;
use super::writers::{BatchWriter, Writers, WRITERS};
use crate::model::ImportJob;
use crate::state::{Snapshot, TableView};
use std::rc::Rc;
use yew::prelude::*;

/// What the exports write.
#[derive(Debug, Clone)]
pub enum Exports {
    /// Nothing yet (no figures).
    Nothing,
    /// One job, its files in the table's order.
    Job { snapshot: Rc<Snapshot>, order: TableView },
    /// A batch's jobs with figures, in its table's order; `version` moves with every answer.
    Batch { jobs: Rc<Vec<Rc<ImportJob>>>, version: u64 },
}

impl PartialEq for Exports {
    /// By pointer and version: a render that changed nothing compares in no time (a job's
    /// snapshot holds 1,024 files, a batch 50 jobs).
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Exports::Nothing, Exports::Nothing) => true,
            (Exports::Job { snapshot: a, order: x }, Exports::Job { snapshot: b, order: y }) => super::same(a, b) && x == y,
            (Exports::Batch { version: a, jobs: x }, Exports::Batch { version: b, jobs: y }) => a == b && x.len() == y.len(),
            _ => false,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// The status line (polling, paused, stopped).
    pub status: String,
    /// *Refresh* (a job being watched).
    #[prop_or_default]
    pub onrefresh: Option<Callback<()>>,
    /// The query string *Copy link* shares; `None` hides it (embedded, or nothing watched).
    #[prop_or_default]
    pub share_query: Option<String>,
    pub exports: Exports,
    /// *Export report* (the standalone page only), and what it said.
    #[prop_or_default]
    pub onreport: Option<Callback<()>>,
    #[prop_or_default]
    pub report_note: Option<String>,
    /// The notification checkbox (standalone only): `Some(checked)`.
    #[prop_or_default]
    pub notify: Option<bool>,
    #[prop_or_default]
    pub onnotify: Callback<bool>,
}

#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    // What Copy link or an export said.
    let said = use_state(|| None::<String>);
    let oncopy = props.share_query.clone().map(|query| {
        let copied = said.clone();
        Callback::from(move |_: MouseEvent| {
            let link = share_link(&query);
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = copy_text(&link).await;
                copied.set(Some(if ok { "Link copied.".to_owned() } else { format!("Copy this link: {link}") }));
            });
        })
    });
    let notes = (*said).iter().chain(&props.report_note).cloned().collect::<Vec<_>>();
    html! {
        <>
            <div class="toolbar">
                <p class="status" aria-live="polite">{ props.status.clone() }</p>
                <div class="tools">
                    if let Some(onrefresh) = &props.onrefresh {
                        <button type="button" onclick={onrefresh.reform(|_| ())}>{ "Refresh" }</button>
                    }
                    if let Some(oncopy) = oncopy {
                        <button type="button" onclick={oncopy}>{ "Copy link" }</button>
                    }
                    { export_buttons(&props.exports, said.setter()) }
                    if let (Some(onreport), false) = (&props.onreport, matches!(props.exports, Exports::Nothing)) {
                        <button type="button" onclick={onreport.reform(|_| ())}>{ "Export report" }</button>
                    }
                    if let Some(checked) = props.notify {
                        { notify_toggle(checked, &props.onnotify) }
                    }
                </div>
            </div>
            { for notes.into_iter().map(|note| html! { <p class="note" role="status">{ note }</p> }) }
        </>
    }
}

/// What an export writes, with the writers (`writers.rs`'s part) once they are in.
type Write = Rc<dyn Fn(Writers) -> String>;

/// The export buttons: a job's JSON and CSV, or a batch's JSON, CSV of jobs and CSV of files.
/// Each click writes what is on screen then; if the writers cannot be fetched, `say` says so.
fn export_buttons(exports: &Exports, say: UseStateSetter<Option<String>>) -> Html {
    let button = |label: &'static str, file: String, mime: &'static str, write: Write| {
        let say = say.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let (file, write, say) = (file.clone(), write.clone(), say.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match WRITERS.get().await {
                    Ok(writers) => {
                        download(&file, mime, &write(writers));
                        // A note that the exports could not be fetched is no longer true.
                        say.set(None);
                    }
                    Err(PartMissing) => say.set(Some(PartMissing::said(WRITERS.name))),
                }
            });
        });
        html! { <button type="button" {onclick}>{ label }</button> }
    };
    match exports {
        Exports::Nothing => html! {},
        Exports::Job { snapshot, order } => {
            let name = format!("import-job-{}", snapshot.job.job_id);
            let (json, csv) = ((snapshot.clone(), order.clone()), (snapshot.clone(), order.clone()));
            html! {
                <>
                    { button("Export JSON", format!("{name}.json"), "application/json", Rc::new(move |w: Writers| (w.job_json)(&json.0.job, &json.1))) }
                    { button("Export CSV", format!("{name}.csv"), "text/csv", Rc::new(move |w: Writers| (w.job_csv)(&csv.0.job, &csv.1))) }
                </>
            }
        }
        Exports::Batch { jobs, .. } => {
            let with = |writer: fn(&Writers) -> BatchWriter| {
                let jobs = jobs.clone();
                Rc::new(move |w: Writers| writer(&w)(&jobs.iter().map(|j| &**j).collect::<Vec<_>>())) as Write
            };
            html! {
                <>
                    { button("Export JSON", "import-batch.json".into(), "application/json", with(|w| w.batch_json)) }
                    { button("Export CSV (jobs)", "import-batch-jobs.csv".into(), "text/csv", with(|w| w.batch_jobs_csv)) }
                    { button("Export CSV (files)", "import-batch-files.csv".into(), "text/csv", with(|w| w.batch_files_csv)) }
                </>
            }
        }
    }
}

/// "Notify me when it ends": asks the browser's permission when ticked.
fn notify_toggle(checked: bool, onnotify: &Callback<bool>) -> Html {
    let onchange = onnotify.reform(|e: Event| {
        let notify = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
        if notify {
            request_notifications();
        }
        notify
    });
    html! { <label class="check"><input type="checkbox" {checked} {onchange} />{ "Notify me when it ends" }</label> }
}
