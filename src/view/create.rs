//! Start an import (`create`), then watch the new job.

use super::parts::TextField;
use crate::precheck::{Check, Outcome};
use crate::state::{CreateField, CreateForm, RequestState};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct CreateViewProps {
    pub form: CreateForm,
    pub onedit: Callback<(CreateField, String)>,
    pub onsubmit: Callback<()>,
    /// *Start anyway*: send a request whose checks fail (they are advisory).
    pub onanyway: Callback<()>,
    /// The checks of the request the form describes (`None`: it describes none yet).
    pub checks: Option<Vec<Check>>,
    /// The collection's schema is being read.
    pub reading: bool,
    /// Whether this page and Milvus share an origin (`None`: no valid endpoint yet). Only then
    /// may the browser send the create's `Idempotency-Key`: Milvus's CORS allows no such header.
    pub same_origin: Option<bool>,
}

#[function_component(CreateView)]
pub fn create_view(props: &CreateViewProps) -> Html {
    let form = &props.form;
    let edit = |field: CreateField| props.onedit.reform(move |value| (field, value));
    let onsubmit = props.onsubmit.reform(|e: SubmitEvent| e.prevent_default());
    html! {
        <section class="create" part="create" aria-labelledby="create-heading">
            <h2 id="create-heading">{ "Start an import" }</h2>
            <p class="muted">{ "Uses the endpoint, token and database above. Paths are object-storage paths the server can read." }</p>
            if let Some(note) = &form.note {
                <p class="note" role="note">{ note.clone() }</p>
            }
            <form class="create-form" {onsubmit} novalidate=true>
                <TextField id="create-collection" label="Collection" value={form.collection.clone()} oninput={edit(CreateField::Collection)} />
                <TextField id="create-partition" label="Partition" value={form.partition.clone()} oninput={edit(CreateField::Partition)}
                    placeholder="optional" />
                <TextField id="create-files" label="Files" rows={4} value={form.files.clone()} oninput={edit(CreateField::Files)}
                    placeholder={"e.g. imports/part-0001.parquet\nimports/1/id.npy, imports/1/vector.npy"}
                    hint="One file group per line; the files of a NumPy group separated by commas." />
                <TextField id="create-options" label="Options" rows={2} value={form.options.clone()} oninput={edit(CreateField::Options)}
                    placeholder="e.g. timeout=300s" hint="key=value, one per line (optional)." />
                { checks_list(props.checks.as_deref(), props.reading) }
                if form.waiting.is_some() {
                    <p class="muted waiting wide" role="status">{ "Checking the request against the collection's schema before sending it…" }</p>
                }
                if let Some(failing) = form.held {
                    <div class="banner warn held wide" role="alert">
                        { held_text(failing) }
                        <button type="button" class="anyway" onclick={props.onanyway.reform(|_| ())}>{ "Start anyway" }</button>
                    </div>
                }
                <div class="actions">
                    <button type="submit" class="primary" disabled={form.request.is_loading()}>{ "Start import" }</button>
                </div>
                { idempotency_note(props.same_origin) }
                if form.two_phase {
                    <p class="note two-phase" role="note">{ crate::state::TWO_PHASE_NOTE }</p>
                }
            </form>
            if let RequestState::Failed(error) = &form.request {
                <div class="banner error" role="alert">
                    { error.to_string() }
                    if let Some(rules) = CreateForm::refusal_hint(error) {
                        <p class="hint">{ rules }</p>
                    }
                </div>
            }
        </section>
    }
}

/// What a retried submit risks, by origin.
fn idempotency_note(same_origin: Option<bool>) -> Html {
    let text = match same_origin {
        Some(true) => "A retried submit sends the same Idempotency-Key: a Milvus that supports it starts one job however often it arrives (others ignore the key).",
        Some(false) => "This page and Milvus are on different origins, and Milvus's CORS policy allows no Idempotency-Key header, so the browser cannot send one: a submit retried after a network error could start a second job. Look in All jobs before submitting again.",
        None => return html! {},
    };
    html! { <small class="idempotency muted">{ text }</small> }
}

/// "2 checks fail: nothing was sent. Fix the request, or start it anyway."
fn held_text(failing: usize) -> String {
    let checks = if failing == 1 { "1 check fails" } else { &format!("{failing} checks fail") };
    format!("{checks}: nothing was sent. Fix the request above, or start it anyway (the server may refuse it, or the job fail).")
}

/// The checks, each with its outcome in words (not only a colour) and what it found.
fn checks_list(checks: Option<&[Check]>, reading: bool) -> Html {
    let Some(checks) = checks else { return html! {} };
    // The outcome in words, and its class.
    let word = |outcome: Outcome| match outcome {
        Outcome::Pass => ("Pass", "pass"),
        Outcome::Warn => ("Warning", "warn"),
        Outcome::Fail => ("Fails", "fail"),
        Outcome::Unknown => ("Not checked", "unknown"),
    };
    html! {
        <section class="prechecks wide" part="prechecks" aria-labelledby="prechecks-heading">
            <h3 id="prechecks-heading">{ "Checks before the import" }</h3>
            if reading {
                <p class="muted" role="status">{ "Reading the collection's schema…" }</p>
            }
            <ul>
                { for checks.iter().map(|check| {
                    let (label, class) = word(check.outcome);
                    html! {
                        <li class={classes!("precheck", class)} data-check={check.name} data-outcome={class}>
                            <strong>{ label }</strong>{ ": " }{ check.says.clone() }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
