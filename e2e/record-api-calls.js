// Records every import API call the page makes, in order, with its route (`describe`, `list`…)
// and the job ID of its body, in window.apiCalls, and how many were in flight at most
// (window.apiMaxInFlight), in all and per server (window.apiMaxInFlightByHost, by host:port). Readiness reads (indexes, collections, entities) go to
// window.readinessCalls, each with how many import calls came before it. Counting calls where they start (not where the server receives them)
// means a request sent just before an action is never mistaken for one sent after it, however
// slowly it travels. One script for both harnesses: e2e/helpers.mjs installs it as a Playwright
// init script, tests/app.rs runs it as a function body (include_str!).
if (!window.apiCalls) {
  window.apiCalls = [];
  window.apiInFlight = 0;
  window.apiMaxInFlight = 0;
  window.apiInFlightByHost = {};
  window.apiMaxInFlightByHost = {};
  window.readinessCalls = [];
  const realFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = String(input?.url ?? input);
    if (url.includes('/jobs/import/')) {
      let host = '';
      try { host = new URL(url, window.location.href).host; } catch { /* a relative path on a page without a base */ }
      const call = { route: url.split('?')[0].split('/').pop(), jobId: null, host };
      const body = init?.body ?? (input instanceof Request ? input.clone().text() : null);
      call.ready = Promise.resolve(body).then((text) => { try { call.jobId = JSON.parse(text)?.jobId ?? null; } catch { /* not JSON */ } });
      window.apiCalls.push(call);
      window.apiInFlight += 1;
      window.apiMaxInFlight = Math.max(window.apiMaxInFlight, window.apiInFlight);
      window.apiInFlightByHost[host] = (window.apiInFlightByHost[host] ?? 0) + 1;
      window.apiMaxInFlightByHost[host] = Math.max(window.apiMaxInFlightByHost[host] ?? 0, window.apiInFlightByHost[host]);
      const answer = realFetch(input, init);
      const settled = () => { window.apiInFlight -= 1; window.apiInFlightByHost[host] -= 1; };
      answer.then(settled, settled);
      return answer;
    }
    const readiness = url.split('?')[0].match(/\/v2\/vectordb\/((indexes|collections|entities)\/[a-z_]+)$/);
    if (readiness) window.readinessCalls.push({ route: readiness[1], after: window.apiCalls.length });
    return realFetch(input, init);
  };
}
