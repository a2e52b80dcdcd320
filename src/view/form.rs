//! The form: endpoint, token, job ID, database, cluster ID, interval; Watch and Stop.

use crate::state::{Field, FormFields};
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
        <form class="watch-form" {onsubmit} aria-label="Job to watch" novalidate=true>
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
            <TextField id="job-id" label="Job ID" field={Field::JobId} value={form.job_id.clone()}
                placeholder="461829374610022401" oninput={oninput} />
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
