//! The progress and throughput chart: SVG drawn from `timeline::chart_series`, phases as
//! labelled bands, a pointer or the arrow keys move a cursor whose values are read out, and a
//! data table for anyone who would rather read than look.

use super::hooks::use_details_open;
use crate::format::{human_duration, thousands};
use crate::timeline::{phases::short_label, ChartPoint, ChartSeries};
use yew::prelude::*;

/// The chart's box: it scales to any width, lines stay one pixel (`non-scaling-stroke`).
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 180.0;
/// Room above the plot for the phase labels.
const TOP: f64 = 18.0;

/// Properties of [`ProgressChart`].
#[derive(Properties, PartialEq)]
pub struct ProgressChartProps {
    pub series: ChartSeries,
}

/// "+4 min 10 s": a time on the chart, from its start (no clock, no zone).
fn offset(series: &ChartSeries, at_ms: f64) -> String {
    format!("+{}", human_duration(at_ms - series.start_ms))
}

fn rate_text(point: &ChartPoint) -> String {
    point.rows_per_sec.map_or_else(|| "unknown".to_owned(), |r| format!("{} rows/s", thousands(r.round() as u64)))
}

/// What the cursor reads at one point.
fn readout(series: &ChartSeries, point: &ChartPoint) -> String {
    let phase = series.bands.iter().rev().find(|b| b.start_ms <= point.at_ms).map_or("", |b| short_label(b.phase));
    let rows = point.rows.map_or_else(|| "unknown".to_owned(), thousands);
    let restart = if point.restart { " (rows went down: a task restarted)" } else { "" };
    format!("{}: {phase}, {} %, {rows} rows, {}{restart}", offset(series, point.at_ms), point.progress, rate_text(point))
}

/// The chart.
#[function_component(ProgressChart)]
pub fn progress_chart(props: &ProgressChartProps) -> Html {
    let series = &props.series;
    let cursor = use_state(|| None::<usize>);
    let (table_open, ontoggle) = use_details_open(false);
    let last = series.points.len().saturating_sub(1);
    let onpointermove = {
        let (cursor, series) = (cursor.clone(), series.clone());
        Callback::from(move |e: PointerEvent| {
            let rect = e.target_unchecked_into::<web_sys::Element>().get_bounding_client_rect();
            if rect.width() > 0.0 {
                cursor.set(series.nearest((f64::from(e.client_x()) - rect.left()) / rect.width()));
            }
        })
    };
    let onkeydown = {
        let cursor = cursor.clone();
        Callback::from(move |e: KeyboardEvent| {
            let at = (*cursor).unwrap_or(last);
            let next = match e.key().as_str() {
                "ArrowLeft" => at.saturating_sub(1),
                "ArrowRight" => (at + 1).min(last),
                "Home" => 0,
                "End" => last,
                _ => return,
            };
            e.prevent_default();
            cursor.set(Some(next));
        })
    };
    let onfocus = {
        let cursor = cursor.clone();
        Callback::from(move |_: FocusEvent| cursor.set(Some((*cursor).unwrap_or(last))))
    };
    let selected = (*cursor).and_then(|i| series.points.get(i));
    let plot = HEIGHT - TOP;
    let rate_max = format!("{} rows/s", thousands(series.max_rate.round() as u64));
    html! {
        <figure class="chart" part="chart">
            <figcaption id="chart-title"><strong>{ "Progress and rows written per second" }</strong>
                <span class="muted">{ format!(" · {} · times observed by this page", human_duration(series.end_ms - series.start_ms)) }</span>
            </figcaption>
            <div class="plot-scroll">
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} class="chart-plot" role="img" aria-labelledby="chart-title chart-desc" tabindex="0"
                {onpointermove} onpointerleave={let c = cursor.clone(); Callback::from(move |_| c.set(None))} {onkeydown} {onfocus}>
                <desc id="chart-desc">{ "Arrow keys move along the points; their values are read out below the chart." }</desc>
                { bands(series) }
                <g transform={format!("translate(0 {TOP})")}>
                    <line class="grid" x1="0" x2={WIDTH.to_string()} y1={format!("{:.1}", plot / 2.0)} y2={format!("{:.1}", plot / 2.0)} vector-effect="non-scaling-stroke" />
                    <path class="line-rate" d={series.rate_path(WIDTH, plot)} vector-effect="non-scaling-stroke" />
                    <path class="line-progress" d={series.progress_path(WIDTH, plot)} vector-effect="non-scaling-stroke" />
                    { for series.points.iter().filter(|p| p.restart).map(|p| html! {
                        <text class="restart" x={format!("{:.1}", series.x(p.at_ms, WIDTH))} y={format!("{:.1}", plot - 4.0)}>{ "↺" }</text>
                    }) }
                    if let Some(point) = selected {
                        <line class="cursor" x1={format!("{:.1}", series.x(point.at_ms, WIDTH))} x2={format!("{:.1}", series.x(point.at_ms, WIDTH))}
                            y1="0" y2={plot.to_string()} vector-effect="non-scaling-stroke" />
                        <circle class="cursor-dot" cx={format!("{:.1}", series.x(point.at_ms, WIDTH))} r="4"
                            cy={format!("{:.1}", plot * (1.0 - f64::from(point.progress.min(100)) / 100.0))} />
                    }
                </g>
            </svg>
            </div>
            <p class="chart-legend muted">
                <span class="key key-progress">{ "━ progress, 0–100 %" }</span>
                <span class="key key-rate">{ format!("┅ rows/s, 0–{rate_max}") }</span>
                <span>{ format!("from +0 s to {}", offset(series, series.end_ms)) }</span>
            </p>
            <p class="chart-readout" aria-live="polite">{ selected.map(|p| readout(series, p)).unwrap_or_else(|| "Point at the chart or focus it and use the arrow keys to read its values.".to_owned()) }</p>
            <details class="data-table" {ontoggle}>
                <summary>{ "Chart data as a table" }</summary>
                if table_open { { data_table(series) } }
            </details>
        </figure>
    }
}

