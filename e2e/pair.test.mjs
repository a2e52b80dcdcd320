// One import on a primary and its CDC standby, in Chromium against two stand-ins forming a pair
// (3.0.2; the standby reads the primary's replication log after a lag): created on the primary
// from the page, both sides followed, Commit offered only when both are Uncommitted, the standby
// completing after the commit; case A (abort on the failed primary releases the standby); case B
// (the standby failed: a warning); a commit held by paused replication, in flight and then the
// alert. Every test counts what reached the standby: reads only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, launch, startSim, openPage, screenshotOf, axeViolations } from './helpers.mjs';

const STOPPED = ['--speed', '0.000001'];
const post = async (url, body) => (await fetch(url, { method: 'POST', body: JSON.stringify(body) })).json();
const advance = (sim, secs) => fetch(`${sim.url}/_sim/advance`, { method: 'POST', body: JSON.stringify({ secs }) });
const READS = new Set(['describe', 'get_progress', 'getProgress', 'list', 'indexes/describe', 'indexes/list', 'collections/describe', 'collections/get_stats', 'collections/get_load_state', 'entities/query']);

async function pair(t, { primary = [], standby = [] } = {}) {
  const FAST = ['--rows-per-sec', '200000'];
  const p = await startSim(['--profile', '3.0.2', '--replicating', '--serve', DIST, ...STOPPED, ...FAST, ...primary]);
  t.after(p.stop);
  const s = await startSim(['--profile', '3.0.2', '--standby-of', p.url, '--replication-lag', '3s', '--seed', '9', ...STOPPED, ...FAST, ...standby]);
  t.after(s.stop);
  return { p, s };
}

/** What reached the standby, by operation: reads only, ever. */
async function onlyReadsReached(standby) {
  const stats = await (await fetch(`${standby.url}/_sim/stats`, { method: 'POST' })).json();
  const writes = Object.keys(stats.byOperation).filter((op) => !READS.has(op));
  assert.deepEqual(writes, [], `the standby got ${JSON.stringify(stats.byOperation)}`);
  assert.ok((stats.byOperation.describe ?? 0) > 0, 'the standby was read');
}

const row = (page) => page.locator('.pair-table tbody tr').first();
const meaning = (page) => row(page).getAttribute('data-meaning');
const sideState = (page, side) => row(page).locator(`.pair-side.${side} .pill`).innerText();

/**
 * Steps the stand-ins' clocks (in turn, 2 s of server time each) until `done()`, each step seen
 * by the page: three more calls, or the row's meaning one of `settled` (a final pair asks
 * nothing more).
 */
async function stepWhileNot(page, sims, done, what, settled = []) {
  const each = Array.isArray(sims) ? sims : [sims];
  for (let step = 0; step < 200; step += 1) {
    if (await done()) return;
    const seen = await page.evaluate(() => window.apiCalls.length);
    await advance(each[step % each.length], 2);
    await page.waitForFunction(({ seen, settled }) => window.apiCalls.length >= seen + 3
      || settled.includes(document.querySelector('.pair-table tbody tr')?.dataset.meaning), { seen, settled }, { timeout: 30_000 })
      .catch(async (e) => { throw new Error(`${e.message}: no more polls; the row says ${await row(page).innerText()}; ${await page.locator('.batch .status').innerText()}`); });
  }
  throw new Error(`${what}; the row says ${await row(page).innerText()}`);
}

/** Until the pair's meaning is one of `want`. */
const stepUntil = (page, sims, want) => stepWhileNot(page, sims, async () => want.includes(await meaning(page)), `never ${want}`, want);

/** Until one side of the pair is in `state`. */
const stepUntilSide = (page, sim, side, state) =>
  stepWhileNot(page, sim, async () => await sideState(page, side) === state, `the ${side} never ${state}`);

async function watchPair(page, p, s, jobId, stallSecs = 300) {
  await page.goto(`${p.url}/?endpoint=${encodeURIComponent(p.url)}&jobId=${jobId}&endpoint=${encodeURIComponent(s.url)}&pair=1&stall=${stallSecs}&interval=0.5`);
  await page.locator('.asks-tokens').waitFor();
  await page.getByRole('button', { name: 'Watch', exact: true }).click();
  await row(page).waitFor();
}

