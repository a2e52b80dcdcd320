//! The form: endpoint, token, job ID, database, cluster ID, interval; Watch and Stop.

use super::logs::LogSettings;
use super::parts::TextField;
use super::servers::{saved_names, ServerRows};
use crate::state::{Field, FormFields, ServerField};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WatchFormProps {
    pub form: FormFields,
    pub watching: bool,
    /// The last Watch refused the Job ID field's IDs (the panel's banner says why).
    #[prop_or_default]
    pub ids_refused: bool,
    /// Offer "Remember on this device" (the standalone page only).
    #[prop_or(true)]
    pub remember: bool,
    pub oninput: Callback<(Field, String)>,
    pub onremember: Callback<bool>,
    pub onwatch: Callback<()>,
    pub onstop: Callback<()>,
    /// The other servers' rows and the pair switch.
    #[prop_or_default]
    pub onserver: Callback<ServerEdit>,
}

/// What the other servers' rows ask of the form.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerEdit {
    Edit(usize, ServerField, String),
    Add,
    Remove(usize),
    Pair(bool),
}

#[derive(Properties, PartialEq)]
struct JobIdFieldProps {
    value: String,
    /// Why the last Watch refused these IDs: the field is marked invalid and points to it.
    #[prop_or_default]
    invalid: bool,
    /// What the last Watch made of the IDs (given twice), said under the field.
    #[prop_or_default]
    note: Option<String>,
    oninput: Callback<(Field, String)>,
    onwatch: Callback<()>,
}

/// The job ID, or several: a text area one line high for one ID that grows a line per ID, so a
/// batch stays readable one ID per line (an `<input>` drops line breaks and glues the IDs into
/// one number). Enter watches, as in the other fields; Shift+Enter starts a new line.
#[function_component(JobIdField)]
fn job_id_field(props: &JobIdFieldProps) -> Html {
    let oninput = props.oninput.reform(|e: InputEvent| (Field::JobId, e.target_unchecked_into::<HtmlTextAreaElement>().value()));
    let onkeydown = {
        let onwatch = props.onwatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && !e.shift_key() && !e.is_composing() {
                e.prevent_default();
                onwatch.emit(());
            }
        })
    };
    let onpaste = {
        let oninput = props.oninput.clone();
        Callback::from(move |e: Event| {
            let area = e.target_unchecked_into::<HtmlTextAreaElement>();
            let pasted = e.unchecked_ref::<web_sys::ClipboardEvent>().clipboard_data().and_then(|data| data.get_data("text").ok());
            let Some(pasted) = pasted.filter(|text| text.contains(['\n', '\r'])) else { return };
            // A log's blank lines and trailing break dropped: one ID per line.
            e.prevent_default();
            let value = area.value();
            let chars: Vec<char> = value.chars().collect();
            // Selection offsets count UTF-16 units; IDs are ASCII, and anything else pastes at the end.
            let at = |n: Option<u32>| n.map_or(chars.len(), |n| (n as usize).min(chars.len()));
            let (start, end) = (at(area.selection_start().ok().flatten()), at(area.selection_end().ok().flatten()));
            let before: String = chars.iter().take(start).collect();
            let after: String = chars.iter().skip(end.max(start)).collect();
            let lines = pasted.split(['\n', '\r']).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
            oninput.emit((Field::JobId, format!("{before}{lines}{after}")));
        })
    };
    let lines = props.value.trim_end().lines().count().clamp(1, MAX_JOB_ID_LINES);
    let described = match (props.invalid, props.note.is_some()) {
        (true, _) => "job-id-hint panel-error",
        (false, true) => "job-id-hint job-id-note",
        (false, false) => "job-id-hint",
    };
    html! {
        <div class="field">
            <label for="job-id">{ "Job ID" }</label>
            <textarea id="job-id" class="job-ids" rows={lines.to_string()} value={props.value.clone()} {oninput} {onkeydown} {onpaste}
                placeholder="e.g. 461829374610022401" autocomplete="off" spellcheck="false" aria-describedby={described}
                aria-invalid={props.invalid.then_some("true")} />
            <small id="job-id-hint">{ "Several IDs (one per line, or separated by spaces or commas) are watched as a batch" }</small>
            if let Some(note) = &props.note {
                <small id="job-id-note" class="note" role="status">{ note.clone() }</small>
            }
        </div>
    }
}

