// Records every import API call the page makes, in order, with the job ID of its body, in
// window.apiCalls. Counting calls where they start (not where the server receives them) means a
// request sent just before an action is never mistaken for one sent after it, however slowly it
// travels. One script for both harnesses: e2e/helpers.mjs installs it as a Playwright init
// script, tests/browser.rs runs it as a function body (include_str!).
if (!window.apiCalls) {
  window.apiCalls = [];
  const realFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = String(input?.url ?? input);
    if (url.includes('/jobs/import/')) {
      const call = { jobId: null };
      const body = init?.body ?? (input instanceof Request ? input.clone().text() : null);
      call.ready = Promise.resolve(body).then((text) => { try { call.jobId = JSON.parse(text)?.jobId ?? null; } catch { /* not JSON */ } });
      window.apiCalls.push(call);
    }
    return realFetch(input, init);
  };
}