const createManual = async (p, files) => (await post(`${p.url}/v2/vectordb/jobs/import/create`, {
  collectionName: 'book_embeddings', files: files.map((f) => [f]), options: { auto_commit: 'false' },
})).data.jobId;

test('a pair: created on the primary from the page, both sides followed, Commit only when both are Uncommitted, the standby completing after it', async (t) => {
  const { p, s } = await pair(t);
  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);
  await page.goto(`${p.url}/`);
  await page.locator('#endpoint').fill(p.url);
  await page.locator('#interval').fill('0.5');
  await page.getByRole('button', { name: 'Add a server' }).click();
  await page.locator('#server-2-endpoint').fill(s.url);
  await page.locator('#pair').check();
  await page.getByRole('tab', { name: 'New import' }).click();
  await page.locator('#create-collection').fill('book_embeddings');
  await page.locator('#create-files').fill('imports/pair/part-0.parquet\nimports/pair/part-1.parquet');
  assert.match(await page.locator('.two-phase').innerText(), /auto_commit="false"/);
  await page.getByRole('button', { name: 'Start import' }).click();
  await row(page).waitFor();
  assert.match(await page.locator('#batch-heading').innerText(), /^1 job on a primary and its standby$/);
  const created = await page.evaluate(() => window.apiCalls.find((c) => c.route === 'create'));
  assert.equal(created.host, new URL(p.url).host, 'created on the primary');

  // The primary prepares first: the standby catching up, Commit asks first.
  await stepUntil(page, p, ['StandbyCatchingUp']);
  assert.match(await row(page).locator('.pair-meaning').innerText(), /standby catching up/);
  assert.equal(await row(page).locator('.pair-commit').innerText(), 'Commit early…');
  await row(page).locator('.pair-commit').click();
  assert.match(await page.locator('.confirm-early').innerText(), /not prepared yet/);
  await page.getByRole('button', { name: 'Wait' }).click();

  await stepUntil(page, s, ['Ready']);
  assert.equal(await sideState(page, 'standby'), 'Uncommitted');
  assert.match(await row(page).locator('.pair-meaning').innerText(), /ready: commit on the primary/);
  await row(page).getByRole('button', { name: 'Commit on the primary' }).click();
  await page.waitForFunction(() => window.apiCalls.some((c) => c.route === 'commit'));
  await stepUntil(page, p, ['CommitInFlight']);
  await stepUntil(page, [p, s], ['Done']);
  assert.equal(await sideState(page, 'standby'), 'Completed');
  const commits = await page.evaluate(() => window.apiCalls.filter((c) => c.route === 'commit').map((c) => c.host));
  assert.deepEqual(commits, [new URL(p.url).host], 'one commit, on the primary');
  await onlyReadsReached(s);
  assert.deepEqual(errors, []);
});

test('case A: the primary failed, the standby waits; Abort on the primary releases it', async (t) => {
  // The primary's copy of the file is bad; the standby's is not.
  const { p, s } = await pair(t, { standby: ['--fail-pattern', '*never*'] });
  const jobId = await createManual(p, ['imports/corrupt-0.parquet']);
  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);
  await watchPair(page, p, s, jobId);
  await stepUntil(page, p, ['PrimaryFailed']);
  await stepUntilSide(page, s, 'standby', 'Uncommitted');
  assert.equal(await meaning(page), 'PrimaryFailed');
  assert.match(await row(page).locator('.consequence').innerText(), /standby's copy becomes Failed/);
  assert.equal(await row(page).locator('.pair-commit').count(), 0, 'nothing to commit');
  await row(page).getByRole('button', { name: 'Abort on the primary…' }).click();
  await page.getByRole('button', { name: 'Abort the import' }).click();
  await stepUntil(page, s, ['BothFailed']);
  assert.equal(await sideState(page, 'standby'), 'Aborted');
  const aborts = await page.evaluate(() => window.apiCalls.filter((c) => c.route === 'abort').map((c) => c.host));
  assert.deepEqual(aborts, [new URL(p.url).host]);
  await onlyReadsReached(s);
  assert.deepEqual(errors, []);
});

