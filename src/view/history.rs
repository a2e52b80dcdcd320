//! The History tab: every job kept in this browser, across servers (the endpoint shown, never
//! a token), newest first; filtered by server, collection and state, searched by ID; how much
//! is kept and its bounds; forgetting, export and import; and, from the figures the catalogue
//! keeps, a collection's trend and two loads side by side (`history_loads`). It reads nothing
//! from any server: a click on a job opens it, and only then is its server asked.

use super::browser::local_time;
use super::history_loads::{comparison_view, duration_text, rate_text, trend_view};
use super::history_queue::HistoryQueue;
use super::hooks::{use_history, HistoryCalls};
use super::parts::state_pill;
use super::slot::{use_slot_reducer, StateSlot};
use crate::format::{display_text, human_size};
use crate::history::loads::{trend, Load};
use crate::history::store::{Catalogue, Entry, BATCH_PICK, DEFAULT_BOUNDS};
use crate::state::{HistoryAction, HistoryFilter, HistoryState, Reduced};
use yew::prelude::*;

/// Properties of [`HistoryTab`]: what the root hands the tab.
#[derive(Properties, PartialEq, Clone)]
pub struct HistoryTabProps {
    /// Where the tab's state (its filters, search, picks and note) waits while another tab is open.
    pub slot: StateSlot,
    /// Open a kept job: its server and its ID.
    pub onopen: Callback<(String, String)>,
}

super::lazy::part!(pub HISTORY, history, "the History view", HistoryTabProps => |props| html! { <HistoryTab ..props /> });

/// The tab with its state: the catalogue read each time it is opened, and the tab's calls.
#[function_component(HistoryTab)]
pub fn history_tab(props: &HistoryTabProps) -> Html {
    let history = use_slot_reducer::<Reduced<HistoryState>>(&props.slot);
    let d = history.dispatcher();
    let calls = use_history(true, HistoryQueue::page(), d.to_callback());
    let props = HistoryViewProps {
        history: (**history).clone(),
        calls,
        onfilter: d.to_callback().reform(|(which, value)| HistoryAction::Filter(which, value)),
        onsearch: d.to_callback().reform(HistoryAction::Search),
        onpick: d.to_callback().reform(|(key, picked)| HistoryAction::Pick { key, picked }),
        onconfirm: d.to_callback(),
        onopen: props.onopen.clone(),
    };
    html! { <HistoryView ..props /> }
}

/// Properties of [`HistoryView`].
#[derive(Properties, PartialEq, Clone)]
pub struct HistoryViewProps {
    pub history: HistoryState,
    pub calls: HistoryCalls,
    pub onfilter: Callback<(HistoryFilter, Option<String>)>,
    pub onsearch: Callback<String>,
    /// A job's key picked to compare (true) or let go.
    pub onpick: Callback<(String, bool)>,
    /// Open a kept job: its server and its ID.
    pub onopen: Callback<(String, String)>,
    /// Asking to forget, or cancelling.
    pub onconfirm: Callback<HistoryAction>,
}

/// The tab.
#[function_component(HistoryView)]
pub fn history_view(props: &HistoryViewProps) -> Html {
    let state = &props.history;
    let body = match &state.catalogue {
        None => html! { <p class="muted" role="status">{ "Reading the history kept in this browser…" }</p> },
        Some(Err(why)) => html! { <p class="error" role="alert">{ format!("This browser keeps no history here: {why}") }</p> },
        Some(Ok(catalogue)) => kept_view(props, catalogue),
    };
    html! {
        <section class="history" part="history" aria-labelledby="history-title">
            <h2 id="history-title">{ "History" }</h2>
            { body }
            if let Some(note) = &state.note {
                <p class="note history-note" role="status">{ note.clone() }</p>
            }
            { file_controls(&props.calls) }
        </section>
    }
}

/// What is kept: its size, its filters, its table, then a trend and a comparison when asked.
fn kept_view(props: &HistoryViewProps, catalogue: &Catalogue) -> Html {
    let state = &props.history;
    let (jobs, bytes) = catalogue.totals();
    let usage = format!(
        "{jobs} job{} kept in this browser, {}: at most {} jobs and {}, the oldest going first.",
        if jobs == 1 { "" } else { "s" },
        human_size(bytes as u64),
        DEFAULT_BOUNDS.max_jobs,
        human_size(DEFAULT_BOUNDS.max_bytes as u64)
    );
    if jobs == 0 {
        return html! { <p class="history-usage">{ "No job is kept in this browser yet: every job watched here is kept, without its token." }</p> };
    }
    let rows = catalogue.rows(&state.filter);
    html! {
        <>
            <p class="history-usage">{ usage }</p>
            { filters(props) }
            { forget_controls(props) }
            <p class="muted" role="status">{ format!("{} of {jobs} shown, newest first.", rows.len()) }</p>
            { jobs_table(props, &rows) }
            { batches_list(props, catalogue) }
            { trends(state, catalogue) }
            { comparison(state, catalogue) }
        </>
    }
}

