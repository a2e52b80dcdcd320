//! The pieces the views share, and nothing else (they import no view): the progress bar, the
//! unknown mark, a fact, a time as the viewer reads it, rows as known; the tables' sortable
//! headers with their ▲/▼ marks, a state pill, a progress cell and a state filter.

use super::browser::local_time;
use crate::format::{display_text, parse_rfc3339_ms};
use crate::state::Sorting;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProgressBarProps {
    pub value: u8,
    pub text: String,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub label: Option<AttrValue>,
    /// The `::part()` name of the bar (its fill is `<part>-fill`), where a host restyles it.
    #[prop_or_default]
    pub part: Option<AttrValue>,
}

/// A progress bar that assistive technology reads as "Importing, writing rows, 62 %".
#[function_component(ProgressBar)]
pub fn progress_bar(props: &ProgressBarProps) -> Html {
    let width = format!("width: {}%", props.value.min(100));
    html! {
        <div class={classes!("bar", props.class.clone())} role="progressbar" aria-valuemin="0" aria-valuemax="100"
            aria-valuenow={props.value.to_string()} aria-valuetext={props.text.clone()} aria-label={props.label.clone()} part={props.part.clone()}>
            <div class="bar-fill" style={width} part={props.part.as_ref().map(|p| format!("{p}-fill"))}></div>
        </div>
    }
}

/// A wire timestamp in the viewer's local time, or the text as sent if it cannot be read.
pub fn when(text: &Option<String>) -> Option<String> {
    let text = text.as_ref()?;
    Some(parse_rfc3339_ms(text).map_or_else(|| display_text(text), local_time))
}

/// How a figure the server does not report is shown: unknown, never 0.
pub const UNKNOWN: &str = "—";

/// The header cells of a sortable table: each a button that sorts by its column, with
/// `aria-sort` and a visible mark on the sorted one.
pub fn sort_headers<K: Copy + PartialEq + 'static>(columns: &[(K, &'static str)], sorting: Sorting<K>, onsort: &Callback<K>) -> Html {
    columns
        .iter()
        .map(|&(key, label)| {
            let sorted = sorting.key == key;
            let (aria, mark) = match (sorted, sorting.descending) {
                (false, _) => ("none", ""),
                (true, true) => ("descending", " ▼"),
                (true, false) => ("ascending", " ▲"),
            };
            html! {
                <th scope="col" aria-sort={aria}>
                    <button type="button" class="sort" onclick={onsort.reform(move |_| key)}>
                        { label }
                        <span class="sort-mark" aria-hidden="true">{ mark }</span>
                    </button>
                </th>
            }
        })
        .collect()
}

/// One fact of a `<dl class="facts">`: a term and its value. One function for every fact, so
/// each costs the page a call, not a copy of the markup's code.
pub fn fact(term: &str, value: String) -> Html {
    html! { <div><dt>{ term.to_owned() }</dt><dd>{ value }</dd></div> }
}

/// "721,000 / 980,000": rows written of rows in all, each the unknown mark when not known
/// (`job::known_rows`), never 0.
pub fn rows_text(job: &crate::model::ImportJob) -> String {
    rows_pair(crate::job::known_rows(job))
}

/// The same for one file group: its rows are counted once it is scanned (0 before, unknown).
pub fn file_rows_text(file: &crate::model::FileTask) -> String {
    rows_pair(crate::job::counted_rows(file.imported_rows, file.total_rows, file.state == crate::model::FileState::Completed))
}

fn rows_pair((written, total): (Option<u64>, Option<u64>)) -> String {
    let known = |n: Option<u64>| n.map_or_else(|| UNKNOWN.to_owned(), crate::format::thousands);
    format!("{} / {}", known(written), known(total))
}

/// A state as a coloured pill; the text says the state, so colour is never the only cue.
pub fn state_pill(state: &str) -> Html {
    html! { <span class={classes!("pill", format!("pill-{}", state.to_ascii_lowercase()))}>{ state.to_owned() }</span> }
}

