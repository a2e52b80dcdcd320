//! The per-file table: one row per file group, keyed by its wire name (the server's order
//! changes on every call), sortable and filterable.

use super::browser::local_time;
use super::table::{progress_cell, sort_headers, state_filter, state_pill};
use crate::format::{display_text, human_size, parse_rfc3339_ms, thousands};
use crate::model::{FileState, FileTask};
use crate::state::{SortKey, TableView};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FileTableProps {
    pub files: Vec<Rc<FileTask>>,
    pub view: TableView,
    pub onsort: Callback<SortKey>,
    pub onfilter: Callback<Option<FileState>>,
    /// What to say when the server lists no file (see `failure::no_files_note`).
    pub empty_note: AttrValue,
}

const COLUMNS: [(SortKey, &str); 6] = [
    (SortKey::File, "File"),
    (SortKey::Size, "Size"),
    (SortKey::State, "State"),
    (SortKey::Progress, "Progress"),
    (SortKey::Rows, "Rows"),
    (SortKey::Completed, "Completed"),
];

#[function_component(FileTable)]
pub fn file_table(props: &FileTableProps) -> Html {
    let rows = props.view.rows(&props.files);
    let files = &props.files;
    let count = |state: &str| files.iter().filter(|f| state.is_empty() || f.state.as_str() == state).count();
    let onpick = props.onfilter.reform(|state: Option<String>| state.as_deref().map(FileState::from_wire));
    let selected = props.view.filter.as_ref().map(FileState::as_str).unwrap_or_default();
    html! {
        <section class="files" part="files" aria-labelledby="files-heading">
            <div class="files-head">
                <h2 id="files-heading">{ "Files" }</h2>
                { state_filter(FileState::KNOWN.iter().map(FileState::as_str), selected, Some(&count), onpick) }
            </div>
            if props.files.is_empty() {
                <p class="muted">{ props.empty_note.clone() }</p>
            } else {
                <div class="table-scroll" tabindex="0" role="region" aria-label="File table">
                    <table part="files-table">
                        <thead>
                            <tr>
                                { sort_headers(&COLUMNS, props.view.sort, &props.onsort) }
                                <th scope="col">{ "Reason" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for unique_keys(rows).map(|(key, file)| html! { <FileRow {key} {file} /> }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}

/// Rows keyed by file name; a name the server repeats gets a suffix, since a keyed list with
/// duplicate keys cannot be diffed.
fn unique_keys(rows: Vec<Rc<FileTask>>) -> impl Iterator<Item = (String, Rc<FileTask>)> {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    rows.into_iter().map(move |file| {
        let count = seen.entry(file.file_name.clone()).or_insert(0);
        *count += 1;
        let key = if *count == 1 { file.file_name.clone() } else { format!("{}\u{0}{}", file.file_name, count) };
        (key, file)
    })
}

#[derive(Properties, PartialEq)]
struct FileRowProps {
    file: Rc<FileTask>,
}

#[function_component(FileRow)]
fn file_row(props: &FileRowProps) -> Html {
    let file = &props.file;
    let failed = file.state == FileState::Failed;
    let mut paths = file.paths();
    if paths.is_empty() {
        paths.push(file.file_name.clone());
    }
    let bar_label = format!("Progress of {}", display_text(paths.first().map(String::as_str).unwrap_or_default()));
    let completed = file.complete_time.as_ref().map(|t| parse_rfc3339_ms(t).map_or_else(|| display_text(t), local_time));
    let state = file.state.to_string();
    html! {
        <tr class={classes!(failed.then_some("failed"))} data-state={state.clone()}>
            <td class="file">{ for paths.into_iter().map(|p| html! { <span class="path mono">{ display_text(&p) }</span> }) }</td>
            <td class="num">{ human_size(file.file_size) }</td>
            <td>{ state_pill(&state) }</td>
            { progress_cell(Some(file.progress), &state, bar_label) }
            <td class="num">{ format!("{} / {}", file.imported_rows.map_or_else(|| super::job::UNKNOWN.to_owned(), thousands), thousands(file.total_rows)) }</td>
            <td>{ completed.unwrap_or_default() }</td>
            <td class="reason-cell">{ file.reason.as_deref().map(display_text).unwrap_or_default() }</td>
        </tr>
    }
}
