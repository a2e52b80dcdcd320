//! The smallest widget that watches a job: an endpoint field, a button, one request for the
//! job's progress read with the page's own decoders, a progress bar, the state and rows, and a
//! table of its files, with an error line. No polling, states, bands, history, batch or charts.
//! make bench measures it as the floor under the page's size; it is not shipped.

use milvus_import_wire::{read_progress, ImportJob};
use std::rc::Rc;
use yew::prelude::*;

async fn progress(endpoint: &str) -> Result<ImportJob, String> {
    let url = format!("{endpoint}/v2/vectordb/jobs/import/get_progress");
    let request = gloo_net::http::Request::post(&url).body(r#"{"jobId":"1"}"#).map_err(|e| e.to_string())?;
    let body = request.send().await.map_err(|e| e.to_string())?.binary().await.map_err(|e| e.to_string())?;
    let envelope = read_progress(&body).map_err(|e| e.to_string())?;
    envelope.data.ok_or_else(|| envelope.message.unwrap_or_default())
}

#[function_component]
fn Floor() -> Html {
    let endpoint = use_state(|| String::from("http://127.0.0.1:19530"));
    let answer = use_state(|| None::<Result<Rc<ImportJob>, String>>);
    let onclick = {
        let (endpoint, answer) = (endpoint.clone(), answer.clone());
        Callback::from(move |_| {
            let (endpoint, answer) = ((*endpoint).clone(), answer.clone());
            wasm_bindgen_futures::spawn_local(async move { answer.set(Some(progress(&endpoint).await.map(Rc::new))) });
        })
    };
    let oninput = {
        let endpoint = endpoint.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                endpoint.set(input.value());
            }
        })
    };
    html! {
        <main>
            <input value={(*endpoint).clone()} {oninput} />
            <button {onclick}>{ "Watch" }</button>
            { match &*answer {
                None => html! {},
                Some(Err(e)) => html! { <p role="alert">{ e }</p> },
                Some(Ok(job)) => html! { <>
                    <progress max="100" value={job.progress.to_string()} />
                    <p>{ format!("{:?}: {} of {} rows", job.state, job.imported_rows.unwrap_or_default(), job.total_rows) }</p>
                    <table>{ for job.details.iter().map(|f| html! {
                        <tr key={f.file_name.clone()}><td>{ &f.file_name }</td><td>{ f.progress }</td><td>{ f.file_size }</td></tr>
                    }) }</table>
                </> },
            } }
        </main>
    }
}

fn main() {
    yew::Renderer::<Floor>::new().render();
}