fn filters(props: &HistoryViewProps) -> Html {
    let state = &props.history;
    let select = |which: HistoryFilter, label: &'static str, all: &'static str| {
        let selected = match which {
            HistoryFilter::Server => state.filter.server.clone(),
            HistoryFilter::Collection => state.filter.collection.clone(),
            HistoryFilter::State => state.filter.state.clone(),
        }
        .unwrap_or_default();
        let onchange = props.onfilter.reform(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            (which, Some(value).filter(|v| !v.is_empty()))
        });
        html! {
            <label class="filter">
                { label }
                <select {onchange}>
                    <option value="" selected={selected.is_empty()}>{ all }</option>
                    { for state.choices(which).into_iter().map(|value| html! {
                        <option value={value.clone()} selected={selected == value}>{ display_text(&value) }</option>
                    }) }
                </select>
            </label>
        }
    };
    let oninput = props.onsearch.reform(|e: InputEvent| e.target_unchecked_into::<web_sys::HtmlInputElement>().value());
    html! {
        <div class="history-filters">
            { select(HistoryFilter::Server, "Server ", "All servers") }
            { select(HistoryFilter::Collection, "Collection ", "All collections") }
            { select(HistoryFilter::State, "State ", "All states") }
            <label class="filter">{ "Job ID " }<input type="search" value={state.filter.search.clone()} {oninput} /></label>
        </div>
    }
}

fn jobs_table(props: &HistoryViewProps, rows: &[&Entry]) -> Html {
    let picked = &props.history.picked;
    let row = |entry: &Entry| {
        let key = entry.key.clone();
        let is_picked = picked.contains(&entry.key);
        let onchange = props.onpick.reform(move |e: Event| (key.clone(), e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()));
        let opened = (entry.endpoint.clone(), entry.job_id.clone());
        let onclick = props.onopen.reform(move |_| opened.clone());
        let load = entry.load.as_ref();
        let duration = duration_text(load.and_then(|l| l.duration_ms));
        let rate = rate_text(load.and_then(|l| l.rows_per_sec));
        let id = display_text(&entry.job_id);
        html! {
            <tr data-key={entry.key.clone()}>
                <td><input type="checkbox" checked={is_picked} {onchange} aria-label={format!("Compare job {id}")} /></td>
                <td><button type="button" class="link" {onclick} aria-label={format!("Open kept job {id}")}>{ id.clone() }</button></td>
                <td class="endpoint">{ display_text(&entry.endpoint) }</td>
                <td>{ display_text(&entry.collection) }</td>
                <td>{ state_pill(&entry.state) }</td>
                <td>{ local_time(entry.saved_at_ms) }</td>
                <td class="num">{ duration }</td>
                <td class="num">{ rate }</td>
            </tr>
        }
    };
    html! {
        <div class="table-wrap">
            <table class="history-table">
                <caption class="sr-only">{ "Jobs kept in this browser, newest first" }</caption>
                <thead><tr>
                    <th scope="col">{ "Compare" }</th><th scope="col">{ "Job ID" }</th><th scope="col">{ "Server" }</th>
                    <th scope="col">{ "Collection" }</th><th scope="col">{ "State" }</th><th scope="col">{ "Saved" }</th>
                    <th scope="col">{ "Duration" }</th><th scope="col">{ "Rows/s" }</th>
                </tr></thead>
                <tbody>{ for rows.iter().map(|e| row(e)) }</tbody>
            </table>
        </div>
    }
}

/// A trend per server for the collection chosen (none until one is).
fn trends(state: &HistoryState, catalogue: &Catalogue) -> Html {
    let Some(collection) = state.filter.collection.as_deref() else {
        return html! { <p class="muted">{ "Choose a collection to see its loads over time." }</p> };
    };
    let loads: Vec<_> = catalogue.entries.iter().filter_map(|e| e.load.clone()).collect();
    let servers: Vec<&str> = match state.filter.server.as_deref() {
        Some(server) => vec![server],
        None => catalogue.servers().into_iter().filter(|s| loads.iter().any(|l| l.endpoint == *s && l.collection == collection)).collect(),
    };
    html! { <>{ for servers.into_iter().map(|server| trend_view(server, collection, &trend(&loads, server, collection))) }</> }
}

