//! A batch of CDC pairs: one row per job with the primary's and the standby's state, progress
//! and phase, the lag between them, and what they mean together (`job::pair`); *Commit on the
//! primary* only when both are `Uncommitted` (earlier, it asks first and says why), *Abort on the
//! primary* with its consequence. Nothing here acts on the standby.

use super::parts::{log_anchor, state_pill, UNKNOWN};
use crate::format::display_text;
use crate::job::pair::{PairMeaning, Side};
use crate::job::shown_state;
use crate::state::batch::{BatchEntry, BatchWatch};
use crate::state::{pair_rows, PairRow};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PairTableProps {
    pub batch: BatchWatch,
    pub now_ms: f64,
    /// A commit or an abort is being sent: the buttons wait.
    pub busy: bool,
    pub onopen: Callback<String>,
    /// *Commit on the primary* (after the early commit's confirmation); `None` in a report.
    pub oncommit: Option<Callback<String>>,
    /// *Abort on the primary* (the page's abort dialog confirms it); `None` in a report.
    pub onabort: Option<Callback<String>>,
    /// The log links of the stalled commits' jobs, by server (0: the primary) and job ID.
    #[prop_or_default]
    pub log_links: Vec<((usize, String), AttrValue)>,
}

#[function_component(PairTable)]
pub fn pair_table(props: &PairTableProps) -> Html {
    // An early commit waiting for the user's word: the job and why it is early.
    let confirming = use_state(|| None::<(String, &'static str)>);
    let rows = pair_rows(&props.batch, props.now_ms);
    let stalled: Vec<&PairRow> = rows.iter().filter(|r| r.meaning == PairMeaning::CommitStalled).collect();
    let endpoints = props.batch.target.as_ref().map(|t| t.servers.iter().map(|c| c.endpoint.base().to_owned()).collect::<Vec<_>>());
    let (primary, standby) = match endpoints.as_deref() {
        Some([p, s]) => (p.clone(), s.clone()),
        _ => (String::new(), String::new()),
    };
    html! {
        <div class="pairs" part="pairs">
            <p class="pair-servers">
                { "Primary " }<span class="mono">{ display_text(&primary) }</span>
                { " → standby " }<span class="mono">{ display_text(&standby) }</span>
                { ". Only reads are sent to the standby: it is read-only while it remains a standby." }
            </p>
            if !stalled.is_empty() {
                <div class="banner error pair-stall" role="alert" part="pair-stall">
                    <strong>{ format!("Commit stalled for {}: ", stalled.iter().map(|r| r.job_id).collect::<Vec<_>>().join(", ")) }</strong>
                    { PairMeaning::CommitStalled.advice() }
                    { for stalled.iter().flat_map(|r| [(0, "primary"), (1, "standby")].map(|(server, side)| {
                        let link = props.log_links.iter().find(|((s, id), _)| *s == server && id == r.job_id).map(|(_, link)| link);
                        log_anchor(link, format!("Logs of job {} on the {side}", r.job_id))
                    })) }
                </div>
            }
            if let Some((job_id, why)) = (*confirming).clone() {
                <div class="confirm-early" role="alertdialog" aria-labelledby="early-commit-title" part="early-commit">
                    <p id="early-commit-title"><strong>{ format!("Commit job {job_id} on the primary now?") }</strong>{ format!(" {why}") }</p>
                    <button type="button" class="danger" onclick={
                        let (confirming, oncommit, id) = (confirming.clone(), props.oncommit.clone(), job_id.clone());
                        Callback::from(move |_| { if let Some(on) = &oncommit { on.emit(id.clone()); } confirming.set(None); })
                    }>{ "Commit anyway" }</button>
                    <button type="button" onclick={{ let confirming = confirming.clone(); Callback::from(move |_| confirming.set(None)) }}>{ "Wait" }</button>
                </div>
            }
            <div class="table-scroll" tabindex="0" role="region" aria-label="Jobs on the primary and the standby">
                <table class="pair-table" part="pair-table">
                    <thead><tr>
                        <th scope="col">{ "Job ID" }</th><th scope="col">{ "Primary" }</th><th scope="col">{ "Standby" }</th>
                        <th scope="col">{ "Lag" }</th><th scope="col">{ "Together" }</th><th scope="col">{ "On the primary" }</th>
                    </tr></thead>
                    <tbody>{ for rows.iter().map(|r| pair_row(r, props, &confirming)) }</tbody>
                </table>
            </div>
        </div>
    }
}

fn pair_row(row: &PairRow, props: &PairTableProps, confirming: &UseStateHandle<Option<(String, &'static str)>>) -> Html {
    let id = row.job_id.to_owned();
    let commit = row.offer.commit.zip(props.oncommit.clone()).map(|(early, oncommit)| {
        let (id, confirming) = (id.clone(), confirming.clone());
        let onclick = Callback::from(move |_: MouseEvent| match early {
            None => oncommit.emit(id.clone()),
            Some(why) => confirming.set(Some((id.clone(), why))),
        });
        let label = if early.is_some() { "Commit early…" } else { "Commit on the primary" };
        html! { <button type="button" class={classes!("pair-commit", early.is_none().then_some("primary"))} disabled={props.busy} {onclick}>{ label }</button> }
    });
    let abort = row.offer.abort.zip(props.onabort.clone()).map(|(consequence, onabort)| {
        let id = id.clone();
        html! {
            <>
                <button type="button" class="danger pair-abort" disabled={props.busy} onclick={onabort.reform(move |_| id.clone())}>{ "Abort on the primary…" }</button>
                <small class="consequence">{ consequence }</small>
            </>
        }
    });
    let lag = match row.lag_points {
        Some(points) if points > 0 => format!("standby {points} points behind"),
        Some(points) if points < 0 => format!("standby {} points ahead", -points),
        Some(_) => "level".to_owned(),
        None if row.facts.standby == Side::Absent => "standby has not got it".to_owned(),
        None => UNKNOWN.to_owned(),
    };
    let created_after = row.created_after_ms.map(|ms| match ms {
        ms if ms >= 1_000.0 => format!("created {} after the primary", crate::format::human_duration(ms)),
        ms if ms <= -1_000.0 => format!("created {} before the primary (clocks?)", crate::format::human_duration(-ms)),
        _ => "created with the primary".to_owned(),
    });
    let onopen = props.onopen.reform({
        let id = id.clone();
        move |_| id.clone()
    });
    html! {
        <tr key={id.clone()} class={classes!(row.meaning.is_alert().then_some("alert"))} data-meaning={format!("{:?}", row.meaning)}>
            <td><button type="button" class="link mono" onclick={onopen} aria-label={format!("Open job {id} on the primary")}>{ display_text(&id) }</button></td>
            { side_cell(row.primary, row.facts.primary, "primary") }
            { side_cell(row.standby, row.facts.standby, "standby") }
            <td class="pair-lag">{ lag }
                if let Some(created_after) = created_after {
                    <small class="created-after">{ created_after }</small>
                }
            </td>
            <td class="pair-meaning">
                <strong>{ row.meaning.label() }</strong>
                <small>{ row.meaning.advice() }</small>
            </td>
            <td class="pair-actions">{ commit.unwrap_or_default() }{ abort.unwrap_or_default() }</td>
        </tr>
    }
}

/// One side: its state as shown, its progress and what it is doing, or why there is none.
fn side_cell(entry: Option<&BatchEntry>, side: Side, class: &'static str) -> Html {
    let job = entry.and_then(|e| e.job.as_deref()).filter(|_| side != Side::Absent);
    let state = match (side, job) {
        (Side::Absent, _) => "Not there".to_owned(),
        (_, Some(job)) => shown_state(job),
        (_, None) => "Asking…".to_owned(),
    };
    let phase = entry.and_then(BatchEntry::activity).filter(|_| job.is_some()).map(|a| a.label().to_owned()).unwrap_or_default();
    let reason = job.filter(|j| j.state == crate::model::JobState::Failed).and_then(|j| j.reason.clone());
    html! {
        <td class={classes!("pair-side", class)}>
            { state_pill(&state) }
            <span class="percent">{ job.map_or_else(|| UNKNOWN.to_owned(), |j| format!("{} %", j.progress)) }</span>
            <span class="phase">{ phase }</span>
            if let Some(reason) = reason {
                <details class="row-reason"><summary>{ "Reason" }</summary><p>{ display_text(&reason) }</p></details>
            }
        </td>
    }
}