test('case B: the standby failed by itself (a file missing in its storage): a warning against committing', async (t) => {
  const { p, s } = await pair(t, { standby: ['--missing-pattern', '*part-1*'] });
  const jobId = await createManual(p, ['imports/b/part-0.parquet', 'imports/b/part-1.parquet']);
  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);
  await watchPair(page, p, s, jobId);
  await stepUntil(page, s, ['StandbyFailed']);
  await stepUntilSide(page, p, 'primary', 'Uncommitted');
  assert.equal(await meaning(page), 'StandbyFailed');
  const says = await row(page).innerText();
  assert.match(says, /standby failed/);
  assert.match(says, /Do not commit: the rows would exist on the primary only/);
  assert.match(await row(page).locator('.pair-side.standby').innerText(), /Failed/);
  await row(page).locator('.pair-commit').click();
  assert.match(await page.locator('.confirm-early').innerText(), /primary only, with no API remedy/);
  await page.getByRole('button', { name: 'Wait' }).click();
  assert.ok(await row(page).getByRole('button', { name: 'Abort on the primary…' }).isVisible());
  await onlyReadsReached(s);
  assert.deepEqual(errors, []);
});

test('replication paused after the commit: "commit in flight", then the alert past the threshold, then done once it resumes', async (t) => {
  const { p, s } = await pair(t);
  const jobId = await createManual(p, ['imports/late/part-0.parquet']);
  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);
  // The user's threshold: 3 s.
  await watchPair(page, p, s, jobId, 3);
  await stepUntil(page, [p, s], ['Ready']);
  await post(`${s.url}/_sim/replication`, { paused: true });
  await row(page).getByRole('button', { name: 'Commit on the primary' }).click();
  await page.waitForFunction(() => window.apiCalls.some((c) => c.route === 'commit'));
  await stepUntil(page, p, ['CommitInFlight']);
  assert.match(await row(page).locator('.pair-meaning').innerText(), /commit in flight/);
  // The standby's time moves on, the commit does not arrive; past 3 s the alert says why.
  await advance(s, 600);
  const alert = page.locator('.pair-stall');
  await alert.waitFor({ timeout: 30_000 });
  assert.match(await alert.innerText(), /CDC lag.*standby's proxy down/s);
  assert.equal(await sideState(page, 'standby'), 'Uncommitted');
  await post(`${s.url}/_sim/replication`, { paused: false });
  await stepUntil(page, [p, s], ['Done']);
  assert.equal(await alert.count(), 0);
  await onlyReadsReached(s);
  assert.deepEqual(errors, []);
});

test('the same job ID answering on two servers is offered as a pair, and watched as one', async (t) => {
  const { p, s } = await pair(t);
  const jobId = await createManual(p, ['imports/offer/part-0.parquet']);
  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);
  // Two servers, the same job named on each, not (yet) as a pair.
  await page.goto(`${p.url}/?endpoint=${encodeURIComponent(p.url)}&jobId=${jobId}&endpoint=${encodeURIComponent(s.url)}&jobId=${jobId}&interval=0.5`);
  await page.getByRole('button', { name: 'Watch', exact: true }).click();
  await page.locator('#batch-heading', { hasText: 'on 2 servers' }).waitFor();
  for (let i = 0; i < 200 && await page.locator('.pair-offer').count() === 0; i += 1) {
    const seen = await page.evaluate(() => window.apiCalls.length);
    await advance(s, 2);
    await page.waitForFunction((seen) => window.apiCalls.length >= seen + 2, seen, { timeout: 30_000 });
  }
  assert.match(await page.locator('.pair-offer').innerText(), new RegExp(`${jobId} answers on both servers`));
  await page.getByRole('button', { name: `Watch as a pair (${p.url} primary)` }).click();
  await row(page).waitFor();
  assert.equal(await page.locator('.pair-table tbody tr').count(), 1, 'one row for the pair');
  await stepUntil(page, [p, s], ['Ready']);
  await screenshotOf(page.locator('.batch'), 'pair-ready');
  assert.deepEqual(await axeViolations(page), [], 'the pair view is accessible');
  await onlyReadsReached(s);
  assert.deepEqual(errors, []);
});
