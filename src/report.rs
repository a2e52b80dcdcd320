//! *Export report*: the one-file page with a job (or a batch) embedded, which opens read-only
//! anywhere, past the server's retention and for people without credentials. What goes in (the
//! jobs as last seen, their timelines and the endpoint, never the token), how it is embedded in
//! the page and read back, and the read-only state it opens with. Pure, so tested natively.

use crate::model::ImportJob;
use crate::readiness::ReadinessReport;
use crate::state::batch::{BatchEntry, BatchWatch};
use crate::state::{JobWatch, PageState, Snapshot, Source};
use crate::timeline::Timeline;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// The ID of the `<script type="application/json">` element that carries a report.
pub const REPORT_ELEMENT_ID: &str = "mim-report";

/// The version of the embedded data; a page refuses a report of a later one.
pub const REPORT_FORMAT: u32 = 1;

/// What a report carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub format: u32,
    /// `Date.now()` of the export.
    pub exported_at_ms: f64,
    /// The Milvus endpoint the jobs are from: where to look next. Never the token.
    pub endpoint: String,
    /// A batch (several jobs, shown as one), or one job.
    pub batch: bool,
    pub jobs: Vec<ReportedJob>,
    /// What the page had read of the jobs' collections: index progress and readiness.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readiness: Vec<ReadinessReport>,
}

/// One job of a report, as the page last saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportedJob {
    pub job: ImportJob,
    /// When this answer arrived (or was saved, for a copy kept in the browser).
    pub seen_at_ms: f64,
    /// What the page recorded over time, for the charts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
}

/// Why a report cannot be written into the page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("The page to embed the report in has no Content-Security-Policy, so the report could not promise to make no request.")]
    NoPolicy,
    #[error("The page to embed the report in has no </body>.")]
    NoBody,
    #[error("The report could not be written: {0}")]
    Encode(String),
}

impl Report {
    /// The watched job as it is on screen (its last snapshot), with its timeline.
    pub fn of_job(snapshot: &Snapshot, timeline: &Timeline, endpoint: &str, now_ms: f64) -> Report {
        let timeline = (!timeline.points.is_empty()).then(|| timeline.clone());
        let job = ReportedJob { job: snapshot.job.clone(), seen_at_ms: snapshot.received_at_ms, timeline };
        Report {
            format: REPORT_FORMAT,
            exported_at_ms: now_ms,
            endpoint: endpoint.to_owned(),
            batch: false,
            jobs: vec![job],
            readiness: Vec::new(),
        }
    }

    /// The jobs of a batch that have figures (each with when it was kept, if it is a kept copy),
    /// in the batch's order; `None` if none has.
    pub fn of_batch(jobs: &[(Rc<ImportJob>, Option<f64>)], endpoint: &str, now_ms: f64) -> Option<Report> {
        let jobs: Vec<ReportedJob> = jobs
            .iter()
            .map(|(job, kept_at_ms)| ReportedJob { job: (**job).clone(), seen_at_ms: kept_at_ms.unwrap_or(now_ms), timeline: None })
            .collect();
        (!jobs.is_empty()).then(|| Report {
            format: REPORT_FORMAT,
            exported_at_ms: now_ms,
            endpoint: endpoint.to_owned(),
            batch: true,
            jobs,
            readiness: Vec::new(),
        })
    }

    /// What [`Report::of_batch`] takes from a batch: its jobs with figures.
    pub fn batch_jobs(batch: &BatchWatch) -> Vec<(Rc<ImportJob>, Option<f64>)> {
        batch.entries.iter().filter_map(|e| Some((e.job.clone()?, e.kept_at_ms))).collect()
    }

    /// What the page shows, when *Export report* is clicked: the batch (while its view is
    /// open) or the watched job; from the server it was asked of, else the form's endpoint.
    pub fn of_page(state: &PageState, now_ms: f64) -> Option<Report> {
        let batch = state.shows_batch();
        let watched =
            if batch { state.batch.target.as_ref().and_then(|t| t.first()) } else { state.job.target.as_ref().map(|w| &w.connection) };
        let endpoint = watched.map_or(state.form.endpoint.as_str(), |c| c.endpoint.base());
        let report = if batch {
            Report::of_batch(&Report::batch_jobs(&state.batch), endpoint, now_ms)
        } else {
            let snapshot = state.job.snapshot.as_ref()?;
            Some(Report::of_job(snapshot, &state.job.timeline, endpoint, now_ms))
        };
        let readiness = watched.map(|c| state.readiness.on(c).iter().map(|r| r.report(now_ms)).collect()).unwrap_or_default();
        report.map(|report| Report { readiness, ..report })
    }