/// The Job ID area grows to this many lines, then scrolls.
const MAX_JOB_ID_LINES: usize = 6;

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
    let edit = |field: Field| oninput.reform(move |value| (field, value));
    html! {
        // novalidate: the reducer validates and explains; the browser's own checks would block
        // the submit silently (e.g. 0.5 in a number field with the default step of 1).
        <form class="watch-form" part="form" {onsubmit} aria-label="Job to watch" novalidate=true>
            if form.asks_tokens {
                <p class="banner asks-tokens" role="alert" part="asks-tokens">
                    { format!("This link names {} servers. Links never carry tokens: enter each server's token (empty when it has no authentication), then Watch.", form.servers.len() + 1) }
                </p>
            }
            { saved_names(&form.saved) }
            <TextField id="endpoint" label="Endpoint" oninput={edit(Field::Endpoint)} value={form.endpoint.clone()}
                placeholder="e.g. http://localhost:19530" hint="Milvus address (or a same-origin proxy path)" />
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
            <JobIdField value={form.job_id.clone()} oninput={oninput} onwatch={props.onwatch.clone()}
                invalid={props.ids_refused} note={form.note.clone()} />
            <TextField id="db-name" label="Database" oninput={edit(Field::DbName)} value={form.db_name.clone()}
                placeholder="e.g. default" hint="Empty means the default database; sent only when this page and Milvus share an origin" />
            if form.shows_cluster_id() {
                <TextField id="cluster-id" label="Cluster ID" oninput={edit(Field::ClusterId)} value={form.cluster_id.clone()}
                    placeholder="e.g. in01-…" />
            }
            <TextField id="interval" label="Poll every (s)" oninput={edit(Field::Interval)} value={form.interval_secs.clone()}
                kind="number" step="any" min="0.5" />
            <TextField id="stall" label="Stall alert after (min)" oninput={edit(Field::StallMinutes)} value={form.stall_minutes.clone()}
                kind="number" step="any" min="0" hint="No change for this long flags a possible stall (for a pair: a commit that has not reached the standby)" />
            if form.sends_token_in_clear() {
                <p class="warning" role="note" id="clear-text-warning">
                    { "This endpoint is plain http to another machine: the token would travel unencrypted. Use https, or a same-origin proxy that speaks https." }
                </p>
            }
            // After the everyday fields: naming a connection and adding servers are occasional.
            <div class="field">
                <label for="connection-name">{ "Name" }</label>
                <input id="connection-name" value={form.name.clone()} list="saved-connections" autocomplete="off" spellcheck="false"
                    placeholder="e.g. production (kept in this browser)"
                    oninput={oninput.reform(|e: InputEvent| (Field::Name, e.target_unchecked_into::<HtmlInputElement>().value()))} />
            </div>
            if props.remember {
                <ServerRows servers={form.servers.clone()} pair={form.pair} saved={form.saved.clone()}
                    onedit={props.onserver.reform(|(i, f, v)| ServerEdit::Edit(i, f, v))} onadd={props.onserver.reform(|()| ServerEdit::Add)}
                    onremove={props.onserver.reform(ServerEdit::Remove)} onpair={props.onserver.reform(ServerEdit::Pair)} />
            }
            <LogSettings log={form.log.clone()} oninput={oninput.clone()} />
            <div class="actions">
                <button type="submit" class="primary">{ "Watch" }</button>
                <button type="button" onclick={onstop} disabled={!props.watching}>{ "Stop" }</button>
            </div>
        </form>
    }
}
