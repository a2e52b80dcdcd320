//! The files the page writes when asked: a job's or a batch's JSON and CSV, and the report
//! *Export report* writes into the one-file page. A part of their own in the split build:
//! nothing of them is needed before the first click.

use super::lazy::part;
use crate::export::{batch_files_csv, batch_jobs_csv, batch_to_json, to_csv, to_json};
use crate::model::ImportJob;
use crate::report::{embed, Report, ReportError};
use crate::state::TableView;

/// A batch's writer: its jobs in the table's order, as a file.
pub type BatchWriter = fn(&[&ImportJob]) -> String;

/// Each writer, a function of what is on screen.
#[derive(Clone, Copy)]
pub struct Writers {
    pub job_json: fn(&ImportJob, &TableView) -> String,
    pub job_csv: fn(&ImportJob, &TableView) -> String,
    pub batch_json: BatchWriter,
    pub batch_jobs_csv: BatchWriter,
    pub batch_files_csv: BatchWriter,
    /// The report written into the one-file page (`report::embed`).
    pub report: fn(&str, &Report) -> Result<String, ReportError>,
}

part!(pub WRITERS, writers, "the exports", fn Writers = Writers {
    job_json: to_json,
    job_csv: to_csv,
    batch_json: batch_to_json,
    batch_jobs_csv,
    batch_files_csv,
    report: embed,
});
