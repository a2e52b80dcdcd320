//! The job list: every job the server retains (or of one collection), sortable and
//! filterable; a click watches that job.

use super::browser::local_time;
use super::parts::{progress_cell, sort_headers, state_filter, state_pill};
use crate::format::display_text;
use crate::job::shown_state_of;
use crate::model::JobState;
use crate::state::{ListSort, ListState, RequestState};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct JobListProps {
    pub list: ListState,
    pub oncollection: Callback<String>,
    pub onrefresh: Callback<()>,
    pub onsort: Callback<ListSort>,
    pub onfilter: Callback<Option<JobState>>,
    pub onwatch: Callback<String>,
    /// Tick or untick a job for *Watch selected*.
    pub onselect: Callback<(String, bool)>,
    /// *Watch selected* and *Watch all shown*: the jobs to watch as a batch.
    pub onwatchmany: Callback<Vec<String>>,
}

const COLUMNS: [(ListSort, &str); 4] =
    [(ListSort::JobId, "Job ID"), (ListSort::Collection, "Collection"), (ListSort::State, "State"), (ListSort::Progress, "Progress")];

#[function_component(JobList)]
pub fn job_list(props: &JobListProps) -> Html {
    let list = &props.list;
    let rows = list.rows();
    let oninput = props.oncollection.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let onsubmit = props.onrefresh.reform(|e: SubmitEvent| e.prevent_default());
    let onpick = props.onfilter.reform(|state: Option<String>| state.as_deref().map(JobState::from_wire));
    let selected = list.filter.as_ref().map(JobState::as_str).unwrap_or_default();
    // `None` is how 2.4.0–2.4.4 answer for a job they do not know: never a listed job's state.
    let options: Vec<(String, Option<usize>)> =
        JobState::KNOWN.iter().filter(|s| **s != JobState::None).map(|s| (s.as_str().to_owned(), None)).collect();
    let shown: Vec<String> = rows.iter().map(|r| r.job_id.clone()).collect();
    let watch = |ids: Vec<String>| props.onwatchmany.reform(move |_| ids.clone());
    html! {
        <section class="jobs" part="list" aria-labelledby="jobs-heading">
            <div class="files-head">
                <h2 id="jobs-heading">{ "Import jobs on this server" }</h2>
                <form class="inline" {onsubmit}>
                    <label for="list-collection">{ "Collection" }</label>
                    <input id="list-collection" type="text" value={list.collection.clone()} {oninput} placeholder="all collections" />
                    <button type="submit" disabled={list.request.is_loading()}>{ "Refresh list" }</button>
                    { state_filter(&options, None, selected, onpick) }
                </form>
            </div>
            if let RequestState::Failed(error) = &list.request {
                <div class="banner error" role="alert">{ error.to_string() }</div>
            }
            if let Some(status) = list.status_text(local_time) {
                <p class="muted" role="status">{ status }</p>
            }
            if !rows.is_empty() {
                <div class="tools">
                    <button type="button" disabled={list.selected.is_empty()} onclick={watch(list.selected.clone())}>
                        { format!("Watch selected ({})", list.selected.len()) }
                    </button>
                    <button type="button" onclick={watch(shown)}>{ format!("Watch all shown ({})", rows.len()) }</button>
                </div>
            }
            if list.records.is_some() && rows.is_empty() {
                <p class="muted">{ "No jobs." }</p>
            } else if !rows.is_empty() {
                <div class="table-scroll" tabindex="0" role="region" aria-label="Job table">
                    <table>
                        <thead><tr>
                            <th scope="col"><span class="sr-only">{ "Select" }</span></th>
                            { sort_headers(&COLUMNS, list.sort, &props.onsort) }
                            <th scope="col">{ "Reason" }</th>
                        </tr></thead>
                        <tbody>
                            { for rows.into_iter().map(|record| {
                                let id = record.job_id.clone();
                                let onclick = props.onwatch.reform(move |_| id.clone());
                                let state = shown_state_of(&record.state, record.reason.as_deref());
                                let checked = list.selected.contains(&record.job_id);
                                let id = record.job_id.clone();
                                let onchange = props.onselect.reform(move |e: Event| (id.clone(), e.target_unchecked_into::<HtmlInputElement>().checked()));
                                html! {
                                    <tr key={record.job_id.clone()} class={classes!((state == "Failed").then_some("failed"))}>
                                        <td><input type="checkbox" {checked} {onchange} aria-label={format!("Select job {}", record.job_id)} /></td>
                                        <td><button type="button" class="link mono" {onclick} aria-label={format!("Watch job {}", record.job_id)}>{ display_text(&record.job_id) }</button></td>
                                        <td>{ display_text(&record.collection_name) }</td>
                                        <td>{ state_pill(&state) }</td>
                                        { progress_cell(record.progress, &state, format!("Progress of job {}", record.job_id)) }
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
