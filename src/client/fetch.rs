//! The browser transport: fetch through gloo-net, aborted through its own `AbortController`.

use super::{HttpRequest, RawResponse, Transport, TransportFailure};
use gloo_net::http::{Method, RequestBuilder};
use web_sys::{AbortController, RequestCache, RequestCredentials, RequestMode};

/// Sends requests with the browser's fetch: CORS mode, no cookies (`credentials: 'omit'`; the
/// server's wildcard origin forbids credentials anyway), no HTTP cache, and an `AbortSignal`
/// from `controller`, so Stop, a job change or a passed deadline cancels the request in flight.
pub struct FetchTransport {
    controller: AbortController,
}

impl FetchTransport {
    /// A transport whose requests `controller` aborts.
    pub fn new(controller: AbortController) -> Self {
        FetchTransport { controller }
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: &HttpRequest) -> Result<RawResponse, TransportFailure> {
        let signal = self.controller.signal();
        let failure = || if signal.aborted() { TransportFailure::Aborted } else { TransportFailure::Network };
        // gloo's `header` throws on a value the browser refuses; web-sys's `set` returns the
        // error instead (the client checks values first, so this is a second line).
        let headers = web_sys::Headers::new().map_err(|_| failure())?;
        for (name, value) in &request.headers {
            headers.set(name, value).map_err(|_| failure())?;
        }
        let builder = RequestBuilder::new(&request.url)
            .method(Method::POST)
            .mode(RequestMode::Cors)
            .credentials(RequestCredentials::Omit)
            .cache(RequestCache::NoStore)
            .abort_signal(Some(&signal))
            .headers(gloo_net::http::Headers::from_raw(headers));
        let response = builder.body(request.body.as_str()).map_err(|_| failure())?.send().await.map_err(|_| failure())?;
        let status = response.status();
        let body = response.binary().await.map_err(|_| failure())?;
        Ok(RawResponse { status, body })
    }

    fn abandon(&self) {
        self.controller.abort();
    }
}

/// The page's origin (`window.location.origin`), which decides the same-origin headers.
pub fn page_origin() -> Option<String> {
    web_sys::window()?.location().origin().ok()
}
