//! The floor under startup (make bench): the smallest Yew page that draws the first screen of
//! bench/vanilla, the same markup written by Yew instead of `innerHTML`, with nothing behind
//! it. Its startup against the vanilla page's is what Yew and wasm cost before any of the
//! monitor's own code runs; the monitor's startup is read against both.

use yew::prelude::*;

fn field(id: &'static str, label: &'static str, kind: &'static str) -> Html {
    html! { <div class="field"><label for={id}>{ label }</label><input {id} type={kind} /></div> }
}

#[function_component]
fn FirstScreen() -> Html {
    let columns = ["File", "Size", "State", "Progress", "Rows", "Completed", "Reason"];
    html! {
        <main class="monitor">
            <header class="top"><h1>{ "Milvus import monitor" }</h1></header>
            <form class="watch-form">
                { field("endpoint", "Endpoint", "text") }
                { field("token", "Token", "password") }
                { field("job-id", "Job ID", "text") }
                { field("db-name", "Database", "text") }
                { field("interval", "Poll every (s)", "number") }
                <div class="actions">
                    <button type="submit" class="primary">{ "Watch" }</button>
                    <button type="button">{ "Stop" }</button>
                </div>
            </form>
            <section class="files"><div class="table-scroll"><table>
                <thead><tr>{ for columns.iter().map(|c| html! { <th>{ *c }</th> }) }</tr></thead>
                <tbody></tbody>
            </table></div></section>
        </main>
    }
}

fn main() {
    yew::Renderer::<FirstScreen>::new().render();
}
