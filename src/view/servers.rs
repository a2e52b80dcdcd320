//! The form's other servers: a row per server (name, endpoint, token, database, job IDs), *Add a
//! server*, and the pair switch (the second server is the first's CDC standby). A kept name
//! fills a row; the names kept in this browser are offered as a list.

use crate::connections::SavedConnection;
use crate::state::{ServerField, ServerFields};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ServerRowsProps {
    pub servers: Vec<ServerFields>,
    pub pair: bool,
    pub saved: Vec<SavedConnection>,
    pub onedit: Callback<(usize, ServerField, String)>,
    pub onadd: Callback<()>,
    pub onremove: Callback<usize>,
    pub onpair: Callback<bool>,
}

/// The names kept in this browser, offered to every name field (`list="saved-connections"`).
pub fn saved_names(saved: &[SavedConnection]) -> Html {
    html! {
        <datalist id="saved-connections">
            { for saved.iter().map(|c| html! { <option value={c.name.clone()}>{ c.endpoint.clone() }</option> }) }
        </datalist>
    }
}

#[function_component(ServerRows)]
pub fn server_rows(props: &ServerRowsProps) -> Html {
    let onpair = props.onpair.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().checked());
    html! {
        <fieldset class="servers" part="servers">
            <legend>{ "Other servers" }</legend>
            { for props.servers.iter().enumerate().map(|(i, server)| row(i, server, props)) }
            <div class="actions">
                <button type="button" class="add-server" onclick={props.onadd.reform(|_| ())}>{ "Add a server" }</button>
                if props.servers.len() == 1 {
                    <label class="check">
                        <input type="checkbox" id="pair" checked={props.pair} onchange={onpair} />
                        { "The second server is the first's CDC standby (watch each job on both)" }
                    </label>
                }
            </div>
        </fieldset>
    }
}

fn row(index: usize, server: &ServerFields, props: &ServerRowsProps) -> Html {
    let field = |field: ServerField| {
        props.onedit.reform(move |e: InputEvent| (index, field, e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let id = |name: &str| format!("server-{}-{name}", index + 2);
    let standby = props.pair && index == 0;
    html! {
        <div class="server-row" data-server={(index + 2).to_string()}>
            <p class="server-title"><strong>{ if standby { "Standby (server 2)".to_owned() } else { format!("Server {}", index + 2) } }</strong></p>
            { input(&id("name"), "Name", &server.name, field(ServerField::Name), Some("saved-connections"), "text") }
            { input(&id("endpoint"), "Endpoint", &server.endpoint, field(ServerField::Endpoint), None, "text") }
            { input(&id("token"), "Token", &server.token, field(ServerField::Token), None, "password") }
            { input(&id("db"), "Database", &server.db_name, field(ServerField::DbName), None, "text") }
            if standby {
                <p class="hint">{ "The standby is asked for the first server's jobs: only reads are ever sent to it." }</p>
            } else {
                { input(&id("job-id"), "Job IDs", &server.job_id, field(ServerField::JobId), None, "text") }
            }
            <button type="button" class="link remove-server" onclick={props.onremove.reform(move |_| index)}
                aria-label={format!("Remove server {}", index + 2)}>{ "Remove" }</button>
        </div>
    }
}

fn input(
    id: &str,
    label: &'static str,
    value: &str,
    oninput: Callback<InputEvent>,
    list: Option<&'static str>,
    kind: &'static str,
) -> Html {
    html! {
        <div class="field">
            <label for={id.to_owned()}>{ label }</label>
            <input id={id.to_owned()} type={kind} value={value.to_owned()} {oninput} list={list} autocomplete="off" spellcheck="false" />
        </div>
    }
}
