//! A request that has not answered by its deadline is abandoned: waiting longer only delays
//! fresher data, and the next poll asks again. The race is here, over any [`Transport`], so it
//! is tested natively with a fake one; the widget's timer is the browser's.

use super::{HttpRequest, RawResponse, Transport, TransportFailure};
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

/// A transport whose every request gives up after `after_ms`: the answer is then
/// [`TransportFailure::Deadline`], and the inner transport is told to [`Transport::abandon`]
/// the request (the browser's fetch is aborted, so the connection is freed).
///
/// ```
/// use milvus_import_monitor::client::{HttpRequest, RawResponse, Transport, TransportFailure, WithDeadline};
/// struct Silent;
/// impl Transport for Silent {
///     async fn send(&self, _: &HttpRequest) -> Result<RawResponse, TransportFailure> { std::future::pending().await }
/// }
/// // A timer that has already fired: the silent server loses the race.
/// let transport = WithDeadline::new(Silent, 8_000, |_| std::future::ready(()));
/// let request = HttpRequest { url: "http://x/describe".into(), headers: vec![], body: "{}".into() };
/// assert_eq!(pollster::block_on(transport.send(&request)), Err(TransportFailure::Deadline { after_ms: 8_000 }));
/// ```
pub struct WithDeadline<T, S> {
    inner: T,
    after_ms: u32,
    sleep: S,
}

impl<T, S, F> WithDeadline<T, S>
where
    T: Transport,
    S: Fn(u32) -> F,
    F: Future<Output = ()>,
{
    /// `sleep(ms)` is a future that completes after `ms` (gloo's `TimeoutFuture` in the widget).
    pub fn new(inner: T, after_ms: u32, sleep: S) -> Self {
        WithDeadline { inner, after_ms, sleep }
    }
}

impl<T, S, F> Transport for WithDeadline<T, S>
where
    T: Transport,
    S: Fn(u32) -> F,
    F: Future<Output = ()>,
{
    async fn send(&self, request: &HttpRequest) -> Result<RawResponse, TransportFailure> {
        let mut answer = pin!(self.inner.send(request));
        let mut expiry = pin!((self.sleep)(self.after_ms));
        // The answer first: one that is ready when the timer fires still counts.
        let outcome = poll_fn(|cx| match answer.as_mut().poll(cx) {
            Poll::Ready(result) => Poll::Ready(Some(result)),
            Poll::Pending => expiry.as_mut().poll(cx).map(|()| None),
        })
        .await;
        outcome.unwrap_or_else(|| {
            self.inner.abandon();
            Err(TransportFailure::Deadline { after_ms: self.after_ms })
        })
    }

    fn abandon(&self) {
        self.inner.abandon();
    }
}