/// The two loads picked (jobs or batches), side by side (a hint until two are).
fn comparison(state: &HistoryState, catalogue: &Catalogue) -> Html {
    let picked: Vec<Option<Load>> = state.picked.iter().map(|pick| catalogue.picked_load(pick)).collect();
    match picked.as_slice() {
        [Some(a), Some(b)] => comparison_view(a, b),
        [_, _] => html! { <p class="muted">{ "These copies hold no figures to compare." }</p> },
        _ => html! { <p class="muted">{ "Tick two jobs (or two batches) to compare them." }</p> },
    }
}

/// The batches kept, each as one load to compare: its jobs, how they ended, how long it took.
fn batches_list(props: &HistoryViewProps, catalogue: &Catalogue) -> Html {
    let batches = catalogue.batches(&props.history.filter);
    if batches.is_empty() {
        return Html::default();
    }
    let row = |(batch, entries): &(&str, Vec<&Entry>)| {
        let pick = format!("{BATCH_PICK}{batch}");
        let is_picked = props.history.picked.contains(&pick);
        let onchange = {
            let pick = pick.clone();
            props.onpick.reform(move |e: Event| (pick.clone(), e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))
        };
        let failed = entries.iter().filter(|e| e.state == "Failed").count();
        let took = duration_text(catalogue.picked_load(&pick).and_then(|l| l.duration_ms));
        let label = format!("Batch of {}", display_text(batch));
        html! {
            <li>
                <label class="check"><input type="checkbox" checked={is_picked} {onchange} aria-label={format!("Compare {label}")} />{ label }</label>
                { format!(": {} kept, {failed} failed; took {took}", entries.len()) }
            </li>
        }
    };
    html! {
        <section class="history-batches" aria-labelledby="batches-title">
            <h3 id="batches-title">{ "Batches" }</h3>
            <ul>{ for batches.iter().map(row) }</ul>
        </section>
    }
}

/// *Forget…* for the server chosen and for all, each confirmed first: nothing comes back.
fn forget_controls(props: &HistoryViewProps) -> Html {
    let state = &props.history;
    if let Some(server) = &state.confirming {
        let count = state.forgetting(server.as_deref());
        let jobs = if count == 1 { "1 job".to_owned() } else { format!("{count} jobs") };
        let question = match server {
            Some(server) => {
                format!("Forget {jobs} of {}? This cannot be undone; export the history first to keep a copy.", display_text(server))
            }
            None => format!("Forget all history ({jobs})? This cannot be undone; export the history first to keep a copy."),
        };
        let asked = server.clone();
        return html! {
            <div class="history-forget confirm" role="group" aria-label="Confirm forgetting">
                <p>{ question }</p>
                <button type="button" class="danger" onclick={props.calls.onforget.reform(move |_| asked.clone())}>{ "Forget" }</button>
                <button type="button" onclick={props.onconfirm.reform(|_| HistoryAction::CancelForget)}>{ "Cancel" }</button>
            </div>
        };
    }
    let forget_server = state.filter.server.clone().map(|server| {
        let label = format!("Forget {}'s history…", display_text(&server));
        html! { <button type="button" onclick={props.onconfirm.reform(move |_| HistoryAction::AskForget(Some(server.clone())))}>{ label }</button> }
    });
    html! {
        <div class="history-forget">
            { for forget_server }
            <button type="button" onclick={props.onconfirm.reform(|_| HistoryAction::AskForget(None))}>{ "Forget all history…" }</button>
        </div>
    }
}

fn file_controls(calls: &HistoryCalls) -> Html {
    let onimport = calls.onimport.clone();
    let onchange = Callback::from(move |e: Event| {
        let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            onimport.emit(file);
        }
        // The same file can be chosen again (after a fix, or into another profile).
        input.set_value("");
    });
    html! {
        <div class="history-file">
            <button type="button" onclick={calls.onexport.reform(|_| ())}>{ "Export history" }</button>
            <label class="file-pick">{ "Import a history file " }<input type="file" accept="application/json,.json" {onchange} /></label>
        </div>
    }
}
