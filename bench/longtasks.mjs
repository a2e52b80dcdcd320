// Long tasks (> 50 ms, the Long Tasks API) while the widget watches a 1,024-group job the way a
// user does: a batch of 50 jobs polled on its own every 2 s, its 1,024-group job opened with
// "Where the time went" open and the page scrolled into the file table, the other 49 (100 groups
// each) polled by the batch behind it; at the machine's speed and under 4× CPU throttling
// (DevTools protocol Emulation.setCPUThrottlingRate). The answers come from memory (the same
// bodies as poll.mjs, alternating per job, so half of each job's rows move at every poll).
import { importBody } from './poll.mjs';
import { batchIds, stubFetch } from './batch.mjs';

/**
 * Installed before the page's scripts, after the in-memory answers: every long task recorded,
 * with what the frame it fell in spent its time on (the Long Animation Frames API): its scripts
 * (the widget's wasm runs inside them), its rendering (style, layout, paint) and the rest: the
 * browser's own work (a garbage collection between scripts, say), scripts under 5 ms (the API
 * lists none shorter) and any wait between the frame's tasks. Each frame keeps its three longest
 * scripts by what invoked them (a timer, a promise's callback, an event listener), which says
 * which of the widget's tasks ran long.
 */
const recordLongTasks = () => {
  window.longTasks = [];
  window.longFrames = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries()) {
      if (frame.duration <= 50) continue;
      const end = frame.startTime + frame.duration;
      const script = frame.scripts.reduce((sum, s) => sum + s.duration, 0);
      const render = frame.renderStart > 0 ? end - frame.renderStart : 0;
      const longest = [...frame.scripts].sort((a, b) => b.duration - a.duration).slice(0, 3)
        .map((s) => ({ invoker: s.invoker || s.invokerType || 'unknown', duration: s.duration }));
      window.longFrames.push({ start: frame.startTime, end, script, render, longest });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
};

/** Each long task with the frame it fell in: `{ duration, script, render, other }` in ms, the
 *  three parts `null` when no long frame holds it, and the frame's longest scripts (`longest`). */
const withFrames = (tasks, frames) =>
  tasks.map(({ start, duration }) => {
    const frame = frames.find((f) => f.start <= start + 1 && start < f.end);
    if (!frame) return { duration, script: null, render: null, other: null, longest: [] };
    const other = Math.max(0, frame.end - frame.start - frame.script - frame.render);
    return { duration, script: frame.script, render: frame.render, other, longest: frame.longest };
  });

/**
 * For each CPU throttling rate, watches for `secs` seconds and returns the long tasks seen after
 * the first render (their count, the longest, each with its frame's parts, the polls made and
 * those of the 1,024-group job): `[{ rate, polls, bigPolls, count, max, tasks }]`.
 */
export async function measureLongTasks(browser, base, { n = 1024, jobs = 50, secs = 600, rates = [1, 4] } = {}) {
  const results = [];
  const ids = batchIds(jobs);
  const answers = { other: [importBody(100, 0), importBody(100, 1)], byJob: { [ids[0]]: [importBody(n, 0), importBody(n, 1)] } };
  for (const rate of rates) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(stubFetch, answers);
    await page.addInitScript(recordLongTasks);
    await page.goto(`${base}/dist/?endpoint=${encodeURIComponent(base)}${ids.map((id) => `&jobId=${id}`).join('')}&interval=2`);
    await page.getByRole('button', { name: `Open job ${ids[0]}` }).click({ timeout: 120_000 });
    await page.waitForFunction((n) => document.querySelector('.files table')?.getAttribute('aria-rowcount') === String(n + 1), n, { timeout: 120_000 });
    await page.evaluate(() => {
      const section = document.querySelector('details.over-time');
      if (!section?.open) throw new Error('"Where the time went" is not open');
      document.querySelector('.files')?.scrollIntoView();
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    // The first render (1,024 rows built) is a long task by nature; count from here on.
    const counts = (bigId) => ({
      tasks: window.longTasks.length,
      longTasks: window.longTasks,
      longFrames: window.longFrames,
      polls: window.benchServed,
      bigPolls: window.benchTimes[bigId]?.length ?? 0,
    });
    const start = await page.evaluate(counts, ids[0]);
    await page.waitForTimeout(secs * 1000);
    const end = await page.evaluate(counts, ids[0]);
    const tasks = end.longTasks.slice(start.tasks);
    const seen = { tasks: withFrames(tasks, end.longFrames), polls: end.polls - start.polls, bigPolls: end.bigPolls - start.bigPolls };
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await context.close();
    const max = Math.max(0, ...seen.tasks.map((t) => t.duration));
    results.push({ rate, secs, polls: seen.polls, bigPolls: seen.bigPolls, count: seen.tasks.length, max, tasks: seen.tasks });
  }
  return results;
}
