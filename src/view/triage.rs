//! A failed job's reason, triaged: the class and its fix, the file, row, field and values the
//! reason names, and the reason itself, whole. What the reason means is decided in
//! `crate::job::triage`; this only lays it out.

use super::parts::fact;
use crate::format::{display_text, thousands};
use crate::job::triage::{explain_failure, CauseClass};
use yew::prelude::*;

/// Properties of [`FailureTriage`].
#[derive(Properties, PartialEq)]
pub struct FailureTriageProps {
    pub reason: AttrValue,
    /// Offered when the failed files can be imported again (see `crate::reimport`).
    #[prop_or_default]
    pub onreimport: Option<Callback<()>>,
}

/// The triaged reason of a failed job.
#[function_component(FailureTriage)]
pub fn failure_triage(props: &FailureTriageProps) -> Html {
    let t = explain_failure(&props.reason);
    let known = t.class.is_some();
    let value = |v: &Option<String>| v.as_deref().map(display_text);
    html! {
        <div class="reason triage" role="note" part="failure">
            <p class="triage-class">
                if known {
                    <strong>{ t.title }</strong>
                } else {
                    <strong>{ "Failed" }</strong>{ " (a reason this monitor does not recognise: read it below)" }
                }
            </p>
            <p class="triage-side" part="failure-side">
                if let Some(side) = t.side {
                    <strong>{ side.words() }</strong>{ format!(": {}", side.because()) }
                } else if t.class != Some(CauseClass::Aborted) {
                    <strong>{ "Fix the data or ask the operator" }</strong>{ ": the reason does not say which; read it below." }
                }
            </p>
            <dl class="facts triage-facts">
                if !t.files.is_empty() {
                    <div class="reason-file"><dt>{ "File" }</dt><dd class="mono">{ display_text(&t.files.join(", ")) }</dd></div>
                }
                if let Some(row) = t.row { { fact("Row", thousands(row)) } }
                if let Some(field) = value(&t.field) { { fact("Field", field) } }
                if let Some(expected) = value(&t.expected) { { fact("Expected", expected) } }
                if let Some(actual) = value(&t.actual) { { fact("Found", actual) } }
            </dl>
            if known {
                <p class="triage-hint"><strong>{ "What to do: " }</strong>{ t.hint }</p>
                <p class="reason-cause"><strong>{ "Cause: " }</strong>{ display_text(&t.cause) }</p>
            }
            <p class="reason-text"><strong>{ "Reason, as the server sent it: " }</strong><span class="mono">{ display_text(&t.reason) }</span></p>
            if let Some(onreimport) = &props.onreimport {
                <button type="button" class="secondary" onclick={onreimport.reform(|_| ())}>{ "Re-import failed files…" }</button>
            }
        </div>
    }
}
