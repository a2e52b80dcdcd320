// Long tasks (> 50 ms, the Long Tasks API) while the widget watches a 1,024-group job the way a
// user does: polling on its own every 2 s, "Where the time went" open, the page scrolled into the
// file table; at the machine's speed and under 4× CPU throttling (DevTools protocol
// Emulation.setCPUThrottlingRate). The answers come from memory (the same bodies as poll.mjs,
// alternating, so half the rows move at every poll).
import { importBody } from './poll.mjs';

/** Installed before the page's scripts: answers from memory, and every long task recorded. */
const instrument = (bodies) => {
  let next = 0;
  const realFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    if (!String(input?.url ?? input).includes('/jobs/import/')) return realFetch(input, init);
    window.polls = (window.polls ?? 0) + 1;
    return Promise.resolve(new Response(bodies[next++ % bodies.length], { status: 200, headers: { 'Content-Type': 'application/json' } }));
  };
  window.longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
};

/**
 * For each CPU throttling rate, watches for `secs` seconds and returns the long tasks seen after
 * the first render (their count, the longest, and the polls made): `[{ rate, polls, count, max }]`.
 */
export async function measureLongTasks(browser, base, { n = 1024, secs = 600, rates = [1, 4] } = {}) {
  const results = [];
  for (const rate of rates) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(instrument, [importBody(n, 0), importBody(n, 1)]);
    await page.goto(`${base}/dist/?endpoint=${encodeURIComponent(base)}&jobId=461829374610022401&interval=2`);
    await page.waitForFunction((n) => document.querySelectorAll('.files tbody tr').length === n, n, { timeout: 120_000 });
    await page.evaluate(() => {
      const section = document.querySelector('details.over-time');
      if (!section?.open) throw new Error('"Where the time went" is not open');
      document.querySelector('.files')?.scrollIntoView();
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    // The first render (1,024 rows built) is a long task by nature; count from here on.
    const start = await page.evaluate(() => ({ tasks: window.longTasks.length, polls: window.polls }));
    await page.waitForTimeout(secs * 1000);
    const seen = await page.evaluate((start) => ({ tasks: window.longTasks.slice(start.tasks), polls: window.polls - start.polls }), start);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await context.close();
    results.push({ rate, secs, polls: seen.polls, count: seen.tasks.length, max: seen.tasks.length ? Math.max(...seen.tasks) : 0 });
  }
  return results;
}
