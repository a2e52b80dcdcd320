//! Readiness in the job view: the index phase measured (a second bar, the collection's rows
//! indexed and pending, how fast pending falls, the job's own rows beside them) and, after
//! Completed, the one line that says whether the rows can be searched.

use super::parts::ProgressBar;
use crate::format::thousands;
use crate::readiness::{IndexProgress, Known};
use crate::state::CollectionReadiness;
use yew::prelude::*;

/// The second bar and its words, while the job is in the sorting or index band and the
/// collection's indexes are readable; a refusal keeps today's text (nothing is shown here).
pub fn index_phase(readiness: &CollectionReadiness, job_rows: Option<u64>) -> Html {
    let progress = match &readiness.index {
        Known::Read(progress) => progress,
        Known::Failed(why) => return html! { <p class="muted index-note">{ format!("Index progress unknown: {why}.") }</p> },
        Known::Unread | Known::NoPermission => return html! {},
    };
    let Some(last) = progress.last() else { return html! {} };
    let percent = indexed_percent(progress);
    let own = job_rows.map(|rows| format!(" This load's rows: {}.", thousands(rows))).unwrap_or_default();
    let sentence = progress.sentence();
    html! {
        <div class="index-phase" part="index">
            <div class="progress-row">
                <ProgressBar value={percent} text={format!("{} rows pending", thousands(last.pending))} label="Index progress, collection-wide" part="index-bar" />
                <span class="percent">{ format!("{percent} %") }</span>
            </div>
            <p class="index-words">{ sentence }{ " Collection-wide: other loads and recent inserts count too." }{ own }</p>
        </div>
    }
}

/// Rows indexed of the collection's total, as a whole percentage (100 only when none wait).
fn indexed_percent(progress: &IndexProgress) -> u8 {
    let Some(last) = progress.last() else { return 0 };
    if last.pending == 0 {
        return 100;
    }
    let total = last.total.max(1) as f64;
    (((total - last.pending.min(last.total) as f64) / total * 100.0).floor() as u8).min(99)
}

/// After Completed: loaded or not, rows stored, rows visible; "ready" once they are.
pub fn ready_line(readiness: &CollectionReadiness, now_ms: f64) -> Html {
    let Some(after) = &readiness.after else { return html! {} };
    let ready = after.visible_at_ms.is_some();
    html! {
        <p class={classes!("ready-line", ready.then_some("ready"))} part="readiness" role="status">
            <strong>{ if ready { "Ready to search. " } else { "Ready to search? " } }</strong>
            { after.sentence(now_ms) }
        </p>
    }
}

/// A batch's collections, one readiness line each however many jobs load into it.
pub fn collection_lines(collections: &[CollectionReadiness], now_ms: f64) -> Html {
    if collections.is_empty() {
        return html! {};
    }
    // Several servers: each collection is named with its server (a pair has the same on both).
    let first = collections.first().map(|c| &c.key.connection);
    let several = collections.iter().any(|c| Some(&c.key.connection) != first);
    html! {
        <div class="collections">
            { for collections.iter().map(|c| html! {
                <div class="collection-readiness" key={format!("{} {}", c.key.connection.endpoint.base(), c.key.collection)}>
                    <h3>{ if several {
                        format!("Collection {} on {}", crate::format::display_text(&c.key.collection), c.key.connection.endpoint.base())
                    } else {
                        format!("Collection {}", crate::format::display_text(&c.key.collection))
                    } }</h3>
                    if c.in_index_phase() || c.after.is_some() {
                        { index_phase(c, Some(c.job_rows()).filter(|rows| *rows > 0)) }
                    }
                    { ready_line(c, now_ms) }
                </div>
            }) }
        </div>
    }
}