    /// A job of the report as a stopped watch showing it: no target, so nothing polls it.
    pub fn job_watch(job: &ReportedJob) -> JobWatch {
        let snapshot = Snapshot::new(job.job.clone(), None, job.seen_at_ms).from_source(Source::Report);
        JobWatch { snapshot: Some(Rc::new(snapshot)), timeline: Rc::new(job.timeline.clone().unwrap_or_default()), ..JobWatch::default() }
    }

    /// The batch as a stopped batch showing each job's figures: no target, nothing is due.
    pub fn batch_watch(&self) -> BatchWatch {
        let entries = self
            .jobs
            .iter()
            .map(|reported| BatchEntry {
                job: Some(Rc::new(reported.job.clone())),
                due_ms: None,
                request: crate::state::RequestState::Ready,
                ..BatchEntry::new(&reported.job.job_id, reported.seen_at_ms)
            })
            .collect();
        BatchWatch { entries, ..BatchWatch::default() }
    }

    /// The report as the `<script>` element that carries it. `<` is escaped, so no text in a
    /// job (a reason, a file name) can close the element.
    pub fn to_script(&self) -> Result<String, ReportError> {
        let json = serde_json::to_string(self).map_err(|e| ReportError::Encode(e.to_string()))?;
        let json = json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026");
        Ok(format!("<script type=\"application/json\" id=\"{REPORT_ELEMENT_ID}\">{json}</script>"))
    }

    /// Reads the text of a report's `<script>` element; `None` for anything else, or a format
    /// this page does not know.
    pub fn read(text: &str) -> Option<Report> {
        serde_json::from_str::<Report>(text).ok().filter(|r| r.format <= REPORT_FORMAT && !r.jobs.is_empty())
    }

    /// The report's file name, e.g. `import-report-461829374610022401.html`.
    pub fn file_name(&self) -> String {
        match self.jobs.as_slice() {
            [one] if !self.batch => {
                format!("import-report-{}.html", one.job.job_id.chars().filter(char::is_ascii_alphanumeric).collect::<String>())
            }
            jobs => format!("import-report-batch-of-{}.html", jobs.len()),
        }
    }

    /// The file's `<title>`, written by [`embed`]; the report's page keeps it.
    fn title(&self) -> String {
        match self.jobs.as_slice() {
            [one] if !self.batch => format!("Import report · job {} · {}", one.job.job_id, crate::job::shown_state(&one.job)),
            jobs => format!("Import report · batch of {} jobs", jobs.len()),
        }
    }
}

/// The report file: `page` (the one-file page, `dist/milvus-import-monitor.html`) with the report
/// embedded before `</body>`, its title, and a policy that allows no connection at all: the
/// report makes no request, whoever opens it.
///
/// ```
/// use milvus_import_monitor::report::{embed, Report};
/// let page = r#"<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src http: https:"><title>Monitor</title></head><body></body></html>"#;
/// let report = Report { format: 1, exported_at_ms: 0.0, endpoint: "http://m:19530".into(), batch: true, jobs: vec![], readiness: vec![] };
/// let file = embed(page, &report).unwrap();
/// assert!(file.contains("connect-src 'none'") && file.contains(r#"id="mim-report""#));
/// ```
pub fn embed(page: &str, report: &Report) -> Result<String, ReportError> {
    let page = without_report(page);
    let policy_at = page.find("Content-Security-Policy").ok_or(ReportError::NoPolicy)?;
    let connect = page.get(policy_at..).and_then(|rest| rest.find("connect-src")).map(|at| at + policy_at).ok_or(ReportError::NoPolicy)?;
    let connect_end = page.get(connect..).and_then(|rest| rest.find([';', '"'])).map(|at| at + connect).ok_or(ReportError::NoPolicy)?;
    let mut out = format!("{}connect-src 'none'{}", page.get(..connect).unwrap_or_default(), page.get(connect_end..).unwrap_or_default());
    if let (Some(open), Some(close)) = (out.find("<title>"), out.find("</title>")) {
        let title = report.title().replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        out = format!("{}<title>{title}{}", out.get(..open).unwrap_or_default(), out.get(close..).unwrap_or_default());
    }
    let body_end = out.rfind("</body>").ok_or(ReportError::NoBody)?;
    out.insert_str(body_end, &format!("{}\n", report.to_script()?));
    Ok(out)
}

/// `page` without a report it already carries (a report exported from a report).
fn without_report(page: &str) -> String {
    let open = format!("<script type=\"application/json\" id=\"{REPORT_ELEMENT_ID}\">");
    match page.find(&open) {
        Some(start) => {
            let end = page.get(start..).and_then(|rest| rest.find("</script>")).map_or(page.len(), |at| start + at + "</script>".len());
            format!("{}{}", page.get(..start).unwrap_or_default(), page.get(end..).unwrap_or_default().trim_start_matches('\n'))
        }
        None => page.to_owned(),
    }
}
