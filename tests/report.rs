//! *Export report*: a watched job (and a batch) put into the one-file page and read back exactly;
//! no token in it; its policy allows no connection; a reason that holds `</script>` cannot break
//! out of the embedded data; the state it opens with polls nothing.

use milvus_import_monitor::model::ImportJob;
use milvus_import_monitor::report::{embed, Report, ReportError, REPORT_ELEMENT_ID};
use milvus_import_monitor::state::batch::{BatchAction, BatchWatch};
use milvus_import_monitor::state::{Action, FormFields, JobAction, PageState, PollAnswer, Source};
use std::rc::Rc;

const T: f64 = 1_764_000_000_000.0;
const JOB: &str = "462422016000000000";
const TOKEN: &str = "root:Milvus";
const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'wasm-unsafe-eval' 'sha256-abc'; connect-src http: https:; base-uri 'none'" />
<title>Milvus import monitor</title>
</head>
<body>
<script type="module" data-mim-page>boot()</script>
</body>
</html>
"#;

fn job(text: &str) -> ImportJob {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| serde_json::from_value(v["data"].clone()).ok())
        .unwrap_or_else(|| panic!("fixture does not decode"))
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A page that watched the job with a token and saw two answers.
fn watched(first: ImportJob, then: ImportJob) -> PageState {
    let form = FormFields { endpoint: "http://milvus:19530".into(), token: TOKEN.into(), job_id: JOB.into(), ..FormFields::default() };
    let mut s = PageState::with_form(form).apply(Action::Watch { at_ms: T }).unwrap_or_else(|| panic!("watch"));
    for (i, job) in [first, then].into_iter().enumerate() {
        let at_ms = T + 1_000.0 * (i as f64 + 1.0);
        s = s
            .apply(Action::Job(JobAction::Response(PollAnswer {
                id: s.job.sent,
                result: Ok(job),
                route: None,
                sent_ms: at_ms,
                at_ms,
                jitter: 0.5,
            })))
            .unwrap_or_else(|| panic!("answer"));
        if let Some(next) = s.apply(Action::Job(JobAction::Refresh)) {
            s = next;
        }
    }
    s
}

