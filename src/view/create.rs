//! Start an import (`create`), then watch the new job.

use crate::state::{CreateField, CreateForm, RequestState};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CreateViewProps {
    pub form: CreateForm,
    pub onedit: Callback<(CreateField, String)>,
    pub onsubmit: Callback<()>,
    /// Whether this page and Milvus share an origin (`None`: no valid endpoint yet). Only then
    /// may the browser send the create's `Idempotency-Key`: Milvus's CORS allows no such header.
    pub same_origin: Option<bool>,
}

#[function_component(CreateView)]
pub fn create_view(props: &CreateViewProps) -> Html {
    let form = &props.form;
    let input =
        |field: CreateField| props.onedit.reform(move |e: InputEvent| (field, e.target_unchecked_into::<HtmlInputElement>().value()));
    let area =
        |field: CreateField| props.onedit.reform(move |e: InputEvent| (field, e.target_unchecked_into::<HtmlTextAreaElement>().value()));
    let onsubmit = props.onsubmit.reform(|e: SubmitEvent| e.prevent_default());
    html! {
        <section class="create" part="create" aria-labelledby="create-heading">
            <h2 id="create-heading">{ "Start an import" }</h2>
            <p class="muted">{ "Uses the endpoint, token and database above. Paths are object-storage paths the server can read." }</p>
            if let Some(note) = &form.note {
                <p class="note" role="note">{ note.clone() }</p>
            }
            <form class="create-form" {onsubmit} novalidate=true>
                <div class="field">
                    <label for="create-collection">{ "Collection" }</label>
                    <input id="create-collection" type="text" value={form.collection.clone()} oninput={input(CreateField::Collection)} />
                </div>
                <div class="field">
                    <label for="create-partition">{ "Partition" }</label>
                    <input id="create-partition" type="text" value={form.partition.clone()} oninput={input(CreateField::Partition)} placeholder="optional" />
                </div>
                <div class="field wide">
                    <label for="create-files">{ "Files" }</label>
                    <textarea id="create-files" rows="4" value={form.files.clone()} oninput={area(CreateField::Files)}
                        placeholder={"e.g. imports/part-0001.parquet\nimports/1/id.npy, imports/1/vector.npy"} aria-describedby="create-files-hint" />
                    <small id="create-files-hint">{ "One file group per line; the files of a NumPy group separated by commas." }</small>
                </div>
                <div class="field wide">
                    <label for="create-options">{ "Options" }</label>
                    <textarea id="create-options" rows="2" value={form.options.clone()} oninput={area(CreateField::Options)}
                        placeholder="e.g. timeout=300s" aria-describedby="create-options-hint" />
                    <small id="create-options-hint">{ "key=value, one per line (optional)." }</small>
                </div>
                <div class="actions">
                    <button type="submit" class="primary" disabled={form.request.is_loading()}>{ "Start import" }</button>
                </div>
                { idempotency_note(props.same_origin) }
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
