//! The form: endpoint, token, job ID, database, cluster ID, interval; Watch and Stop.

use crate::state::{Field, FormFields};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WatchFormProps {
    pub form: FormFields,
    pub watching: bool,
    /// Offer "Remember on this device" (the standalone page only).
    #[prop_or(true)]
    pub remember: bool,
    pub oninput: Callback<(Field, String)>,
    pub onremember: Callback<bool>,
    pub onwatch: Callback<()>,
    pub onstop: Callback<()>,
}

#[derive(Properties, PartialEq)]
struct TextFieldProps {
    id: &'static str,
    label: &'static str,
    field: Field,
    value: String,
    #[prop_or("text")]
    kind: &'static str,
    #[prop_or_default]
    placeholder: &'static str,
    #[prop_or_default]
    hint: &'static str,
    #[prop_or_default]
    step: Option<&'static str>,
    #[prop_or_default]
    min: Option<&'static str>,
    #[prop_or("off")]
    autocomplete: &'static str,
    oninput: Callback<(Field, String)>,
}

#[function_component(TextField)]
fn text_field(props: &TextFieldProps) -> Html {
    let field = props.field;
    let oninput = props.oninput.reform(move |e: InputEvent| (field, e.target_unchecked_into::<HtmlInputElement>().value()));
    let hint_id = format!("{}-hint", props.id);
    html! {
        <div class="field">
            <label for={props.id}>{ props.label }</label>
            <input id={props.id} type={props.kind} value={props.value.clone()} {oninput}
                placeholder={props.placeholder} autocomplete={props.autocomplete} spellcheck="false"
                step={props.step} min={props.min}
                aria-describedby={(!props.hint.is_empty()).then(|| hint_id.clone())} />
            if !props.hint.is_empty() {
                <small id={hint_id}>{ props.hint }</small>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct JobIdFieldProps {
    value: String,
    oninput: Callback<(Field, String)>,
}

/// The job ID, or several: a one-line input (Enter still watches) that keeps the line breaks
/// of a pasted list as spaces, where the browser would join the IDs into one.
#[function_component(JobIdField)]
fn job_id_field(props: &JobIdFieldProps) -> Html {
    let oninput = props.oninput.reform(|e: InputEvent| (Field::JobId, e.target_unchecked_into::<HtmlInputElement>().value()));
    let onpaste = {
        let oninput = props.oninput.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let pasted = e.unchecked_ref::<web_sys::ClipboardEvent>().clipboard_data().and_then(|data| data.get_data("text").ok());
            let Some(pasted) = pasted.filter(|text| text.contains(['\n', '\r'])) else { return };
            e.prevent_default();
            let value = input.value();
            let chars: Vec<char> = value.chars().collect();
            // Selection offsets count UTF-16 units; IDs are ASCII, and anything else pastes at the end.
            let at = |n: Option<u32>| n.map_or(chars.len(), |n| (n as usize).min(chars.len()));
            let (start, end) = (at(input.selection_start().ok().flatten()), at(input.selection_end().ok().flatten()));
            let before: String = chars.iter().take(start).collect();
            let after: String = chars.iter().skip(end.max(start)).collect();
            let joined = pasted.split(['\n', '\r']).filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join(" ");
            oninput.emit((Field::JobId, format!("{before}{joined}{after}")));
        })
    };
    html! {
        <div class="field">
            <label for="job-id">{ "Job ID" }</label>
            <input id="job-id" type="text" value={props.value.clone()} {oninput} {onpaste} placeholder="461829374610022401"
                autocomplete="off" spellcheck="false" aria-describedby="job-id-hint" />
            <small id="job-id-hint">{ "Several IDs (spaces, commas or one per line) watch them as a batch" }</small>
        </div>
    }
}

#[function_component(WatchForm)]
pub fn watch_form(props: &WatchFormProps) -> Html {
    let onsubmit = {
        let onwatch = props.onwatch.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            onwatch.emit(());
        })
    };
    let onstop = props.onstop.reform(|_: MouseEvent| ());
    let onremember = props.onremember.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().checked());
    let form = &props.form;
    let oninput = &props.oninput;
    html! {
        // novalidate: the reducer validates and explains; the browser's own checks would block
        // the submit silently (e.g. 0.5 in a number field with the default step of 1).
        <form class="watch-form" part="form" {onsubmit} aria-label="Job to watch" novalidate=true>
            <TextField id="endpoint" label="Endpoint" field={Field::Endpoint} value={form.endpoint.clone()}
                placeholder="http://localhost:19530" hint="Milvus address (or a same-origin proxy path)" oninput={oninput} />
            <div class="field">
                <label for="token">{ "Token" }</label>
                <input id="token" type="password" value={form.token.clone()} autocomplete="off" spellcheck="false"
                    placeholder="user:password or API key"
                    oninput={oninput.reform(|e: InputEvent| (Field::Token, e.target_unchecked_into::<HtmlInputElement>().value()))} />
                if props.remember {
                    <label class="check">
                        <input type="checkbox" checked={form.remember_token} onchange={onremember} />
                        { "Remember on this device" }
                    </label>
                }
            </div>
            <JobIdField value={form.job_id.clone()} oninput={oninput} />
            <TextField id="db-name" label="Database" field={Field::DbName} value={form.db_name.clone()}
                placeholder="default" hint="Sent only when this page and Milvus share an origin" oninput={oninput} />
            if form.shows_cluster_id() {
                <TextField id="cluster-id" label="Cluster ID" field={Field::ClusterId} value={form.cluster_id.clone()}
                    placeholder="in01-…" oninput={oninput} />
            }
            <TextField id="interval" label="Poll every (s)" field={Field::Interval} value={form.interval_secs.clone()}
                kind="number" step="any" min="0.5" oninput={oninput} />
            <TextField id="stall" label="Stall alert after (min)" field={Field::StallMinutes} value={form.stall_minutes.clone()}
                kind="number" step="any" min="0" hint="No change for this long flags a possible stall" oninput={oninput} />
            if form.sends_token_in_clear() {
                <p class="warning" role="note" id="clear-text-warning">
                    { "This endpoint is plain http to another machine: the token would travel unencrypted. Use https, or a same-origin proxy that speaks https." }
                </p>
            }
            <div class="actions">
                <button type="submit" class="primary">{ "Watch" }</button>
                <button type="button" onclick={onstop} disabled={!props.watching}>{ "Stop" }</button>
            </div>
        </form>
    }
}