/// The phases as labelled bands across the plot, each starting with a line.
fn bands(series: &ChartSeries) -> Html {
    html! {
        <>
        { for series.bands.iter().enumerate().map(|(i, band)| {
            let (x0, x1) = (series.x(band.start_ms, WIDTH), series.x(band.end_ms, WIDTH));
            html! { <g class={classes!("band", if i % 2 == 0 { "band-even" } else { "band-odd" })}>
                <title>{ format!("{}: from {} to {} ({})", short_label(band.phase), offset(series, band.start_ms), offset(series, band.end_ms), human_duration(band.duration_ms())) }</title>
                <rect x={format!("{x0:.1}")} y="0" width={format!("{:.1}", (x1 - x0).max(0.5))} height={HEIGHT.to_string()} />
                // Hidden rather than removed when the band is too narrow for it: a long watch
                // narrows the early bands, and the DOM keeps its shape.
                <text x={format!("{:.1}", x0 + 3.0)} y="12" visibility={(x1 - x0 <= 60.0).then_some("hidden")}>{ short_label(band.phase) }</text>
                <line x1={format!("{x0:.1}")} x2={format!("{x0:.1}")} y1="0" y2={HEIGHT.to_string()} class="band-start" vector-effect="non-scaling-stroke" />
            </g> }
        }) }
        </>
    }
}

/// The chart's points as a table, for reading rather than looking.
fn data_table(series: &ChartSeries) -> Html {
    html! {
        <table class="compact">
                        <thead><tr><th scope="col">{ "Time" }</th><th scope="col">{ "Progress" }</th><th scope="col">{ "Rows" }</th><th scope="col">{ "Rows/s" }</th></tr></thead>
                        <tbody>{ for series.points.iter().map(|p| html! {
                            <tr><td>{ offset(series, p.at_ms) }</td><td class="num">{ format!("{} %", p.progress) }</td>
                                <td class="num">{ p.rows.map_or_else(|| "unknown".to_owned(), thousands) }</td><td class="num">{ rate_text(p) }</td></tr>
                        }) }</tbody>
                    </table>
    }
}
