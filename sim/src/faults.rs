//! What goes wrong on purpose: injected faults and latency (`--faults`, `--latency`), the
//! coordinator crash of 2.4.0–2.4.4 and its downtime, the `Request-Timeout: 0` answer, and the
//! HTML pages a proxy sends instead of JSON.

use crate::answer::{dropped_connection, Answer};
use crate::config::FaultKind;
use crate::profile::Profile;
use crate::store::{count, next_u64, next_unit, Sim, SimState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::time::Duration;

/// Whether the server is still restarting after a crash.
pub(crate) fn coordinator_down(state: &mut SimState) -> bool {
    match state.down_until {
        Some(until) if std::time::Instant::now() < until => true,
        Some(_) => {
            state.down_until = None;
            false
        }
        None => false,
    }
}

pub(crate) fn timeout_answer(profile: Profile) -> Answer {
    if profile.json_timeout() {
        Answer::error(10001, "request timeout").with_status(StatusCode::REQUEST_TIMEOUT)
    } else {
        Answer::text(StatusCode::REQUEST_TIMEOUT, "timeout")
    }
}

/// How an answer goes out: after what latency, with which fault (if any), cut where (the
/// `truncate` fault). Drawn from the state's random source with the answer, under one lock.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Delivery {
    fault: Option<FaultKind>,
    latency: f64,
    cut: f64,
}

/// Draws the latency and the fault of one answer (`--latency`, `--faults`).
pub(crate) fn delivery(sim: &Sim, state: &mut SimState) -> Delivery {
    let latency = sim.cfg.latency * next_unit(&mut state.rng);
    let kinds = &sim.cfg.fault_kinds.0;
    let fault = (sim.cfg.fault_rate > 0.0 && next_unit(&mut state.rng) < sim.cfg.fault_rate)
        .then(|| kinds.get((next_u64(&mut state.rng) % kinds.len().max(1) as u64) as usize).copied())
        .flatten();
    if let Some(kind) = fault {
        count(&mut state.faults, kind.name());
    }
    Delivery { fault, latency, cut: next_unit(&mut state.rng) }
}

/// Applies the latency and the fault, then turns the answer into a response.
pub(crate) async fn deliver(sim: &Sim, answer: Answer, Delivery { fault, latency, cut }: Delivery, timeout: Option<Duration>) -> Response {
    let mut delay = Duration::from_secs_f64(latency);
    if fault == Some(FaultKind::Slow) {
        delay += Duration::from_secs_f64(sim.cfg.slow);
    }
    if let Some(limit) = timeout.filter(|limit| delay > *limit) {
        tokio::time::sleep(limit).await;
        return timeout_answer(sim.cfg.profile).into_response();
    }
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    match fault {
        Some(FaultKind::BadGateway) => proxy_page(502, "Bad Gateway").into_response(),
        Some(FaultKind::GatewayTimeout) => proxy_page(504, "Gateway Time-out").into_response(),
        Some(FaultKind::HandlerPanic) => Answer::json(&json!({"code": 500})).with_status(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
        Some(FaultKind::Drop) => dropped_connection(),
        Some(FaultKind::Truncate) => {
            let mut answer = answer;
            let keep = ((answer.body.len() as f64 * cut) as usize).clamp(1, answer.body.len().saturating_sub(1).max(1));
            answer.body.truncate(keep);
            answer.into_response()
        }
        _ => answer.into_response(),
    }
}

/// What nginx answers when the backend is down or slow.
pub(crate) fn proxy_page(status: u16, title: &str) -> Answer {
    let body = format!(
        "<html>\r\n<head><title>{status} {title}</title></head>\r\n<body>\r\n<center><h1>{status} {title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    );
    Answer {
        status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
        content_type: "text/html",
        body: body.into_bytes(),
        location: None,
    }
}
