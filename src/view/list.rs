//! The job list: every job the server retains (or of one collection), sortable and
//! filterable; a click watches that job.

use super::browser::local_time;
use super::job::ProgressBar;
use crate::format::display_text;
use crate::model::JobState;
use crate::state::{ListSort, ListState, RequestState};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct JobListProps {
    pub list: ListState,
    pub oncollection: Callback<String>,
    pub onrefresh: Callback<()>,
    pub onsort: Callback<ListSort>,
    pub onfilter: Callback<Option<JobState>>,
    pub onwatch: Callback<String>,
}

const COLUMNS: [(ListSort, &str); 4] =
    [(ListSort::JobId, "Job ID"), (ListSort::Collection, "Collection"), (ListSort::State, "State"), (ListSort::Progress, "Progress")];
const STATES: [&str; 7] = ["", "Pending", "Importing", "Uncommitted", "Committing", "Completed", "Failed"];

#[function_component(JobList)]
pub fn job_list(props: &JobListProps) -> Html {
    let list = &props.list;
    let rows = list.rows();
    let oninput = props.oncollection.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let onsubmit = props.onrefresh.reform(|e: SubmitEvent| e.prevent_default());
    let onchange = props.onfilter.reform(|e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        (!value.is_empty()).then(|| JobState::from_wire(&value))
    });
    let selected = list.filter.as_ref().map(JobState::as_str).unwrap_or_default().to_owned();
    html! {
        <section class="jobs" aria-labelledby="jobs-heading">
            <div class="files-head">
                <h2 id="jobs-heading">{ "Import jobs on this server" }</h2>
                <form class="inline" {onsubmit}>
                    <label for="list-collection">{ "Collection" }</label>
                    <input id="list-collection" type="text" value={list.collection.clone()} {oninput} placeholder="all collections" />
                    <button type="submit" disabled={list.request == RequestState::Loading}>{ "Refresh list" }</button>
                    <label class="filter">
                        { "Show " }
                        <select onchange={onchange}>
                            { for STATES.iter().map(|s| html! { <option value={*s} selected={selected == *s}>{ if s.is_empty() { "All" } else { s } }</option> }) }
                        </select>
                    </label>
                </form>
            </div>
            if let RequestState::Failed(error) = &list.request {
                <div class="banner error" role="alert">{ error.to_string() }</div>
            }
            <p class="muted">
                { match list.fetched_at_ms { Some(at) => format!("Listed at {}; refreshed every 30 s while open (list is expensive on the server).", local_time(at)), None => "Loading the list…".to_owned() } }
            </p>
            if list.records.is_some() && rows.is_empty() {
                <p class="muted">{ "No jobs." }</p>
            } else if !rows.is_empty() {
                <div class="table-scroll" tabindex="0" role="region" aria-label="Job table">
                    <table>
                        <thead><tr>
                            { for COLUMNS.iter().map(|(key, label)| {
                                let sorted = list.sort == *key;
                                let aria = if !sorted { "none" } else if list.descending { "descending" } else { "ascending" };
                                let key = *key;
                                html! {
                                    <th scope="col" aria-sort={aria}>
                                        <button type="button" class="sort" onclick={props.onsort.reform(move |_| key)}>{ *label }</button>
                                    </th>
                                }
                            }) }
                            <th scope="col">{ "Reason" }</th>
                        </tr></thead>
                        <tbody>
                            { for rows.into_iter().map(|record| {
                                let id = record.job_id.clone();
                                let onclick = props.onwatch.reform(move |_| id.clone());
                                let state = record.state.to_string();
                                html! {
                                    <tr key={record.job_id.clone()} class={classes!((record.state == JobState::Failed).then_some("failed"))}>
                                        <td><button type="button" class="link mono" {onclick} aria-label={format!("Watch job {}", record.job_id)}>{ display_text(&record.job_id) }</button></td>
                                        <td>{ display_text(&record.collection_name) }</td>
                                        <td><span class={classes!("pill", format!("pill-{}", state.to_ascii_lowercase()))}>{ state.clone() }</span></td>
                                        <td class="progress-cell">
                                            if let Some(progress) = record.progress {
                                                <ProgressBar class="small" value={progress} text={format!("{state}, {progress} %")}
                                                    label={format!("Progress of job {}", record.job_id)} />
                                                <span class="num">{ format!("{progress} %") }</span>
                                            } else {
                                                // Zilliz Cloud's list has no progress: unknown, not 0 %.
                                                <span class="num" title="The server's job list does not report progress.">{ super::job::UNKNOWN }</span>
                                            }
                                        </td>
                                        <td class="reason-cell">{ record.reason.as_deref().map(display_text).unwrap_or_default() }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}
