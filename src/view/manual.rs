//! Commit and abort on screen: the buttons a waiting job offers, the note an auto-commit job
//! shows instead, the dialog abort needs, and how the last call ended.

use crate::format::display_text;
use crate::job::BandTable;
use crate::model::ImportJob;
use crate::state::batch::{commit_offer, CommitFacts, CommitOffer, AUTO_COMMIT_NOTE};
use crate::state::{ManualKind, ManualState, RequestState};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The commit controls for `job`: *Commit* and *Abort* while it waits in `Uncommitted`,
/// *Abort* before that for a job known to be manual-commit, *Try to abort* where the server may
/// allow it, the reason there are none for an auto-commit job, else nothing.
pub fn commit_controls(
    job: &ImportJob,
    bands: BandTable,
    facts: CommitFacts,
    manual: &ManualState,
    onask: &Callback<(ManualKind, Vec<String>)>,
) -> Html {
    let ask = |kind: ManualKind| {
        let id = job.job_id.clone();
        onask.reform(move |_| (kind, vec![id.clone()]))
    };
    let sending = manual.sending(&job.job_id).is_some();
    match commit_offer(job, bands, facts) {
        CommitOffer::Abort => html! {
            <div class="manual" role="group" aria-labelledby="manual-heading">
                <p id="manual-heading">{ "A manual-commit job (auto_commit = \"false\"): the server can abort it until it commits." }</p>
                <button type="button" class="danger" disabled={sending} onclick={ask(ManualKind::Abort)}>{ "Abort" }</button>
            </div>
        },
        CommitOffer::TryAbort => html! {
            <div class="manual" role="group" aria-label="Abort">
                <button type="button" class="secondary" disabled={sending} onclick={ask(ManualKind::TryAbort)}>{ "Try to abort…" }</button>
            </div>
        },
        CommitOffer::CommitOrAbort => {
            html! {
                <div class="manual" role="group" aria-labelledby="manual-heading">
                    <p id="manual-heading">{ "This job waits for a commit (it was created with auto_commit = \"false\"): its rows become queryable once it is committed." }</p>
                    <button type="button" class="primary" disabled={sending} onclick={ask(ManualKind::Commit)}>{ "Commit" }</button>
                    <button type="button" class="danger" disabled={sending} onclick={ask(ManualKind::Abort)}>{ "Abort" }</button>
                </div>
            }
        }
        CommitOffer::AutoCommit => html! { <p class="note" role="note">{ AUTO_COMMIT_NOTE }</p> },
        CommitOffer::Nothing => html! {},
    }
}

/// How the last commit or abort went, where it was asked: for `job_id`, or (`None`) anywhere.
pub fn manual_status(manual: &ManualState, job_id: Option<&str>) -> Html {
    let Some(kind) = manual.kind.filter(|_| job_id.is_none_or(|id| manual.job_ids.iter().any(|j| j == id))) else { return html! {} };
    let jobs = if manual.job_ids.len() == 1 { "job".to_owned() } else { format!("{} jobs", manual.job_ids.len()) };
    match &manual.request {
        RequestState::Loading { .. } => {
            html! { <p class="note" role="status">{ format!("Sending {} for the {jobs}…", kind.label().to_ascii_lowercase()) }</p> }
        }
        RequestState::Ready => {
            let done = match kind {
                ManualKind::Commit => format!("Commit accepted for the {jobs}: following it through Committing to Completed."),
                ManualKind::Abort | ManualKind::TryAbort => {
                    format!("Abort accepted for the {jobs}: following it to Failed (aborted by user).")
                }
            };
            html! { <p class="note" role="status">{ done }</p> }
        }
        RequestState::Failed(_) => html! {
            <div class="banner error manual-refusal" role="alert">{ display_text(&manual.refusal().unwrap_or_default()) }</div>
        },
        RequestState::Idle => html! {},
    }
}

/// The document, or the shadow root of an embedded widget: where the focus is asked about.
struct Root(web_sys::Node);

impl Root {
    fn active(&self) -> Option<web_sys::Element> {
        match self.0.dyn_ref::<web_sys::ShadowRoot>() {
            Some(shadow) => shadow.active_element(),
            None => self.0.dyn_ref::<web_sys::Document>()?.active_element(),
        }
    }

    fn by_id(&self, id: &str) -> Option<web_sys::Element> {
        match self.0.dyn_ref::<web_sys::ShadowRoot>() {
            Some(shadow) => shadow.get_element_by_id(id),
            None => self.0.dyn_ref::<web_sys::Document>()?.get_element_by_id(id),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ConfirmAbortProps {
    pub job_ids: Vec<String>,
    /// *Try to abort*: the page does not know whether the server allows it.
    #[prop_or_default]
    pub trying: bool,
    pub onconfirm: Callback<()>,
    pub oncancel: Callback<()>,
}

/// "Abort?" as a modal `<dialog>`: focus moves into it and stays, Escape cancels, and it says
/// what is lost before anything is sent.
#[function_component(ConfirmAbort)]
pub fn confirm_abort(props: &ConfirmAbortProps) -> Html {
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            let dialog = dialog.cast::<web_sys::HtmlDialogElement>();
            // What had the focus (the Abort button) gets it back when the dialog closes, or, if
            // that is gone or disabled by then, the panel: never the page's <body>. Asked of the
            // dialog's root, which is the element's shadow root when embedded.
            let root = dialog.as_ref().map(|d| Root(d.get_root_node()));
            let opener = root.as_ref().and_then(Root::active);
            if let Some(dialog) = &dialog {
                let _ = dialog.show_modal();
            }
            move || {
                // Closed first: while a modal dialog is open, everything outside it is inert and
                // cannot take the focus. Closing gives it back to what had it, where it can.
                if let Some(dialog) = &dialog {
                    dialog.close();
                }
                let Some(root) = root else { return };
                let focus = |e: &web_sys::Element| e.dyn_ref::<web_sys::HtmlElement>().is_some_and(|e| e.focus().is_ok());
                if let Some(opener) = opener.filter(|o| o.is_connected()) {
                    focus(&opener);
                    if root.active().as_ref() == Some(&opener) {
                        return;
                    }
                }
                if let Some(panel) = root.by_id("panel") {
                    focus(&panel);
                }
            }
        });
    }
    let which = match props.job_ids.as_slice() {
        [one] => format!("import job {one}"),
        many => format!("{} import jobs", many.len()),
    };
    let oncancel = props.oncancel.reform(|e: Event| e.prevent_default());
    // Escape belongs to the dialog here, not to the page (where it stops watching).
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.stop_propagation();
        }
    });
    html! {
        <dialog ref={dialog} class="confirm" aria-labelledby="abort-title" aria-describedby="abort-text" {oncancel} {onkeydown}>
            <h2 id="abort-title">{ format!("{} {which}?", if props.trying { "Try to abort" } else { "Abort" }) }</h2>
            <p id="abort-text">
                { "Milvus stops the import if it is still running and discards every row it has written: none of it becomes queryable, and the job ends as Failed with the reason \"aborted by user\". This cannot be undone; to load the data, start a new import." }
                if props.trying {
                    { " The server decides: the 3.0 line aborts only jobs created with auto_commit = \"false\", and says why when it refuses." }
                }
            </p>
            <div class="dialog-actions">
                <button type="button" autofocus=true onclick={props.oncancel.reform(|_| ())}>{ "Keep the import" }</button>
                <button type="button" class="danger" onclick={props.onconfirm.reform(|_| ())}>{ "Abort the import" }</button>
            </div>
        </dialog>
    }
}
