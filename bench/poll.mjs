// The per-poll cost, from the response's bytes to the DOM updated, for the widget and for the
// vanilla reference (JSON.parse and a keyed patch of the same table), in one browser, rounds
// interleaved. `fetch` is replaced on both pages by the same in-memory answer, so the network
// is out of both figures; the bodies alternate between two variants so every poll changes
// half of the rows (the in-progress files) and the job's figures.

import { median } from './stats.mjs';

/** A describe/get_progress answer with `n` file groups; `variant` moves the in-progress ones. */
export const importBody = (n, variant = 0) => JSON.stringify({ code: 0, data: {
  collectionName: 'book_embeddings', completeTime: '', fileSize: 1e9, importedRows: 5e5 + variant * 1000, jobId: '461829374610022401', progress: 55 + variant, state: 'Importing', totalRows: 1e6,
  details: Array.from({ length: n }, (_, i) => ({
    completeTime: i % 2 ? '2025-11-25T08:15:10Z' : '', fileName: `[imports/${i}/id.npy imports/${i}/vector.npy]`, fileSize: 104857600 + i,
    importedRows: i % 2 ? 500000 : 240000 + variant * 1000, progress: i % 2 ? 100 : 48 + variant, state: i % 2 ? 'Completed' : 'InProgress', totalRows: 500000,
  })),
} });

/** Installed before the page's scripts: every import-API request is answered from memory. */
const stubFetch = () => {
  window.benchAnswers = { bodies: ['{"code":0,"data":{"jobId":"461829374610022401","state":"Pending","progress":0}}'], next: 0 };
  const realFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    if (!String(input?.url ?? input).includes('/jobs/import/')) return realFetch(input, init);
    const { bodies } = window.benchAnswers;
    const body = bodies[window.benchAnswers.next++ % bodies.length];
    return Promise.resolve(new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } }));
  };
};

/** Times `n` polls of the widget: Refresh pressed → the panel busy, then no longer busy (the
 *  render of the job's figures) → the tasks after it (a large job's timelines and file table,
 *  view/later.rs) → settled. */
const widgetPolls = async ({ n, endAt }) => {
  // Where a poll's time stops: after the tasks the render queued and a forced style and layout
  // ('layout'), or once the next frame has been rendered after them, the update on screen
  // ('frame'). A timer armed now runs after the ones the render armed. (Evaluated in the page.)
  const afterQueuedTasks = () => new Promise((resolve) => setTimeout(resolve, 0));
  const settle = (endAt) => (endAt === 'frame'
    ? afterQueuedTasks().then(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))))
    : afterQueuedTasks().then(() => void document.body.offsetHeight));
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Refresh');
  const panel = document.getElementById('panel');
  const times = [];
  for (let i = 0; i < n; i++) {
    const done = new Promise((resolve) => {
      let started = false;
      const observer = new MutationObserver(() => {
        if (panel.getAttribute('aria-busy') === 'true') {
          started = true;
        } else if (started) {
          observer.disconnect();
          resolve(settle(endAt));
        }
      });
      observer.observe(panel, { attributes: true, attributeFilter: ['aria-busy'] });
    });
    const started = performance.now();
    button.click();
    await done;
    times.push(performance.now() - started);
  }
  return times;
};

/** Times `n` polls of the vanilla reference: fetch, text, JSON.parse, keyed patch, settled. */
const vanillaPolls = async ({ n, endAt }) => {
  // Where a poll's time stops: after a forced style and layout ('layout'), or once the next
  // frame has been rendered, the update on screen ('frame'). (Inside: evaluated in the page.)
  const settle = (endAt) => (endAt === 'frame'
    ? new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
    : Promise.resolve(void document.body.offsetHeight));
  const times = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const response = await fetch('/v2/vectordb/jobs/import/describe', { method: 'POST', body: '{}' });
    window.applyBody(await response.text());
    await settle(endAt);
    times.push(performance.now() - started);
  }
  return times;
};


/**
 * Per-poll medians for each case, to a forced layout and to the next rendered frame (`{ label, n, unchanged }`: `n` file groups; `unchanged`, the
 * same bytes at every poll, as a job that does not move answers), and the widget's memory
 * over `memoryPolls` changing polls of the largest. `base` serves dist/ and bench/vanilla/.
 */
