//! The log link's settings in the form: a preset (Grafana Explore, Kibana Discover, CloudWatch
//! Logs Insights) and its log server or region, or a template of one's own. Folded away: set
//! once, then used from the job view.

use super::parts::TextField;
use crate::loglink::{check, LogSetting, PLACEHOLDERS, PRESETS};
use crate::state::Field;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LogSettingsProps {
    pub log: LogSetting,
    pub oninput: Callback<(Field, String)>,
}

/// The hint under the template: the placeholders it may use.
fn placeholders_hint() -> String {
    let names: Vec<String> = PLACEHOLDERS.iter().map(|(name, what)| format!("{name} ({what})")).collect();
    format!("Filled for each job: {}. The token is never put in a link.", names.join(", "))
}

#[function_component(LogSettings)]
pub fn log_settings(props: &LogSettingsProps) -> Html {
    let log = &props.log;
    let onpreset = props.oninput.reform(|e: Event| (Field::LogPreset, e.target_unchecked_into::<HtmlSelectElement>().value()));
    let edit = |field: Field| props.oninput.reform(move |value| (field, value));
    let problem = log.in_use().and_then(|template| check(template).err());
    html! {
        // Folded until the user opens it (the browser keeps it open across renders).
        <details class="log-settings" part="log-settings">
            <summary>{ if problem.is_some() { "Log link (needs a fix)" } else { "Log link" } }</summary>
            <div class="field">
                <label for="log-preset">{ "Log service" }</label>
                <select id="log-preset" onchange={onpreset}>
                    <option value="" selected={log.preset.is_empty()}>{ "My own template" }</option>
                    { for PRESETS.iter().map(|p| html! { <option value={p.name} selected={log.preset == p.name}>{ p.name }</option> }) }
                </select>
            </div>
            if !log.preset.is_empty() {
                <TextField id="log-base" label="Log server, or AWS region" value={log.base.clone()} oninput={edit(Field::LogBase)}
                    placeholder="e.g. https://grafana.example.com or eu-west-1" />
            }
            <TextField id="log-url" label="Log link template" value={log.template.clone()} oninput={edit(Field::LogUrl)}
                placeholder="e.g. https://logs.example.com/?q=jobID:{jobId}&from={fromMs}&to={toMs}" hint="Kept in this browser." />
            <small class="muted">{ placeholders_hint() }</small>
            if let Some(problem) = problem {
                <p class="warning" role="alert" id="log-url-problem">{ problem.to_string() }</p>
            }
        </details>
    }
}
