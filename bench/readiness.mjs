// What reading a collection's readiness costs the page: main-thread time per job poll of a
// 1,024-group job in the index band (every file Completed, progress moving 84 → 85), with the
// index read as often as the policy lets it (`indexes/describe`, pending rows falling; at 0.5 s
// polls, every 10th: no sooner than 5 s), against the same page
// whose index reads are refused (403: one read, then none), measured in the same run; and the long
// tasks seen meanwhile. The answers come from memory.
import { median } from './stats.mjs';

/** A 1,024-group answer in the index band; `variant` moves its progress. */
const bandBody = (n, variant) => JSON.stringify({ code: 0, data: {
  collectionName: 'book_embeddings', completeTime: '', fileSize: 1e9, importedRows: 1e6, jobId: '461829374610022401', progress: 84 + variant, state: 'Importing', totalRows: 1e6,
  details: Array.from({ length: n }, (_, i) => ({
    completeTime: '2025-11-25T08:15:10Z', fileName: `[imports/${i}/id.npy imports/${i}/vector.npy]`, fileSize: 104857600 + i,
    importedRows: 500000, progress: 100, state: 'Completed', totalRows: 500000,
  })),
} });

/** Installed before the page's scripts: the job's two answers, and the readiness endpoints. */
const stub = ({ bodies, readable }) => {
  window.benchServed = 0;
  window.benchReadiness = 0;
  window.longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  let pending = 5e8;
  const realFetch = window.fetch.bind(window);
  const json = (body, status = 200) => Promise.resolve(new Response(body, { status, headers: { 'Content-Type': 'application/json' } }));
  window.fetch = (input, init) => {
    const url = String(input?.url ?? input);
    if (url.includes('/jobs/import/')) return json(bodies[window.benchServed++ % 2]);
    if (!/\/(indexes|collections|entities)\//.test(url)) return realFetch(input, init);
    window.benchReadiness += 1;
    if (!readable) return json('{"code":65535,"message":"rpc error: code = PermissionDenied desc = PrivilegeIndexDetail: permission deny to alice"}', 403);
    if (url.endsWith('/indexes/list')) return json('{"code":0,"data":["vector"]}');
    pending -= 1e6;
    return json(`{"code":0,"data":[{"failReason":"","fieldName":"vector","indexName":"vector","indexState":"Finished","indexType":"HNSW","indexedRows":${1e9 - pending},"metricType":"COSINE","pendingRows":${pending},"totalRows":1000000000}]}`);
  };
};

/** Main-thread ms per job poll over `polls` polls, and the long tasks and readiness reads. */
async function perPoll(browser, base, readable, polls) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(stub, { bodies: [bandBody(1024, 0), bandBody(1024, 1)], readable });
  await page.goto(`${base}/dist/?endpoint=${encodeURIComponent(base)}&jobId=461829374610022401&interval=0.5`);
  await page.waitForFunction(() => document.querySelector('.files table')?.getAttribute('aria-rowcount') === '1025', null, { timeout: 120_000 });
  // Past the first reads (list, then a describe), and the first render's long task.
  await page.waitForFunction(() => window.benchServed >= 8, null, { timeout: 120_000 });
  if (readable) await page.locator('.index-words').waitFor({ timeout: 60_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const state = await page.evaluate(() => ({ served: window.benchServed, readiness: window.benchReadiness, long: window.longTasks.length }));
    return { task: metrics.find((m) => m.name === 'TaskDuration').value, ...state };
  };
  const before = await read();
  await page.waitForFunction((target) => window.benchServed >= target, before.served + polls, { timeout: 600_000, polling: 200 });
  const after = await read();
  await context.close();
  const served = after.served - before.served;
  return { perPollMs: ((after.task - before.task) * 1000) / served, polls: served, readiness: after.readiness - before.readiness, longTasks: after.long - before.long };
}

/** `rounds` alternating pairs; the ratio of the medians, with readiness reads over without. */
export async function measureReadiness(browser, base, { polls = 60, rounds = 3 } = {}) {
  const withReads = [];
  const without = [];
  for (let round = 0; round < rounds; round++) {
    withReads.push(await perPoll(browser, base, true, polls));
    without.push(await perPoll(browser, base, false, polls));
  }
  const ours = median(withReads.map((r) => r.perPollMs));
  const baseline = median(without.map((r) => r.perPollMs));
  return {
    withReadsMs: ours,
    withoutMs: baseline,
    ratio: ours / baseline,
    readsPerPoll: withReads.reduce((a, r) => a + r.readiness, 0) / withReads.reduce((a, r) => a + r.polls, 0),
    longTasks: withReads.reduce((a, r) => a + r.longTasks, 0),
  };
}