fn embedded(file: &str) -> Report {
    let open = format!(r#"<script type="application/json" id="{REPORT_ELEMENT_ID}">"#);
    let start = file.find(&open).unwrap_or_else(|| panic!("no report in the file")) + open.len();
    let end = start + file[start..].find("</script>").unwrap_or_else(|| panic!("report not closed"));
    Report::read(&file[start..end]).unwrap_or_else(|| panic!("report does not read back"))
}

#[test]
fn a_job_goes_in_whole_with_its_timeline_and_reads_back_exactly() {
    let mut running = job(&fixture("progress-2.5.json"));
    running.job_id = JOB.into();
    let mut later = running.clone();
    later.progress = running.progress.saturating_add(5);
    let s = watched(running, later.clone());
    let snapshot = s.job.snapshot.clone().unwrap_or_else(|| panic!("no snapshot"));
    let report = Report::of_job(&snapshot, &s.job.timeline, &s.form.endpoint, T + 10_000.0);
    assert_eq!(report.jobs.len(), 1);
    assert_eq!(report.jobs[0].job, later);
    assert_eq!(report.jobs[0].timeline.as_ref().map(|t| t.points.len()), Some(s.job.timeline.points.len()));
    assert!(s.job.timeline.points.len() >= 2);
    assert_eq!(report.file_name(), format!("import-report-{JOB}.html"));

    let file = embed(PAGE, &report).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(embedded(&file), report);
    // No token, in any form; the endpoint is there (where to look next).
    assert!(!file.contains(TOKEN) && !file.contains("cm9vdDpNaWx2dXM"));
    assert!(file.contains("http://milvus:19530"));
    // No connection at all, the rest of the policy as it was; the page's script untouched.
    assert!(
        file.contains("content=\"default-src 'none'; script-src 'wasm-unsafe-eval' 'sha256-abc'; connect-src 'none'; base-uri 'none'\"")
    );
    assert!(file.contains("<script type=\"module\" data-mim-page>boot()</script>"));
    assert!(file.contains(&format!("<title>Import report · job {JOB} · Importing</title>")));
}

#[test]
fn text_from_the_server_cannot_close_the_embedded_data() {
    let mut failed = job(&fixture("progress-2.5-failed.json"));
    failed.reason = Some("bad row </script><script>alert(1)</script> & <!-- x".into());
    let report = Report {
        format: 1,
        exported_at_ms: T,
        endpoint: "http://m:19530".into(),
        batch: false,
        jobs: vec![milvus_import_monitor::report::ReportedJob { job: failed.clone(), seen_at_ms: T, timeline: None }],
        readiness: Vec::new(),
    };
    let file = embed(PAGE, &report).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(file.matches("</script>").count(), 2, "the page's script and the report's, nothing else");
    assert!(!file.contains("<!--"));
    assert_eq!(embedded(&file).jobs[0].job.reason, failed.reason);
}

#[test]
fn a_report_of_a_report_carries_one_report_and_a_page_without_policy_is_refused() {
    let report = Report { format: 1, exported_at_ms: T, endpoint: String::new(), batch: true, jobs: Vec::new(), readiness: Vec::new() };
    let once = embed(PAGE, &report).unwrap_or_else(|e| panic!("{e}"));
    let twice = embed(&once, &report).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(twice.matches(REPORT_ELEMENT_ID).count(), 1);
    assert_eq!(twice, once);
    assert_eq!(embed("<html><body></body></html>", &report), Err(ReportError::NoPolicy));
    // A later format, or no jobs, is not a report this page can show.
    assert!(Report::read(r#"{"format":2,"exportedAtMs":0,"endpoint":"","batch":false,"jobs":[]}"#).is_none());
    assert!(Report::read("not json").is_none());
}

#[test]
fn a_batch_report_holds_every_job_with_figures_and_opens_stopped() {
    let mut batch = BatchWatch::default();
    let ids = ["462422016000000001", "462422016000000002", "462422016000000003"];
    batch.entries = ids.iter().map(|id| milvus_import_monitor::state::batch::BatchEntry::new(id, T)).collect();
    for (entry, name) in batch.entries.iter_mut().zip(["progress-2.5.json", "progress-2.5-failed.json"]) {
        let mut answer = job(&fixture(name));
        answer.job_id = entry.job_id.clone();
        entry.observe(answer, None, T);
    }
    let report = Report::of_batch(&Report::batch_jobs(&batch), "http://m:19530", T).unwrap_or_else(|| panic!("no report"));
    // The third job never answered: nothing to report of it.
    assert_eq!(report.jobs.iter().map(|j| j.job.job_id.as_str()).collect::<Vec<_>>(), &ids[..2]);
    assert_eq!(report.file_name(), "import-report-batch-of-2.html");

    let opened = report.batch_watch();
    assert!(opened.target.is_none());
    assert!(opened.entries.iter().all(|e| e.due_ms.is_none() && e.job.is_some() && e.kept_at_ms.is_none()));
    // Sorting still works on it, locally.
    assert!(opened.apply(BatchAction::Sort(milvus_import_monitor::state::batch::BatchSort::Progress)).is_some());
    // Each job opens as a stopped watch, marked as a report's figures: nothing polls it.
    let watch = Report::job_watch(&report.jobs[1]);
    assert!(watch.target.is_none());
    assert_eq!(watch.snapshot.as_ref().map(|s| s.source), Some(Source::Report));
    assert_eq!(watch.next_poll_in_ms(true), None);
    assert_eq!(
        watch.snapshot.as_ref().map(|s| Rc::clone(&s.job.details[0]).file_name.clone()),
        Some(report.jobs[1].job.details[0].file_name.clone())
    );
    assert!(Report::of_batch(&[], "", T).is_none());
}

#[test]
fn a_report_carries_what_was_read_of_the_collection() {
    use milvus_import_monitor::state::{ReadinessAction, Reply};
    let running = job(&fixture("progress-2.5-failed.json"));
    let mut done = running.clone();
    done.state = milvus_import_monitor::model::JobState::Completed;
    done.reason = None;
    done.collection_name = "book_embeddings".into();
    let page = watched(ImportJob { collection_name: "book_embeddings".into(), ..running }, done);
    // Completed: the page asks whether the rows can be searched; the collection is not loaded.
    let (id, ..) = page.readiness.requests().pop().unwrap_or_else(|| panic!("a readiness request"));
    let facts = milvus_import_monitor::client::CollectionFacts {
        load: Some(milvus_import_monitor::readiness::LoadState::NotLoaded),
        primary_key: None,
    };
    let page =
        page.apply(Action::Readiness(ReadinessAction::Response { id, reply: Reply::Collection(Ok(facts)), at_ms: T + 3_000.0 })).unwrap();
    let report = Report::of_page(&page, T + 4_000.0).unwrap_or_else(|| panic!("a report"));
    assert_eq!(report.readiness.len(), 1);
    assert_eq!((report.readiness[0].collection.as_str(), report.readiness[0].load.as_str()), ("book_embeddings", "not-loaded"));
    let file = embed(PAGE, &report).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(embedded(&file).readiness, report.readiness, "kept through the one-file page");
    assert!(!file.contains(TOKEN));
}
