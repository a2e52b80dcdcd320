//! What the package reads out of jobs for a script or a dashboard that draws its own UI: a
//! failure reason triaged (`explainImportFailure`) and where a job's time went
//! (`summarizeImportPhases`), the same code the widget shows them with.

use super::types::{from_ts, to_ts};
use crate::job::triage::explain_failure;
use crate::job::BandTable;
use crate::model::ImportJob;
use crate::timeline::{phase_summary, phases::short_label, Timeline};
use serde::{Deserialize, Serialize};
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

/// A failure reason read for a person (see `explainImportFailure`).
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ImportFailure {
    /// "dimension-mismatch", "file-not-found", …; absent when no known pattern matches: then
    /// show `reason` whole.
    #[tsify(optional)]
    pub cause_class: Option<String>,
    /// "Vector dimension mismatch"; "" when unknown.
    pub title: String,
    /// The one-line fix; "" when unknown.
    pub hint: String,
    /// The cause without the file record and the error-code suffixes.
    pub cause: String,
    /// The paths of the file group the reason names.
    pub files: Vec<String>,
    #[tsify(optional)]
    pub row: Option<u64>,
    #[tsify(optional)]
    pub field: Option<String>,
    #[tsify(optional)]
    pub expected: Option<String>,
    #[tsify(optional)]
    pub actual: Option<String>,
    /// The reason as the server sent it.
    pub reason: String,
}

/// Reads a failed job's `reason` (or a file's, or an error message of create): the cause class
/// with a one-line fix, the file, and where the server gives them the row, the field, the
/// expected and the actual values.
///
/// ```ts
/// const f = explainImportFailure(job.reason);
/// // { causeClass: "dimension-mismatch", title: "Vector dimension mismatch", files: ["imports/bad.json"],
/// //   row: 12, field: "vector", expected: "768", actual: "767", hint: "Make every vector…", … }
/// ```
#[wasm_bindgen(js_name = explainImportFailure)]
pub fn explain_import_failure(reason: &str) -> Result<Ts<ImportFailure>, JsValue> {
    let t = explain_failure(reason);
    to_ts(&ImportFailure {
        cause_class: t.class.map(|c| kebab(&format!("{c:?}"))),
        title: t.title.to_owned(),
        hint: t.hint.to_owned(),
        cause: t.cause,
        files: t.files,
        row: t.row,
        field: t.field,
        expected: t.expected,
        actual: t.actual,
        reason: t.reason,
    })
}

/// "DimensionMismatch" → "dimension-mismatch".
fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// One answer of a job and when it arrived (`Date.now()`).
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ImportObservation {
    pub at_ms: f64,
    pub job: ImportJob,
}

/// How `summarizeImportPhases` reads the observations.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PhaseOptions {
    /// "legacy" for Milvus 2.4.0–2.4.12 (no `describe` route: index building holds 70 %).
    #[tsify(optional)]
    pub bands: Option<String>,
    /// Where a running job's current phase ends; the last observation's time by default.
    #[tsify(optional)]
    pub now_ms: Option<f64>,
}

/// One phase and how long it took, as observed.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ImportPhase {
    /// "queued", "scanning", "writing", "sorting", "building index", "waiting for commit",
    /// "committing", "unknown state".
    pub phase: String,
    pub start_ms: f64,
    pub end_ms: f64,
    pub duration_ms: f64,
}

/// Where a job's time went.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ImportPhaseSummary {
    pub phases: Vec<ImportPhase>,
    /// From the job's creation to the first observation, when it was already past the queue.
    #[tsify(optional)]
    pub unwatched_ms: Option<f64>,
    /// The phase that took longest, once there are two.
    #[tsify(optional)]
    pub longest: Option<String>,
    pub finished: bool,
    /// "Queued 2 min 00 s · scanning 6 min 00 s · writing 31 min 00 s. Longest: writing."
    pub text: String,
}

/// Where a job's time went, from the answers a script polled (oldest first), as the widget
/// measures it: each phase from when it was first seen to when the next one was.
///
/// ```ts
/// const seen = [];
/// while (!done) { seen.push({ atMs: Date.now(), job: await fetchImportProgress(options) }); … }
/// summarizeImportPhases(seen).text; // "Queued 2 min 00 s · scanning 6 min 00 s · writing 31 min 00 s · building index 24 min 00 s. Longest: writing."
/// ```
#[wasm_bindgen(js_name = summarizeImportPhases)]
pub fn summarize_import_phases(
    #[wasm_bindgen(unchecked_param_type = "ImportObservation[]")] observations: JsValue,
    options: Option<Ts<PhaseOptions>>,
) -> Result<Ts<ImportPhaseSummary>, JsValue> {
    let observations: Vec<ImportObservation> = serde_wasm_bindgen::from_value(observations)
        .map_err(|e| JsValue::from(js_sys::TypeError::new(&format!("summarizeImportPhases: {e}"))))?;
    let options = options.map(from_ts).transpose()?.unwrap_or_default();
    let bands = if options.bands.as_deref() == Some("legacy") { BandTable::Legacy } else { BandTable::Modern };
    let mut timeline = Timeline::default();
    for seen in &observations {
        timeline.observe(&seen.job, bands, seen.at_ms);
    }
    let last = observations.last();
    let now = options.now_ms.or(last.map(|o| o.at_ms)).unwrap_or_default();
    let summary = phase_summary(&timeline, last.map_or(&ImportJob::default(), |o| &o.job), now);
    to_ts(&ImportPhaseSummary {
        phases: summary
            .spans
            .iter()
            .map(|s| ImportPhase {
                phase: short_label(s.phase).to_owned(),
                start_ms: s.start_ms,
                end_ms: s.end_ms,
                duration_ms: s.duration_ms(),
            })
            .collect(),
        unwatched_ms: summary.unwatched_ms,
        longest: summary.longest().map(|s| short_label(s.phase).to_owned()),
        finished: summary.finished,
        text: summary.text(),
    })
}
