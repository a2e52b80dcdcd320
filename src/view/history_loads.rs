//! A collection's loads over time (a small chart of their durations, failures marked, with the
//! same figures in a table and the newest against the median in words) and two loads side by
//! side, from the figures the history's catalogue keeps with each job.

use crate::format::{display_text, human_duration, thousands};
use crate::history::loads::{compare, AgainstMedian, Load, Phase, BATCH_LABEL};
use yew::prelude::*;

const UNKNOWN: &str = "unknown";
/// The chart's box (it scales to any width).
const WIDTH: u32 = 600;
const HEIGHT: u32 = 120;

/// A duration, or "unknown" when nobody saw it.
pub(super) fn duration_text(ms: Option<f64>) -> String {
    ms.map_or_else(|| UNKNOWN.to_owned(), human_duration)
}

/// Rows per second, or "unknown".
pub(super) fn rate_text(rate: Option<f64>) -> String {
    rate.map_or_else(|| UNKNOWN.to_owned(), |r| format!("{} rows/s", thousands(r.round() as u64)))
}

/// One server's loads into `collection`, oldest first.
pub fn trend_view(endpoint: &str, collection: &str, points: &[&Load]) -> Html {
    let said = AgainstMedian::of(points).map(|against| against.sentence(collection));
    let title = format!("Loads into {} on {}", display_text(collection), display_text(endpoint));
    html! {
        <section class="history-trend" part="history-trend" aria-label={title.clone()}>
            <h3>{ title }</h3>
            if let Some(said) = said {
                <p class="trend-said">{ said }</p>
            }
            { duration_chart(collection, points) }
            { trend_table(points) }
        </section>
    }
}

/// A bar per load, its height its duration; a failed load's bar is marked (its time is until
/// it failed). An image with its own description; the table says the same in figures.
fn duration_chart(collection: &str, points: &[&Load]) -> Html {
    let longest = points.iter().filter_map(|l| l.duration_ms).fold(0.0, f64::max);
    let known = points.iter().filter(|l| l.duration_ms.is_some()).count();
    let label = match known {
        0 => format!("No duration is known for the {} loads into {}.", points.len(), display_text(collection)),
        _ => format!(
            "Durations of {known} loads into {}, oldest first; the longest took {}.",
            display_text(collection),
            human_duration(longest)
        ),
    };
    let count = u32::try_from(points.len().max(1)).unwrap_or(u32::MAX);
    let slot = WIDTH / count;
    let bar = |(i, load): (usize, &&Load)| {
        let height = load.duration_ms.filter(|_| longest > 0.0).map_or(0, |d| ((d / longest) * f64::from(HEIGHT - 10)).round() as u32);
        let x = slot * u32::try_from(i).unwrap_or(0) + slot / 8;
        let class = if load.failed() { "trend-bar failed" } else { "trend-bar" };
        let what = format!("job {}: {}, {}", display_text(&load.job_id), load.state, duration_text(load.duration_ms));
        html! {
            <rect class={class} x={x.to_string()} y={(HEIGHT - height).to_string()} width={(slot * 3 / 4).max(1).to_string()}
                height={height.to_string()}><title>{ what }</title></rect>
        }
    };
    html! {
        <svg class="trend-chart" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img" aria-label={label} preserveAspectRatio="none">
            { for points.iter().enumerate().map(bar) }
        </svg>
    }
}

fn trend_table(points: &[&Load]) -> Html {
    let row = |load: &&Load| {
        let failed = match load.failed_files {
            Some(0) => "none".to_owned(),
            Some(n) => n.to_string(),
            None => UNKNOWN.to_owned(),
        };
        html! {
            <tr>
                <th scope="row">{ display_text(&load.job_id) }</th>
                <td>{ load.state.to_string() }</td>
                <td class="num">{ duration_text(load.duration_ms) }</td>
                <td class="num">{ rate_text(load.rows_per_sec) }</td>
                { for Phase::ALL.iter().map(|p| html! { <td class="num">{ duration_text(load.phase_ms(*p)) }</td> }) }
                <td class="num">{ failed }</td>
            </tr>
        }
    };
    html! {
        <div class="table-wrap">
            <table class="trend-table">
                <caption class="sr-only">{ "Each load's duration, rows per second, time in each phase and failed file groups, oldest first" }</caption>
                <thead><tr>
                    <th scope="col">{ "Job ID" }</th><th scope="col">{ "State" }</th><th scope="col">{ "Duration" }</th>
                    <th scope="col">{ "Rows/s" }</th>
                    { for Phase::ALL.iter().map(|p| html! { <th scope="col">{ p.label() }</th> }) }
                    <th scope="col">{ "Failed groups" }</th>
                </tr></thead>
                <tbody>{ for points.iter().map(row) }</tbody>
            </table>
        </div>
    }
}

/// Two kept loads (jobs or batches) side by side, the first picked first; "unknown" where
/// nobody saw a figure.
pub fn comparison_view(a: &Load, b: &Load) -> Html {
    let compared = compare(a, b);
    let value = |what: &str, v: Option<f64>| match (what, v) {
        (_, None) => UNKNOWN.to_owned(),
        ("rows per second", Some(r)) => rate_text(Some(r)),
        ("rows" | "file groups" | "failed file groups", Some(n)) => thousands(n.round() as u64),
        (_, Some(ms)) => human_duration(ms),
    };
    html! {
        <section class="history-compare" part="history-compare" aria-labelledby="compare-title">
            <h3 id="compare-title">{ format!("{} against {}", capitalised(&named(a)), named(b)) }</h3>
            <ul class="compare-said">{ for compared.sentences.iter().map(|s| html! { <li>{ s.clone() }</li> }) }</ul>
            <table class="compare-table">
                <thead><tr>
                    <th scope="col">{ "Figure" }</th>
                    <th scope="col">{ format!("First: {}", named(a)) }</th>
                    <th scope="col">{ format!("Second: {}", named(b)) }</th>
                </tr></thead>
                <tbody>{ for compared.rows.iter().map(|d| html! {
                    <tr data-figure={d.what}><th scope="row">{ d.what }</th><td class="num">{ value(d.what, d.a) }</td><td class="num">{ value(d.what, d.b) }</td></tr>
                }) }</tbody>
            </table>
        </section>
    }
}

/// "job 4709…" or "batch of 5 jobs from …": what a compared load is.
fn named(load: &Load) -> String {
    match load.job_id.starts_with(BATCH_LABEL) {
        true => display_text(&load.job_id),
        false => format!("job {}", display_text(&load.job_id)),
    }
}

/// The text with its first letter in capitals (it begins with an ASCII word here).
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_ascii_uppercase().to_string() + chars.as_str())
}