/// A small progress bar with its percentage, or "unknown" when the server does not say.
pub fn progress_cell(progress: Option<u8>, state: &str, label: String) -> Html {
    html! {
        <td class="progress-cell">
            if let Some(progress) = progress {
                <ProgressBar class="small" value={progress} text={format!("{state}, {progress} %")} {label} />
                <span class="num">{ format!("{progress} %") }</span>
            } else {
                // Zilliz Cloud's list has no progress: unknown, not 0 %.
                <span class="num" title="The server does not report progress here.">{ UNKNOWN }</span>
            }
        </td>
    }
}

/// "InProgress" → "In progress": a wire spelling as a person reads it.
fn spoken(state: &str) -> String {
    let mut out = String::with_capacity(state.len() + 2);
    for (i, c) in state.chars().enumerate() {
        if i > 0 && c.is_ascii_uppercase() {
            out.push(' ');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// "Show [All ▾]": a select of `options` (a state's spelling, as the wire or the page has it,
/// and how many rows have it, when counted) after "All" (`all` rows), `selected` being the one
/// shown ("" for all); `onpick` gets the state picked, or `None` for all.
pub fn state_filter(options: &[(String, Option<usize>)], all: Option<usize>, selected: &str, onpick: Callback<Option<String>>) -> Html {
    let onchange = onpick.reform(|e: Event| {
        let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        (!value.is_empty()).then_some(value)
    });
    let label = |value: &str, count: Option<usize>| {
        let name = if value.is_empty() { "All".to_owned() } else { spoken(value) };
        match count {
            Some(count) => format!("{name} ({count})"),
            None => name,
        }
    };
    html! {
        <label class="filter">
            { "Show " }
            <select {onchange}>
                <option value="" selected={selected.is_empty()}>{ label("", all) }</option>
                { for options.iter().map(|(value, count)| html! {
                    <option value={value.clone()} selected={selected == value}>{ label(value, *count) }</option>
                }) }
            </select>
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: &'static str,
    pub label: &'static str,
    pub value: String,
    pub oninput: Callback<String>,
    /// The input's type (`text`, `number`); a text area when `rows` is given.
    #[prop_or("text")]
    pub kind: &'static str,
    #[prop_or_default]
    pub rows: Option<u32>,
    #[prop_or_default]
    pub placeholder: &'static str,
    /// A line under the field, which the field is described by.
    #[prop_or_default]
    pub hint: &'static str,
    #[prop_or_default]
    pub step: Option<&'static str>,
    #[prop_or_default]
    pub min: Option<&'static str>,
    #[prop_or("off")]
    pub autocomplete: &'static str,
}

/// A labelled field with its hint: what every form of the page is made of (the watch form and
/// the create form). Browsers' own checks are off (`novalidate` on the forms): the reducers
/// check and explain.
#[function_component(TextField)]
pub fn text_field(props: &TextFieldProps) -> Html {
    let oninput = props.oninput.reform(|e: InputEvent| {
        let target = e.target();
        let area = target.as_ref().and_then(|t| wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlTextAreaElement>(t));
        match area {
            Some(area) => area.value(),
            None => e.target_unchecked_into::<web_sys::HtmlInputElement>().value(),
        }
    });
    let hint_id = format!("{}-hint", props.id);
    let described = (!props.hint.is_empty()).then(|| hint_id.clone());
    html! {
        <div class={classes!("field", props.rows.map(|_| "wide"))}>
            <label for={props.id}>{ props.label }</label>
            if let Some(rows) = props.rows {
                <textarea id={props.id} rows={rows.to_string()} value={props.value.clone()} {oninput}
                    placeholder={props.placeholder} aria-describedby={described} />
            } else {
                <input id={props.id} type={props.kind} value={props.value.clone()} {oninput}
                    placeholder={props.placeholder} autocomplete={props.autocomplete} spellcheck="false"
                    step={props.step} min={props.min} aria-describedby={described} />
            }
            if !props.hint.is_empty() {
                <small id={hint_id}>{ props.hint }</small>
            }
        </div>
    }
}

/// A link to the job's logs (its window and ID filled in; the token never is), in a new tab.
pub fn log_anchor(link: Option<&AttrValue>, text: impl Into<AttrValue>) -> Html {
    let Some(href) = link else { return html! {} };
    html! { <a class="log-link" part="log-link" href={href.clone()} target="_blank" rel="noopener noreferrer">{ text.into() }</a> }
}
