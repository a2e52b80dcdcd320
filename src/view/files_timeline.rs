//! The file timeline: one bar per file group (or per run of neighbours past 40 groups), from
//! when this page first saw it in progress to the server's `completeTime`; idle gaps hatched,
//! a failed group marked with ✗ as well as colour, and a table of the same figures.

use super::hooks::use_details_open;
use crate::format::{display_text, human_duration};
use crate::timeline::{FileBar, FileTimeline};
use yew::prelude::*;

const WIDTH: f64 = 720.0;
/// Where the bars start: the labels are on the left.
const LABEL: f64 = 230.0;
const ROW: f64 = 16.0;

/// Properties of [`FileTimelineView`].
#[derive(Properties, PartialEq)]
pub struct FileTimelineProps {
    pub timeline: FileTimeline,
}

fn clip(label: &str) -> String {
    let shown = display_text(label);
    match shown.char_indices().nth(34) {
        Some((at, _)) => format!("{}…", shown.get(..at).unwrap_or_default()),
        None => shown,
    }
}

fn took(t: &FileTimeline, bar: &FileBar) -> String {
    match (bar.start_ms, bar.end_ms) {
        (Some(start), Some(end)) => human_duration(end - start),
        (Some(start), None) => format!("{} so far", human_duration(t.end_ms - start)),
        (None, Some(_)) => "unknown".to_owned(),
        (None, None) => "not started".to_owned(),
    }
}

/// The file timeline.
#[function_component(FileTimelineView)]
pub fn file_timeline_view(props: &FileTimelineProps) -> Html {
    let t = &props.timeline;
    let (table_open, ontoggle) = use_details_open(false);
    let span = (t.end_ms - t.start_ms).max(1.0);
    let x = |at: f64| LABEL + ((at - t.start_ms) / span).clamp(0.0, 1.0) * (WIDTH - LABEL);
    let height = ROW * t.bars.len() as f64 + 4.0;
    let at = |ms: Option<f64>| ms.map_or_else(|| "unknown".to_owned(), |ms| format!("+{}", human_duration(ms - t.start_ms)));
    let mut caption = format!("{} file group{}", t.groups, if t.groups == 1 { "" } else { "s" });
    if let Some((name, ms)) = &t.slowest {
        caption.push_str(&format!(" · slowest {} ({})", display_text(name), human_duration(*ms)));
    }
    if !t.gaps.is_empty() {
        let idle: f64 = t.gaps.iter().map(|(a, b)| b - a).sum();
        caption.push_str(&format!(" · idle {} in {} gap{}", human_duration(idle), t.gaps.len(), if t.gaps.len() == 1 { "" } else { "s" }));
    }
    html! {
        <figure class="file-timeline" part="file-timeline">
            <figcaption id="files-timeline-title"><strong>{ "File groups over time" }</strong>
                <span class="muted">{ format!(" · {caption} · start observed by this page, end from the server's completeTime on this page's clock") }</span>
            </figcaption>
            <div class="plot-scroll" tabindex="0" role="region" aria-label="File groups over time (scrolls sideways on a narrow screen)">
            <svg viewBox={format!("0 0 {WIDTH} {height}")} class="timeline-plot" role="img" aria-labelledby="files-timeline-title">
                { for t.gaps.iter().map(|(a, b)| html! {
                    <rect class="gap" x={format!("{:.1}", x(*a))} y="0" width={format!("{:.1}", (x(*b) - x(*a)).max(1.0))} height={height.to_string()} />
                }) }
                { for t.bars.iter().enumerate().map(|(i, bar)| {
                    let y = ROW * i as f64 + 2.0;
                    let start = bar.start_ms.or(bar.end_ms).unwrap_or(t.end_ms);
                    let end = bar.end_ms.unwrap_or(t.end_ms);
                    let (x0, x1) = (x(start), x(end));
                    html! { <g class={classes!("file-bar", bar.failed.then_some("failed"), bar.end_ms.is_none().then_some("open"))}>
                        <title>{ format!("{}: {}", display_text(&bar.label), took(t, bar)) }</title>
                        <text x="0" y={format!("{:.1}", y + ROW - 5.0)}>{ if bar.failed { format!("✗ {}", clip(&bar.label)) } else { clip(&bar.label) } }</text>
                        if bar.start_ms.is_none() && bar.end_ms.is_none() {
                            <text class="waiting" x={LABEL.to_string()} y={format!("{:.1}", y + ROW - 5.0)}>{ "not started" }</text>
                        } else {
                            <rect x={format!("{x0:.1}")} y={format!("{:.1}", y + 2.0)} width={format!("{:.1}", (x1 - x0).max(2.0))} height={(ROW - 5.0).to_string()} rx="2" />
                        }
                    </g> }
                }) }
            </svg>
            </div>
            <details class="data-table" {ontoggle}>
                <summary>{ "File timeline as a table" }</summary>
                if table_open {
                    <table class="compact">
                        <thead><tr><th scope="col">{ "File group" }</th><th scope="col">{ "Groups" }</th><th scope="col">{ "Started (observed)" }</th>
                            <th scope="col">{ "Completed (server)" }</th><th scope="col">{ "Took" }</th></tr></thead>
                        <tbody>{ for t.bars.iter().map(|bar| html! {
                            <tr><td class="mono">{ display_text(&bar.label) }{ if bar.failed { " (failed)" } else { "" } }</td><td class="num">{ bar.groups }</td>
                                <td>{ at(bar.start_ms) }</td><td>{ at(bar.end_ms) }</td><td>{ took(t, bar) }</td></tr>
                        }) }</tbody>
                    </table>
                }
            </details>
        </figure>
    }
}
