//! The one way the widget starts a request: an `AbortController` per request, owned by a
//! handle that aborts it when dropped (an effect's cleanup), and a late answer dropped.

use crate::client::{FetchTransport, WithDeadline};
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// A request in flight. Dropping it aborts the fetch, and its answer is not delivered.
#[must_use = "the request is aborted when its handle is dropped"]
pub struct InFlight {
    controller: web_sys::AbortController,
    dropped: Rc<Cell<bool>>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.dropped.set(true);
        self.controller.abort();
    }
}

/// A fetch transport that gives up after `after_ms` ([`crate::policy::deadline_ms`]).
pub type DeadlineTransport = WithDeadline<FetchTransport, fn(u32) -> Sleep>;

/// `transport` with the request deadline.
pub fn with_deadline(transport: FetchTransport, after_ms: u32) -> DeadlineTransport {
    WithDeadline::new(transport, after_ms, Sleep::new as fn(u32) -> Sleep)
}

/// A future that completes after a delay; dropping it clears the browser's timer. (gloo's
/// `TimeoutFuture` does the same through a channel, which costs the page a kilobyte.)
pub struct Sleep {
    fired: Rc<Cell<bool>>,
    waker: Rc<RefCell<Option<Waker>>>,
    _timer: Timeout,
}

impl Sleep {
    pub fn new(ms: u32) -> Sleep {
        let (fired, waker) = (Rc::new(Cell::new(false)), Rc::new(RefCell::new(None::<Waker>)));
        let timer = {
            let (fired, waker) = (fired.clone(), waker.clone());
            Timeout::new(ms, move || {
                fired.set(true);
                if let Some(waker) = waker.borrow_mut().take() {
                    waker.wake();
                }
            })
        };
        Sleep { fired, waker, _timer: timer }
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.fired.get() {
            return Poll::Ready(());
        }
        *self.waker.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// Runs `task` with a fresh fetch transport and hands its result to `deliver`, unless the
/// returned handle was dropped first. `None` when the browser has no `AbortController`.
///
/// The answer is delivered in a task of its own, after the one that read and decoded it: what
/// `deliver` dispatches renders in the same task as the dispatch, and a 1,024-group answer read,
/// decoded and rendered in one task was a long task (> 50 ms) on a CPU 4× slower than this
/// machine's. Split, neither half is.
pub fn spawn_fetch<T, F>(task: impl FnOnce(FetchTransport) -> F, deliver: impl FnOnce(T) + 'static) -> Option<InFlight>
where
    T: 'static,
    F: Future<Output = T> + 'static,
{
    let controller = web_sys::AbortController::new().ok()?;
    let dropped = Rc::new(Cell::new(false));
    let answer = task(FetchTransport::new(controller.clone()));
    let late = dropped.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let result = answer.await;
        Sleep::new(0).await;
        if !late.get() {
            deliver(result);
        }
    });
    Some(InFlight { controller, dropped })
}
