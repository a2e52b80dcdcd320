// Shared by the end-to-end tests: the browser, jobs on the stand-in, axe, screenshots.
import { chromium } from '../tools/node_modules/playwright-core/index.mjs';
import { mkdirSync, readFileSync } from 'node:fs';
import { chromiumArgs } from './sim.mjs';

export { startSim, chromiumArgs } from './sim.mjs';
export const DIST = process.env.DIST_DIR ?? new URL('../dist', import.meta.url).pathname;
export const ROOT = new URL('..', import.meta.url).pathname;
const AXE = new URL('../tools/node_modules/axe-core/axe.min.js', import.meta.url).pathname;

export async function launch(t) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  t.after(() => browser.close());
  return browser;
}

/** Creates a job through the API, as a script of the user would. */
export async function createJob(base, files, { cloud = false, token } = {}) {
  const body = { collectionName: 'book_embeddings', files: files.map((f) => [f]) };
  if (cloud) body.clusterId = 'in01-sim';
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${base}/v2/vectordb/jobs/import/create`, { method: 'POST', headers, body: JSON.stringify(body) });
  const answer = await response.json();
  if (!answer.data?.jobId) throw new Error(`create failed: ${JSON.stringify(answer)}`);
  return answer.data.jobId;
}

/** Fills the form by its labels and presses Watch, as a person would. */
export async function watch(page, { endpoint, jobId, token, interval = '0.5', clusterId, db }) {
  await page.getByLabel('Endpoint', { exact: true }).fill(endpoint);
  if (token) await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByLabel('Job ID', { exact: true }).fill(jobId);
  if (clusterId) await page.getByLabel('Cluster ID', { exact: true }).fill(clusterId);
  if (db) await page.getByLabel('Database', { exact: true }).fill(db);
  await page.getByLabel('Poll every (s)', { exact: true }).fill(interval);
  await page.getByRole('button', { name: 'Watch', exact: true }).click();
}

export function jobBar(page) {
  return page.getByRole('progressbar', { name: 'Job progress' });
}

/** Runs axe on the page (WCAG 2.1 A and AA) and returns the violations, summarised. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    // Evaluated through the DevTools protocol: the page's own CSP (rightly) refuses an
    // injected <script>.
    await page.evaluate(readFileSync(AXE, 'utf8'));
  }
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
  );
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

/** Saves a screenshot: into docs/screenshots/ with UPDATE_SCREENSHOTS=1, else into e2e/test-results/. */
export async function screenshot(page, name, options = {}) {
  const dir = process.env.UPDATE_SCREENSHOTS ? new URL('../docs/screenshots/', import.meta.url) : new URL('./test-results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, dir).pathname, ...options });
}

/** A screenshot of one element (a section of the page), saved as `screenshot` saves pages. */
export async function screenshotOf(locator, name) {
  const dir = process.env.UPDATE_SCREENSHOTS ? new URL('../docs/screenshots/', import.meta.url) : new URL('./test-results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  await locator.screenshot({ path: new URL(`${name}.png`, dir).pathname });
}

/** An init script that records the page's import API calls (see record-api-calls.js). */
export const recordApiCalls = { content: readFileSync(new URL('./record-api-calls.js', import.meta.url), 'utf8') };

/** How many import API calls the page has made so far: a mark for `apiCallsSince`. */
export const apiCallMark = (page) => page.evaluate(() => window.apiCalls.length);

/** The page's import API calls for `jobId` since `mark`. */
export const apiCallsSince = (page, mark, jobId) => page.evaluate(async ({ mark, jobId }) => {
  const calls = window.apiCalls.slice(mark);
  await Promise.all(calls.map((c) => c.ready));
  return calls.filter((c) => c.jobId === jobId).length;
}, { mark, jobId });

/**
 * Waits until `witness` (a job another widget polls at the same interval) has been asked for
 * `polls` more times since `mark`: proof that enough time passed for a poll to have happened,
 * measured in the page's own polls rather than in seconds.
 */
export async function waitForWitness(page, mark, witness, polls = 4) {
  await page.waitForFunction(async ({ mark, witness, polls }) => {
    const calls = window.apiCalls.slice(mark);
    await Promise.all(calls.map((c) => c.ready));
    return calls.filter((c) => c.jobId === witness).length >= polls;
  }, { mark, witness, polls }, { timeout: 120_000, polling: 100 });
}

/** Waits until the page has started two requests since `mark`: the first was answered after. */
/** Or until the job is final, when the page stops asking. */
export const answeredSince = (page, mark) => page.waitForFunction((mark) => window.apiCalls.length >= mark + 2
  || /Final state reached/.test(document.querySelector('.status')?.textContent ?? ''), mark, { timeout: 30_000 })
  .catch(async (e) => { throw new Error(`${e.message}; the page shows: ${await page.locator('.monitor').innerText()}`); });

/** A page of its own browser context (its own storage), recording the import API's calls and the page's errors into `errors`. */
export async function openPage(browser, errors) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  await page.addInitScript(recordApiCalls);
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

/** Moves the stand-in's stopped clock (`/_sim/advance`) on by `secs` of server time, step by step, each step seen by the page, until `done`. */
export async function followUntil(page, sim, secs, done) {
  for (let step = 0; step < 400; step += 1) {
    if (await done()) return;
    const mark = await apiCallMark(page);
    await fetch(`${sim.url}/_sim/advance`, { method: 'POST', body: JSON.stringify({ secs }) });
    await answeredSince(page, mark);
  }
  throw new Error('the job did not get there in 400 steps');
}

/**
 * Everything the page keeps in this browser, as text: local and session storage, cookies, the
 * address and every IndexedDB database's every record (the history's kept copies).
 */
export const storedText = (page) => page.evaluate(async () => {
  const records = [];
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    for (const store of db.objectStoreNames) {
      records.push(await new Promise((resolve, reject) => {
        const all = db.transaction(store).objectStore(store).getAll();
        all.onsuccess = () => resolve(all.result);
        all.onerror = () => reject(all.error);
      }));
    }
    db.close();
  }
  return JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + JSON.stringify(records)
    + location.href + history.length + document.cookie;
});
