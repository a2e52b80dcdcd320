//! The stateful root: holds the [`PageState`] reducer, turns events into actions, and runs the
//! effects it asks for: one fetch per `poll_seq` (aborted when the job changes, on Stop or on
//! unmount) and one timer per response (cancelled the same way).

use super::browser::{initial_form, now_ms, set_title, store_token};
use super::files::FileTable;
use super::form::WatchForm;
use super::job::JobSummary;
use crate::client::{page_origin, Client, FetchTransport, RouteMemory};
use crate::model::JobState;
use crate::state::{Action, Field, FormFields, PageState, RequestState, Snapshot};
use crate::ApiError;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// What the embedding page asks of the widget; each command carries a sequence number so the
/// same command twice is still two commands.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Replace the settings (endpoint, token, database, cluster, interval).
    Configure(FormFields),
    /// Replace the settings and watch this job.
    Watch(FormFields),
    Stop,
}

/// What the widget tells the embedding page.
#[derive(Debug, Clone, PartialEq)]
pub enum MonitorEvent {
    /// Every good answer.
    Progress(Rc<Snapshot>),
    /// The job reached Completed.
    Complete(Rc<Snapshot>),
    /// The job reached Failed.
    Failed(Rc<Snapshot>),
    /// A request failed (the last good data stays on screen).
    Error(ApiError),
}

