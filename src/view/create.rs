//! Start an import (`create`), then watch the new job.

use crate::state::{CreateField, CreateForm, RequestState};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CreateViewProps {
    pub form: CreateForm,
    pub onedit: Callback<(CreateField, String)>,
    pub onsubmit: Callback<()>,
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
        <section class="create" aria-labelledby="create-heading">
            <h2 id="create-heading">{ "Start an import" }</h2>
            <p class="muted">{ "Uses the endpoint, token and database above. Paths are object-storage paths the server can read." }</p>
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
                        placeholder="imports/part-0001.parquet&#10;imports/1/id.npy, imports/1/vector.npy" aria-describedby="create-files-hint" />
                    <small id="create-files-hint">{ "One file group per line; the files of a NumPy group separated by commas." }</small>
                </div>
                <div class="field wide">
                    <label for="create-options">{ "Options" }</label>
                    <textarea id="create-options" rows="2" value={form.options.clone()} oninput={area(CreateField::Options)}
                        placeholder="timeout=300s" aria-describedby="create-options-hint" />
                    <small id="create-options-hint">{ "key=value, one per line (optional)." }</small>
                </div>
                <div class="actions">
                    <button type="submit" class="primary" disabled={form.request.is_loading()}>{ "Start import" }</button>
                </div>
            </form>
            if let RequestState::Failed(error) = &form.request {
                <div class="banner error" role="alert">{ error.to_string() }</div>
            }
        </section>
    }
}