export async function measurePolls(browser, base, { cases, rounds = 8, perRound = 10, memoryPolls = 2000 }) {
  const widget = await browser.newPage();
  await widget.addInitScript(stubFetch);
  await widget.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => { window.wasmMemory = e.detail.wasm.memory; });
  });
  await widget.goto(`${base}/dist/?endpoint=${encodeURIComponent(base)}&jobId=461829374610022401&interval=3600`);
  await widget.getByRole('button', { name: 'Refresh' }).waitFor();
  const vanilla = await browser.newPage();
  await vanilla.addInitScript(stubFetch);
  await vanilla.goto(`${base}/bench/vanilla/`);
  await vanilla.waitForFunction(() => window.referenceReady === true);
  const answer = async (bodies) => {
    for (const page of [widget, vanilla]) await page.evaluate((bodies) => { window.benchAnswers.bodies = bodies; }, bodies);
  };

  const results = [];
  // Closes or opens "Where the time went" (the chart and the file timeline).
  const showCharts = (show) => widget.evaluate((show) => {
    const section = document.querySelector('details.over-time');
    if (!section) throw new Error('no "Where the time went" section');
    section.open = show;
    return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }, show);
  for (const { label, n, unchanged } of cases) {
    const bodies = unchanged ? [importBody(n, 0)] : [importBody(n, 0), importBody(n, 1)];
    await answer(bodies);
    await widget.evaluate(widgetPolls, { n: 2, endAt: 'layout' });
    if (await widget.locator('.chart-plot').count() !== 1) throw new Error('the chart is not shown');
    const result = { label, n, bytes: bodies[0].length };
    for (const endAt of ['layout', 'frame']) {
      const polls = { n: perRound, endAt };
      // One untimed round each: the first poll of a size builds its rows.
      await widget.evaluate(widgetPolls, polls);
      await vanilla.evaluate(vanillaPolls, polls);
      const ours = [], theirs = [];
      for (let round = 0; round < rounds; round++) {
        ours.push(...await widget.evaluate(widgetPolls, polls));
        theirs.push(...await vanilla.evaluate(vanillaPolls, polls));
      }
      result[endAt] = { widget: median(ours), vanilla: median(theirs), ratio: median(ours) / median(theirs) };
    }
    // The widget draws only the rows in view; its table says how many it has.
    const rows = await widget.evaluate(() => Number(document.querySelector('.files table').getAttribute('aria-rowcount')) - 1);
    if (rows !== n) throw new Error(`the widget's table has ${rows} rows for ${n} file groups`);
    results.push(result);
  }

  // The charts' cost: polls of the largest job with "Where the time went" open and closed, in
  // alternating rounds of the same page, so the machine's drift falls on both alike.
  const largestCase = Math.max(...cases.map((c) => c.n));
  await answer([importBody(largestCase, 0), importBody(largestCase, 1)]);
  const chartCost = {};
  for (const endAt of ['layout', 'frame']) {
    const open = [], closed = [];
    for (let round = 0; round < rounds; round++) {
      await showCharts(true);
      open.push(...await widget.evaluate(widgetPolls, { n: perRound, endAt }));
      await showCharts(false);
      closed.push(...await widget.evaluate(widgetPolls, { n: perRound, endAt }));
    }
    chartCost[endAt] = { open: median(open), closed: median(closed), ratio: median(open) / median(closed) };
  }
  await showCharts(true);

  // Memory over many polls of the largest job.
  const footprint = () => widget.evaluate(async () => {
    for (let i = 0; i < 4; i++) { await new Promise((r) => setTimeout(r, 50)); window.gc?.(); }
    return { heap: performance.memory.usedJSHeapSize, wasm: window.wasmMemory.buffer.byteLength };
  });
  const largest = Math.max(...cases.map((c) => c.n));
  await answer([importBody(largest, 0), importBody(largest, 1)]);
  await widget.evaluate(widgetPolls, { n: perRound, endAt: 'layout' });
  const before = await footprint();
  for (let done = 0; done < memoryPolls; done += 100) await widget.evaluate(widgetPolls, { n: 100, endAt: 'layout' });
  const after = await footprint();
  await widget.close();
  await vanilla.close();
  return { results, chartCost, memory: { polls: memoryPolls, n: largest, before, after } };
}