/// Settings of an embedded widget (the npm package); `None` is the standalone page, which reads
/// the query string and the remembered token instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Embed {
    pub initial: FormFields,
    pub show_form: bool,
    pub command: Option<(u64, Command)>,
    pub events: Callback<MonitorEvent>,
}

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    #[prop_or_default]
    pub embed: Option<Embed>,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let embedded = props.embed.is_some();
    let initial = {
        let embed = props.embed.clone();
        use_memo((), move |_| match embed {
            Some(embed) => (embed.initial.clone(), !embed.initial.endpoint.is_empty() && !embed.initial.job_id.is_empty()),
            None => initial_form(),
        })
    };
    let state = {
        let form = initial.0.clone();
        use_reducer(move || PageState::with_form(form))
    };
    // Which progress route each endpoint answers on, kept across jobs.
    let routes = use_memo((), |_| Rc::new(RefCell::new(RouteMemory::default())));

    {
        let dispatcher = state.dispatcher();
        let autostart = initial.1;
        use_effect_with((), move |_| {
            if autostart {
                dispatcher.dispatch(Action::Watch);
            }
        });
    }

    // Commands from the embedding page.
    {
        let dispatcher = state.dispatcher();
        let command = props.embed.as_ref().and_then(|e| e.command.clone());
        use_effect_with(command, move |command| match command.clone().map(|(_, c)| c) {
            Some(Command::Configure(form)) => dispatcher.dispatch(Action::SetForm(form)),
            Some(Command::Watch(form)) => {
                dispatcher.dispatch(Action::SetForm(form));
                dispatcher.dispatch(Action::Watch);
            }
            Some(Command::Stop) => dispatcher.dispatch(Action::Stop),
            None => {}
        });
    }

    // One request per poll_seq; a Stop, a new job (a new generation) or unmounting aborts it.
    {
        let dispatcher = state.dispatcher();
        let watch = state.watch.clone().filter(|_| state.request == RequestState::Loading);
        let routes = (*routes).clone();
        use_effect_with((state.generation, state.poll_seq), move |&(generation, _)| {
            let controller = watch.as_ref().and_then(|_| web_sys::AbortController::new().ok());
            if let (Some(watch), Some(controller)) = (watch, controller.as_ref()) {
                let signal = controller.signal();
                let client = Client::with_routes(watch.connection.clone(), page_origin(), routes);
                wasm_bindgen_futures::spawn_local(async move {
                    let transport = FetchTransport::new(&signal);
                    let result = client.progress(&transport, &watch.job_id).await;
                    if !signal.aborted() {
                        let route = Some(client.progress_route());
                        dispatcher.dispatch(Action::Response { generation, result, route, at_ms: now_ms() });
                    }
                });
            }
            move || {
                if let Some(controller) = controller {
                    controller.abort();
                }
            }
        });
    }

    // The next poll, after each response; dropping the Timeout cancels it.
    {
        let dispatcher = state.dispatcher();
        let delay = state.next_poll_in_ms();
        use_effect_with((state.generation, state.response_seq, delay), move |&(generation, _, delay)| {
            let timer = delay.map(|ms| Timeout::new(ms, move || dispatcher.dispatch(Action::PollDue { generation })));
            move || drop(timer)
        });
    }

    // Events for the embedding page, once per response.
    {
        let events = props.embed.as_ref().map(|e| e.events.clone());
        let outcome = (state.request.clone(), state.snapshot.clone());
        use_effect_with(state.response_seq, move |_| {
            if let Some(events) = events {
                match outcome {
                    (RequestState::Ready, Some(snapshot)) => {
                        events.emit(MonitorEvent::Progress(snapshot.clone()));
                        match snapshot.job.state {
                            JobState::Completed => events.emit(MonitorEvent::Complete(snapshot)),
                            JobState::Failed => events.emit(MonitorEvent::Failed(snapshot)),
                            _ => {}
                        }
                    }
                    (RequestState::Failed(error), _) => events.emit(MonitorEvent::Error(error)),
                    _ => {}
                }
            }
        });
    }

    // The standalone page remembers the token only when asked to, and shows progress in the
    // tab's title; an embedded widget leaves both to its host.
    {
        let remembered = (!embedded).then(|| (state.form.remember_token, state.form.token.clone()));
        use_effect_with(remembered, |remembered| {
            if let Some((remember, token)) = remembered {
                store_token(*remember, token);
            }
        });
    }
    {
        let title = (!embedded).then(|| match &state.snapshot {
            Some(s) => format!("{} % · {} · Milvus import monitor", s.job.progress, s.job.state),
            None => "Milvus import monitor".to_owned(),
        });
        use_effect_with(title, |title| {
            if let Some(title) = title {
                set_title(title);
            }
        });
    }

    let dispatch = |make: fn(()) -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: ()| dispatcher.dispatch(make(())))
    };
    let oninput = {
        let dispatcher = state.dispatcher();
        Callback::from(move |(field, value): (Field, String)| dispatcher.dispatch(Action::Edit(field, value)))
    };
    let onremember = {
        let dispatcher = state.dispatcher();
        Callback::from(move |remember| dispatcher.dispatch(Action::SetRemember(remember)))
    };
    let onsort = {
        let dispatcher = state.dispatcher();
        Callback::from(move |key| dispatcher.dispatch(Action::Sort(key)))
    };
    let onfilter = {
        let dispatcher = state.dispatcher();
        Callback::from(move |filter| dispatcher.dispatch(Action::Filter(filter)))
    };
    let onrefresh = dispatch(|_| Action::Refresh).reform(|_: MouseEvent| ());
    let show_form = props.embed.as_ref().is_none_or(|e| e.show_form);

    let status = match &state.request {
        RequestState::Idle if state.watch.is_none() && state.snapshot.is_some() => "Stopped.".to_owned(),
        RequestState::Idle => String::new(),
        RequestState::Loading => "Updating…".to_owned(),
        RequestState::Ready if state.is_terminal() => "Final state reached; polling stopped.".to_owned(),
        RequestState::Ready => format!("Polling every {} s.", state.watch.as_ref().map_or(0.0, |w| f64::from(w.interval_ms) / 1000.0)),
        RequestState::Failed(_) if state.next_poll_in_ms().is_some() => "Retrying at the next poll.".to_owned(),
        RequestState::Failed(_) => "Polling stopped.".to_owned(),
    };

    html! {
        <div class="monitor">
            if !embedded {
                <header class="top">
                    <h1>{ "Milvus import monitor" }</h1>
                </header>
            }
            if show_form {
                <WatchForm form={state.form.clone()} watching={state.watch.is_some()} {oninput} {onremember}
                    remember={!embedded} onwatch={dispatch(|_| Action::Watch)} onstop={dispatch(|_| Action::Stop)} />
            }
            if let RequestState::Failed(error) = &state.request {
                <div class="banner error" role="alert">{ error.to_string() }</div>
            }
            <div class="toolbar">
                <p class="status" aria-live="polite">{ status }</p>
                if state.watch.is_some() {
                    <button type="button" onclick={onrefresh} disabled={state.request == RequestState::Loading}>{ "Refresh" }</button>
                }
            </div>
            if let Some(snapshot) = &state.snapshot {
                <JobSummary snapshot={snapshot.clone()} bands={state.band_table()} />
                <FileTable files={snapshot.files.clone()} view={state.table.clone()} {onsort} {onfilter} />
            } else if state.request == RequestState::Loading {
                <p class="muted">{ "Asking the server…" }</p>
            }
        </div>
    }
}
