//! The per-file table: one row per file group, keyed by its wire name (the server's order
//! changes on every call), sortable and filterable.

use super::browser::local_time;
use super::parts::{file_rows_text, progress_cell, sort_headers, state_filter, state_pill};
use crate::format::{display_text, human_size, parse_rfc3339_ms, thousands};
use crate::model::{FileState, FileTask};
use crate::state::{file_matches, RowWindow, SortKey, Sorting, TableView, ESTIMATED_ROW_PX, ESTIMATED_VIEW_PX};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
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
    let query = use_state_eq(String::new);
    let files = &props.files;
    let options: Vec<(String, Option<usize>)> = FileState::KNOWN
        .iter()
        .map(|state| (state.as_str().to_owned(), Some(files.iter().filter(|f| f.state == *state).count())))
        .collect();
    let onpick = props.onfilter.reform(|state: Option<String>| state.as_deref().map(FileState::from_wire));
    let selected = props.view.filter.as_ref().map(FileState::as_str).unwrap_or_default();
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| query.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    };
    let mut rows = props.view.rows(files);
    let finding = !query.trim().is_empty();
    if finding {
        rows.retain(|file| file_matches(file, &query, super::browser::lower_case));
    }
    html! {
        <section class="files" part="files" aria-labelledby="files-heading">
            <div class="files-head">
                <h2 id="files-heading">{ "Files" }</h2>
                <div class="files-tools">
                    <input type="search" class="find" placeholder="Find a file" aria-label="Find a file by name or reason"
                        aria-describedby="files-found" value={(*query).clone()} {oninput} />
                    { state_filter(&options, Some(files.len()), selected, onpick) }
                </div>
            </div>
            <p id="files-found" class="muted found" role="status">
                if finding { { format!("{} of {} files match", thousands(rows.len() as u64), thousands(files.len() as u64)) } }
            </p>
            if props.files.is_empty() {
                <p class="muted">{ props.empty_note.clone() }</p>
            } else {
                <RowsInView {rows} sort={props.view.sort} onsort={props.onsort.clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RowsInViewProps {
    rows: Vec<Rc<FileTask>>,
    sort: Sorting<SortKey>,
    onsort: Callback<SortKey>,
}

/// The table, drawing only the rows in its scroll box's view (`state::RowWindow`): a poll of a
/// 1,024-file job diffs and lays out a few dozen rows. Spacer rows keep the scroll height of
/// the whole; `aria-rowcount` and `aria-rowindex` tell a screen reader where it is.
#[function_component(RowsInView)]
fn rows_in_view(props: &RowsInViewProps) -> Html {
    let scroller = use_node_ref();
    let row_px = use_state_eq(|| ESTIMATED_ROW_PX);
    let window = use_state_eq(|| RowWindow::of(0.0, ESTIMATED_VIEW_PX, ESTIMATED_ROW_PX, props.rows.len()));
    let total = props.rows.len();
    let place = {
        let (scroller, window, row_px) = (scroller.clone(), window.clone(), *row_px);
        move |total: usize| {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                window.set(RowWindow::of(el.scroll_top().into(), el.client_height().into(), row_px, total));
            }
        }
    };
    {
        // Rows are measured once drawn: their height sets how far a scroll moves the window.
        let (scroller, row_px, place) = (scroller.clone(), row_px.clone(), place.clone());
        use_effect_with((total, *window, *row_px), move |_| {
            if let Some(measured) = scroller.cast::<web_sys::Element>().and_then(|el| drawn_row_height(&el)) {
                row_px.set(measured);
            }
            place(total);
        });
    }
    let onscroll = Callback::from(move |_: Event| place(total));
    let shown = RowWindow { first: window.first.min(total), end: window.end.min(total) };
    let (above, below) = shown.hidden(total);
    let spacer = |rows: usize| {
        (rows > 0).then(|| {
            html! {
                <tr class="spacer" aria-hidden="true"><td colspan="7" style={format!("height:{}px", rows as f64 * *row_px)}></td></tr>
            }
        })
    };
    html! {
        <div class="table-scroll rows" tabindex="0" role="region" aria-label="File table" ref={scroller} {onscroll}>
            <table part="files-table" aria-rowcount={(total + 1).to_string()}>
                <thead>
                    <tr aria-rowindex="1">
                        { sort_headers(&COLUMNS, props.sort, &props.onsort) }
                        <th scope="col">{ "Reason" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for spacer(above) }
                    { for unique_keys(&props.rows).skip(shown.first).take(shown.len()).enumerate().map(|(i, (key, file))| {
                        html! { <FileRow {key} file={file.clone()} index={shown.first + i + 2} /> }
                    }) }
                    { for spacer(below) }
                </tbody>
            </table>
        </div>
    }
}

/// The mean height of the rows drawn, from the first drawn row's top to the last one's bottom.
fn drawn_row_height(scroller: &web_sys::Element) -> Option<f64> {
    let rows = scroller.query_selector_all("tbody tr[aria-rowindex]").ok()?;
    let edge = |i: u32| rows.item(i).and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok());
    let (first, last) = (edge(0)?, edge(rows.length().checked_sub(1)?)?);
    let height = (last.get_bounding_client_rect().bottom() - first.get_bounding_client_rect().top()) / f64::from(rows.length());
    (height.is_finite() && height >= 1.0).then_some((height * 4.0).round() / 4.0)
}

/// Rows keyed by file name; a name the server repeats gets a suffix, since a keyed list with
/// duplicate keys cannot be diffed.
fn unique_keys(rows: &[Rc<FileTask>]) -> impl Iterator<Item = (String, &Rc<FileTask>)> {
    let mut seen = std::collections::HashMap::<&str, usize>::new();
    rows.iter().map(move |file| {
        let count = seen.entry(file.file_name.as_str()).or_insert(0);
        *count += 1;
        let key = if *count == 1 { file.file_name.clone() } else { format!("{}\u{0}{}", file.file_name, count) };
        (key, file)
    })
}

/// A path that a narrow screen breaks only after a `/`, never inside a name (not even at its
/// hyphens): each part unbreakable, a break opportunity after each `/`.
fn path_text(path: &str) -> Html {
    let shown = display_text(path);
    let mut parts = shown.split_inclusive('/').peekable();
    let mut html = Vec::new();
    while let Some(part) = parts.next() {
        html.push(html! { <span class="seg">{ part.to_owned() }</span> });
        if parts.peek().is_some() {
            html.push(html! { <wbr /> });
        }
    }
    html.into_iter().collect()
}

#[derive(Properties, PartialEq)]
struct FileRowProps {
    file: Rc<FileTask>,
    /// Its place in the whole table, the header being 1 (`aria-rowindex`).
    index: usize,
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
        <tr class={classes!(failed.then_some("failed"))} data-state={state.clone()} aria-rowindex={props.index.to_string()}>
            <td class="file">{ for paths.into_iter().map(|p| html! { <span class="path mono">{ path_text(&p) }</span> }) }</td>
            <td class="num">{ human_size(file.file_size) }</td>
            <td>{ state_pill(&state) }</td>
            { progress_cell(Some(file.progress), &state, bar_label) }
            <td class="num">{ file_rows_text(file) }</td>
            <td>{ completed.unwrap_or_default() }</td>
            <td class="reason-cell">{ file.reason.as_deref().map(display_text).unwrap_or_default() }</td>
        </tr>
    }
}
