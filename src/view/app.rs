//! The stateful root: holds the [`PageState`] reducer, turns events into actions, and runs the
//! effects it asks for. Each effect that starts a fetch or a timer returns a cleanup that stops
//! it: a fetch per `poll_seq` (aborted when the job changes, on Stop or on unmount), a timer
//! per response, the list's fetch and slow timer, the create request, the visibility listener.

use super::browser::{
    copy_text, download, initial_form, keep_snapshot, kept_snapshot, notify, now_ms, on_visibility_change, page_visible, random,
    request_notifications, set_title, share_link, store_token,
};
use super::create::CreateView;
use super::files::FileTable;
use super::form::WatchForm;
use super::job::JobSummary;
use super::list::JobList;
use crate::client::{page_origin, Client, FetchTransport, LastAnswer, RouteMemory};
use crate::export::{share_query, to_csv, to_json};
use crate::model::JobState;
use crate::state::{Action, Field, FormFields, PageState, RequestState, Snapshot, Source, Tab, LIST_INTERVAL_MS};
use crate::watch::keep_snapshot_due;
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
        use_reducer(move || PageState { visible: page_visible(), ..PageState::with_form(form) })
    };
    // Which progress route each endpoint answers on, kept across jobs.
    let routes = use_memo((), |_| Rc::new(RefCell::new(RouteMemory::default())));
    let last_answer = use_memo((), |_| Rc::new(RefCell::new(None::<LastAnswer>)));
    let copied = use_state(|| None::<String>);

    {
        let dispatcher = state.dispatcher();
        let autostart = initial.1;
        use_effect_with((), move |_| {
            if autostart {
                dispatcher.dispatch(Action::Watch { at_ms: now_ms() });
            }
            // Hidden tabs do not poll; coming back refreshes at once.
            let listener = on_visibility_change(move |visible| dispatcher.dispatch(Action::Visibility(visible)));
            move || drop(listener)
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
                dispatcher.dispatch(Action::Watch { at_ms: now_ms() });
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
        let last_answer = (*last_answer).clone();
        use_effect_with((state.generation, state.poll_seq), move |&(generation, _)| {
            let controller = watch.as_ref().and_then(|_| web_sys::AbortController::new().ok());
            // Shared with the request's task, which cancels it as soon as the answer is in.
            let deadline: Rc<std::cell::Cell<Option<Timeout>>> = Rc::default();
            if let (Some(watch), Some(controller)) = (watch, controller.as_ref()) {
                let signal = controller.signal();
                // A poll that hangs is abandoned after its timeout and counted as a timeout.
                let timed_out = Rc::new(std::cell::Cell::new(false));
                deadline.set(Some({
                    let (timed_out, controller) = (timed_out.clone(), controller.clone());
                    Timeout::new(watch.request_timeout_ms(), move || {
                        timed_out.set(true);
                        controller.abort();
                    })
                }));
                let answered = deadline.clone();
                let client = Client::with_routes(watch.connection.clone(), page_origin(), routes).sharing_last_answer(last_answer);
                wasm_bindgen_futures::spawn_local(async move {
                    let transport = FetchTransport::new(&signal);
                    let result = client.progress(&transport, &watch.job_id).await;
                    answered.take();
                    let result = match result {
                        Err(ApiError::Aborted) if timed_out.get() => Err(ApiError::Timeout {
                            code: None,
                            message: format!("no answer within {} s", watch.request_timeout_ms() / 1000),
                        }),
                        other => other,
                    };
                    if timed_out.get() || !signal.aborted() {
                        let route = Some(client.progress_route());
                        dispatcher.dispatch(Action::Response { generation, result, route, at_ms: now_ms(), jitter: random() });
                    }
                });
            }
            move || {
                deadline.take();
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

    // The job list: one request per list seq, then a slow refresh while the tab is open.
    {
        let dispatcher = state.dispatcher();
        let wanted = (state.list.request == RequestState::Loading).then(|| state.form.connection());
        let collection = Some(state.list.collection.trim().to_owned()).filter(|c| !c.is_empty());
        use_effect_with(state.list.seq, move |&seq| {
            let controller = wanted.as_ref().and_then(|_| web_sys::AbortController::new().ok());
            match (wanted, controller.as_ref()) {
                (Some(Ok(connection)), Some(controller)) => {
                    let signal = controller.signal();
                    wasm_bindgen_futures::spawn_local(async move {
                        let client = Client::new(connection, page_origin());
                        let result = client.list(&FetchTransport::new(&signal), collection.as_deref()).await;
                        if !signal.aborted() {
                            dispatcher.dispatch(Action::ListResponse { seq, result, at_ms: now_ms() });
                        }
                    });
                }
                (Some(Err(error)), _) => dispatcher.dispatch(Action::ListResponse { seq, result: Err(error), at_ms: now_ms() }),
                _ => {}
            }
            move || {
                if let Some(controller) = controller {
                    controller.abort();
                }
            }
        });
    }
    {
        let dispatcher = state.dispatcher();
        let due = state.list_due();
        use_effect_with((state.list.response_seq, due), move |&(_, due)| {
            let timer = due.then(|| Timeout::new(LIST_INTERVAL_MS, move || dispatcher.dispatch(Action::ListRefresh)));
            move || drop(timer)
        });
    }

    // Start an import.
    {
        let dispatcher = state.dispatcher();
        let wanted = (state.create.request == RequestState::Loading)
            .then(|| state.form.connection().ok().zip(state.create.request().ok()))
            .flatten();
        use_effect_with(state.create.seq, move |&seq| {
            let controller = wanted.as_ref().and_then(|_| web_sys::AbortController::new().ok());
            if let (Some((connection, request)), Some(controller)) = (wanted, controller.as_ref()) {
                let signal = controller.signal();
                wasm_bindgen_futures::spawn_local(async move {
                    let client = Client::new(connection, page_origin());
                    let result = client.create(&FetchTransport::new(&signal), &request).await.map(|c| c.job_id);
                    if !signal.aborted() {
                        dispatcher.dispatch(Action::Created { seq, result, at_ms: now_ms() });
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

    // Events for the embedding page, once per response.
    {
        let events = props.embed.as_ref().map(|e| e.events.clone());
        let outcome = (state.request.clone(), state.snapshot.clone());
        use_effect_with(state.response_seq, move |_| {
            if let Some(events) = events {
                match outcome {
                    (RequestState::Ready, Some(snapshot)) if snapshot.source == Source::Live => {
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

    // Keep each live snapshot (never the token) for when the server forgets the job, and show
    // the kept one when it has.
    {
        let endpoint = state.watch.as_ref().map(|w| w.connection.endpoint.base().to_owned());
        let live = state.snapshot.clone().filter(|s| s.source == Source::Live);
        // Saved when the job or its state changes, and as the percentage moves at most every
        // 30 s (`keep_snapshot_due`).
        let last_kept = use_mut_ref(|| None::<(String, String, f64)>);
        let key = live.as_ref().map(|s| (s.job.job_id.clone(), s.job.state.as_str().to_owned(), s.job.progress));
        use_effect_with(key, move |key| {
            if let (Some(endpoint), Some(snapshot), Some((id, job_state, _))) = (endpoint, live, key) {
                let mut last = last_kept.borrow_mut();
                let kept = last.as_ref().map(|(id, state, at)| (id.as_str(), state.as_str(), *at));
                if keep_snapshot_due(kept, (id, job_state, snapshot.received_at_ms)) {
                    keep_snapshot(&endpoint, &snapshot.to_job(), snapshot.received_at_ms);
                    *last = Some((id.clone(), job_state.clone(), snapshot.received_at_ms));
                }
            }
        });
    }
    {
        let dispatcher = state.dispatcher();
        let missing = matches!(state.request, RequestState::Failed(ApiError::JobNotFound { .. }))
            || state.snapshot.as_ref().is_some_and(|s| s.source == Source::NotYetRegistered);
        let target = missing.then(|| state.watch.as_ref().map(|w| (w.connection.endpoint.base().to_owned(), w.job_id.clone()))).flatten();
        use_effect_with(state.response_seq, move |_| {
            if let Some((job, saved_at_ms)) = target.and_then(|(endpoint, id)| kept_snapshot(&endpoint, &id)) {
                dispatcher.dispatch(Action::Restore { job, saved_at_ms });
            }
        });
    }

    // A desktop notification when the job ends, if the user asked for one.
    {
        let finished = state.is_terminal().then(|| state.snapshot.as_ref().map(|s| (s.job.job_id.clone(), s.job.state.clone()))).flatten();
        let wanted = state.form.notify;
        use_effect_with(finished, move |finished| {
            if let (true, Some((id, job_state))) = (wanted, finished) {
                notify(&format!("Import {job_state}"), &format!("Milvus import job {id} is {job_state}."));
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

    let on = |make: fn(()) -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: ()| dispatcher.dispatch(make(())))
    };
    let send = |action: Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(action.clone()))
    };
    let dispatcher = state.dispatcher();
    let oninput = {
        let d = dispatcher.clone();
        Callback::from(move |(field, value): (Field, String)| d.dispatch(Action::Edit(field, value)))
    };
    let onremember = {
        let d = dispatcher.clone();
        Callback::from(move |remember| d.dispatch(Action::SetRemember(remember)))
    };
    let onnotify = {
        let d = dispatcher.clone();
        Callback::from(move |e: Event| {
            let notify = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            if notify {
                request_notifications();
            }
            d.dispatch(Action::SetNotify(notify));
        })
    };
    // The same callbacks at every render, so the file table (1,024 rows at most) is left
    // alone when neither its files nor its view changed.
    let onsort = use_callback(dispatcher.clone(), |key, d| d.dispatch(Action::Sort(key)));
    let onfilter = use_callback(dispatcher.clone(), |filter, d| d.dispatch(Action::Filter(filter)));
    let oncopy = {
        let query = share_query(&state.form);
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let link = share_link(&query);
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = copy_text(&link).await;
                copied.set(Some(if ok { "Link copied.".to_owned() } else { format!("Copy this link: {link}") }));
            });
        })
    };
    let export = |json: bool| {
        let snapshot = state.snapshot.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(snapshot) = &snapshot {
                let job = snapshot.to_job();
                let name = format!("import-job-{}", job.job_id);
                if json {
                    download(&format!("{name}.json"), "application/json", &to_json(&job));
                } else {
                    download(&format!("{name}.csv"), "text/csv", &to_csv(&job));
                }
            }
        })
    };
    let show_form = props.embed.as_ref().is_none_or(|e| e.show_form);

    let status = match &state.request {
        RequestState::Idle if state.watch.is_none() && state.snapshot.is_some() => "Stopped.".to_owned(),
        RequestState::Idle => String::new(),
        _ if state.watch.is_some() && !state.visible => "Paused while this tab is hidden.".to_owned(),
        // The status is a live region: it must not flicker with every poll.
        RequestState::Loading if state.snapshot.is_none() => "Asking the server…".to_owned(),
        RequestState::Loading | RequestState::Ready if !state.is_terminal() => {
            format!("Polling every {} s.", state.watch.as_ref().map_or(0.0, |w| f64::from(w.interval_ms) / 1000.0))
        }
        RequestState::Loading | RequestState::Ready => "Final state reached; polling stopped.".to_owned(),
        RequestState::Failed(_) => match state.next_poll_in_ms() {
            Some(ms) => format!("Retrying in {} s.", (f64::from(ms) / 1000.0).round()),
            None => "Polling stopped.".to_owned(),
        },
    };
    let tab = |which: Tab, label: &'static str, id: &'static str| {
        let selected = state.tab == which;
        let d = dispatcher.clone();
        html! {
            <button type="button" role="tab" id={id} aria-selected={selected.to_string()} aria-controls="panel"
                tabindex={if selected { "0" } else { "-1" }} class={classes!("tab", selected.then_some("selected"))}
                onclick={Callback::from(move |_| d.dispatch(Action::ShowTab(which)))}>{ label }</button>
        }
    };
    let now = now_ms();
    // Announced politely when the job's phase changes, not at every percent.
    let announcement = state.snapshot.as_ref().map(|s| {
        let doing = s.activity(state.band_table());
        format!("Job {}: {}, {}.", s.job.job_id, s.job.state, doing.label())
    });
    let onkeydown = {
        let d = dispatcher.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                d.dispatch(Action::Stop);
            }
        })
    };

    // The standalone page is the document's main landmark; embedded, the host page has its own.
    let tag = if embedded { "div" } else { "main" };
    html! {
        <@{tag} class="monitor" {onkeydown}>
            <p class="sr-only" aria-live="polite">{ announcement.unwrap_or_default() }</p>
            if !embedded {
                <header class="top">
                    <h1>{ "Milvus import monitor" }</h1>
                </header>
            }
            if show_form {
                <WatchForm form={state.form.clone()} watching={state.watch.is_some()} {oninput} {onremember}
                    remember={!embedded} onwatch={on(|_| Action::Watch { at_ms: now_ms() })} onstop={on(|_| Action::Stop)} />
                <nav class="tabs" role="tablist" aria-label="Views">
                    { tab(Tab::Job, "Job", "tab-job") }
                    { tab(Tab::Jobs, "All jobs", "tab-jobs") }
                    { tab(Tab::Create, "New import", "tab-create") }
                </nav>
            }
            // Busy while the job's request is out. Neither this nor the Refresh button (a click
            // while busy is ignored) changes the page's look at a poll's start: disabling the
            // button did, which cost a frame of its own with a layout and a pre-paint of the
            // whole page (~10 ms with 1,024 files) at every poll.
            <div id="panel" role="tabpanel" aria-labelledby={match state.tab { Tab::Job => "tab-job", Tab::Jobs => "tab-jobs", Tab::Create => "tab-create" }}
                aria-busy={(state.tab == Tab::Job && state.request == RequestState::Loading).then_some("true")}>
            {
                match state.tab {
                    Tab::Jobs => html! {
                        <JobList list={state.list.clone()}
                            oncollection={{ let d = dispatcher.clone(); Callback::from(move |c| d.dispatch(Action::ListEdit(c))) }}
                            onrefresh={on(|_| Action::ListRefresh)}
                            onsort={{ let d = dispatcher.clone(); Callback::from(move |s| d.dispatch(Action::ListSort(s))) }}
                            onfilter={{ let d = dispatcher.clone(); Callback::from(move |f| d.dispatch(Action::ListFilter(f))) }}
                            onwatch={{ let d = dispatcher.clone(); Callback::from(move |job_id| d.dispatch(Action::WatchJob { job_id, at_ms: now_ms() })) }} />
                    },
                    Tab::Create => html! {
                        <CreateView form={state.create.clone()}
                            onedit={{ let d = dispatcher.clone(); Callback::from(move |(f, v)| d.dispatch(Action::CreateEdit(f, v))) }}
                            onsubmit={on(|_| Action::CreateSubmit)} />
                    },
                    Tab::Job => html! {
                        <>
                            if let RequestState::Failed(error) = &state.request {
                                <div class="banner error" role="alert">{ error.to_string() }</div>
                            }
                            <div class="toolbar">
                                <p class="status" aria-live="polite">{ status }</p>
                                <div class="tools">
                                    if state.watch.is_some() {
                                        <button type="button" onclick={send(Action::Refresh)}>{ "Refresh" }</button>
                                    }
                                    if !embedded && state.watch.is_some() {
                                        <button type="button" onclick={oncopy}>{ "Copy link" }</button>
                                    }
                                    if state.snapshot.is_some() {
                                        <button type="button" onclick={export(true)}>{ "Export JSON" }</button>
                                        <button type="button" onclick={export(false)}>{ "Export CSV" }</button>
                                    }
                                    if !embedded {
                                        <label class="check"><input type="checkbox" checked={state.form.notify} onchange={onnotify} />{ "Notify me when it ends" }</label>
                                    }
                                </div>
                            </div>
                            if let Some(message) = &*copied {
                                <p class="note" role="status">{ message.clone() }</p>
                            }
                            if let Some(snapshot) = &state.snapshot {
                                <JobSummary snapshot={snapshot.clone()} bands={state.band_table()} tracker={state.tracker.clone()}
                                    now_ms={now} stall_ms={state.form.stall_ms()} />
                                <FileTable files={snapshot.files.clone()} view={state.table.clone()} {onsort} {onfilter} empty_note={crate::failure::no_files_note(&snapshot.job)} />
                            }
                        </>
                    },
                }
            }
            </div>
        </@>
    }
}
