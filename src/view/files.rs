//! The per-file table: one row per file group, keyed by its wire name (the server's order
//! changes on every call), sortable and filterable.

use super::browser::local_time;
use super::job::ProgressBar;
use crate::format::{display_text, human_size, parse_rfc3339_ms, thousands};
use crate::model::{FileState, FileTask};
use crate::state::{SortKey, TableView};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
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

const FILTERS: [(&str, &str); 5] =
    [("", "All"), ("Pending", "Pending"), ("InProgress", "In progress"), ("Completed", "Completed"), ("Failed", "Failed")];

#[function_component(FileTable)]
pub fn file_table(props: &FileTableProps) -> Html {
    let rows = props.view.rows(&props.files);
    let count = |state: &str| props.files.iter().filter(|f| state.is_empty() || f.state.as_str() == state).count();
    let onchange = props.onfilter.reform(|e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        (!value.is_empty()).then(|| FileState::from_wire(&value))
    });
    let selected = props.view.filter.as_ref().map(FileState::as_str).unwrap_or_default().to_owned();
    html! {
        <section class="files" aria-labelledby="files-heading">
            <div class="files-head">
                <h2 id="files-heading">{ "Files" }</h2>
                <label class="filter">
                    { "Show " }
                    <select {onchange}>
                        { for FILTERS.iter().map(|(value, label)| html! {
                            <option value={*value} selected={selected == *value}>{ format!("{label} ({})", count(value)) }</option>
                        }) }
                    </select>
                </label>
            </div>
            if props.files.is_empty() {
                <p class="muted">{ props.empty_note.clone() }</p>
            } else {
                <div class="table-scroll" tabindex="0" role="region" aria-label="File table">
                    <table>
                        <thead>
                            <tr>
                                { for COLUMNS.iter().map(|(key, label)| {
                                    let sorted = props.view.sort == *key;
                                    let aria = if !sorted { "none" } else if props.view.descending { "descending" } else { "ascending" };
                                    let key = *key;
                                    html! {
                                        <th scope="col" aria-sort={aria}>
                                            <button type="button" class="sort" onclick={props.onsort.reform(move |_| key)}>
                                                { *label }
                                                <span class="sort-mark" aria-hidden="true">{ if !sorted { "" } else if props.view.descending { " ▼" } else { " ▲" } }</span>
                                            </button>
                                        </th>
                                    }
                                }) }
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
            <td><span class={classes!("pill", format!("pill-{}", state.to_ascii_lowercase()))}>{ state.clone() }</span></td>
            <td class="progress-cell">
                <ProgressBar class="small" value={file.progress} text={format!("{state}, {} %", file.progress)}
                    label={bar_label} />
                <span class="num">{ format!("{} %", file.progress) }</span>
            </td>
            <td class="num">{ format!("{} / {}", file.imported_rows.map_or_else(|| super::job::UNKNOWN.to_owned(), thousands), thousands(file.total_rows)) }</td>
            <td>{ completed.unwrap_or_default() }</td>
            <td class="reason-cell">{ file.reason.as_deref().map(display_text).unwrap_or_default() }</td>
        </tr>
    }
}
