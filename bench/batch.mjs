// A batch of many jobs against a single job, in one browser: requests per interval, the main
// thread's time per answer (Chromium's own TaskDuration, not a stopwatch), and memory over
// many answers. Both pages get in-memory answers of the same size per job (100 file groups,
// the in-progress half moving at every answer), so the network is out of every figure.
import { importBody } from './poll.mjs';

/** Answers every import-API request from memory, alternating two bodies per job (`byJob[id]`,
 *  else `other`) with the job's ID written in; counts what it served (`benchServed`) and when,
 *  per job (`benchTimes`). Evaluated in the page, before its scripts. */
export const stubFetch = ({ other, byJob = {} }) => {
  window.benchServed = 0;
  window.benchTimes = {};
  const served = new Map();
  // Each job's two bodies are written once: the stub's own work runs on the page's main thread,
  // where it would count as the page's.
  const bodiesOf = new Map();
  const realFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    if (!String(input?.url ?? input).includes('/jobs/import/')) return realFetch(input, init);
    const text = typeof init?.body === 'string' ? init.body : input instanceof Request ? await input.text() : '{}';
    const jobId = JSON.parse(text).jobId ?? '';
    const n = served.get(jobId) ?? 0;
    served.set(jobId, n + 1);
    window.benchServed += 1;
    (window.benchTimes[jobId] ??= []).push(performance.now());
    if (!bodiesOf.has(jobId)) bodiesOf.set(jobId, (byJob[jobId] ?? other).map((b) => b.replaceAll('461829374610022401', jobId)));
    return new Response(bodiesOf.get(jobId)[n % 2], { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
};

/** Main-thread seconds (tasks) and answers served since the last call, and the footprint. */
async function meter(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const task = metrics.find((m) => m.name === 'TaskDuration').value;
    return { task, served: await page.evaluate(() => window.benchServed), at: await page.evaluate(() => performance.now()) };
  };
  return read;
}

const footprint = (page) => page.evaluate(async () => {
  for (let i = 0; i < 4; i++) { await new Promise((r) => setTimeout(r, 50)); window.gc?.(); }
  return { heap: performance.memory.usedJSHeapSize, wasm: window.wasmMemory.buffer.byteLength };
});

/** Watches `ids` (one job, or a batch) at `intervalSecs` until `answers` more were served. */
async function watchFor(browser, base, ids, { intervalSecs, answers }) {
  const page = await browser.newPage();
  await page.addInitScript(stubFetch, { other: [importBody(100, 0), importBody(100, 1)] });
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => { window.wasmMemory = e.detail.wasm.memory; });
  });
  const query = ids.map((id) => `&jobId=${id}`).join('');
  await page.goto(`${base}/dist/?endpoint=${encodeURIComponent(base)}${query}&interval=${intervalSecs}`);
  // Every job answered once and its rows drawn, before anything is measured.
  await page.waitForFunction((n) => window.benchServed >= n * 2, ids.length, { timeout: 120_000 });
  const read = await meter(page);
  const before = { ...(await read()), ...(await footprint(page)) };
  await page.waitForFunction((target) => window.benchServed >= target, before.served + answers, { timeout: 600_000, polling: 200 });
  const after = { ...(await read()), ...(await footprint(page)) };
  // Each job's requests in the window, over its own span from its first to its last: the
  // window's edges (requests in flight when it opened) do not count.
  const perJob = await page.evaluate(({ from, intervalMs }) => Object.values(window.benchTimes).map((times) => {
    const inside = times.filter((t) => t >= from);
    return inside.length > 1 ? (inside.length - 1) / ((inside.at(-1) - inside[0]) / intervalMs) : null;
  }).filter((x) => x !== null), { from: before.at, intervalMs: intervalSecs * 1000 });
  await page.close();
  const served = after.served - before.served;
  return {
    served,
    perAnswerMs: ((after.task - before.task) * 1000) / served,
    // Requests per interval of all jobs together, and the busiest job's.
    perIntervalRequests: perJob.reduce((a, b) => a + b, 0),
    busiestJob: Math.max(...perJob),
    heap: after.heap - before.heap,
    wasm: after.wasm - before.wasm,
  };
}

/** 50 job IDs created in the last hour (Milvus IDs encode their creation time). */
export const batchIds = (count) => Array.from({ length: count }, (_, i) => String(((BigInt(Date.now() - 600_000) << 18n) + BigInt(i * 1031))));

/** The batch of `count` jobs and one job, each over `answers` answers at the minimum interval. */
export async function measureBatch(browser, base, { count = 50, answers = 500 } = {}) {
  const ids = batchIds(count);
  const single = await watchFor(browser, base, ids.slice(0, 1), { intervalSecs: 0.5, answers: Math.min(answers, 120) });
  const batch = await watchFor(browser, base, ids, { intervalSecs: 0.5, answers });
  return { count, answers, single, batch };
}
