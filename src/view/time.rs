//! Where the time went: the summary line, the chart and the file timeline, one section below
//! the job's figures. A component of its own so a render of the page that changes neither the
//! job nor its timeline leaves it alone.

use super::chart::ProgressChart;
use super::files_timeline::FileTimelineView;
use super::hooks::use_details_open;
use crate::state::Snapshot;
use crate::timeline::{chart_series, file_timeline, phase_summary, Timeline};
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`TimeView`].
#[derive(Properties, Clone)]
pub struct TimeViewProps {
    pub timeline: Rc<Timeline>,
    pub snapshot: Rc<Snapshot>,
}

impl PartialEq for TimeViewProps {
    fn eq(&self, other: &Self) -> bool {
        super::same(&self.timeline, &other.timeline) && super::same(&self.snapshot, &other.snapshot)
    }
}

/// The "Where the time went" section; closed, it draws nothing but its summary line.
#[function_component(TimeView)]
pub fn time_view(props: &TimeViewProps) -> Html {
    let (open, ontoggle) = use_details_open(true);
    let now = props.snapshot.received_at_ms;
    let summary = phase_summary(&props.timeline, &props.snapshot.job, now);
    if summary.spans.is_empty() && props.timeline.points.len() < 2 {
        return html! {};
    }
    let text = summary.text();
    let charts = open.then(|| (chart_series(&props.timeline, summary.spans), file_timeline(&props.snapshot.job, &props.timeline, now)));
    html! {
        <details class="over-time" part="over-time" {open} {ontoggle}>
            <summary><h3>{ "Where the time went" }</h3></summary>
            if !text.is_empty() {
                <p class="phase-summary">{ text }</p>
            }
            // Said wherever the record is shown: live, kept, and in an exported report.
            if let Some(offset) = props.timeline.clock.sentence() {
                <p class="note clock-offset" part="clock-offset" role="note">
                    { offset }{ " Elapsed, the phases and the timelines are on this computer's clock; Created and Completed are as the server wrote them." }
                </p>
            }
            if let Some((series, files)) = charts {
                if series.points.len() >= 2 {
                    <ProgressChart {series} />
                }
                if !files.bars.is_empty() {
                    <FileTimelineView timeline={files} />
                }
            }
        </details>
    }
}
