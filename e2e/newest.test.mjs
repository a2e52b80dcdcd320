// The newest servers (2.6.24, 3.0.2) in Chromium against the stand-in: a server whose clock is
// five minutes ahead or behind draws the same timeline, queue time and Elapsed as one that is
// not, and the page says the offset; a manual-commit job is aborted while it writes rows, a
// batch's manual-commit jobs with Abort all, and an auto-commit job's refusal is read back; a
// retried Idempotency-Key answered with a job that had already failed is said to be one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, launch, startSim, openPage, axeViolations, followUntil, screenshotOf } from './helpers.mjs';

const STOPPED = ['--speed', '0.000001'];
const simCreate = async (sim, body) => (await (await fetch(`${sim.url}/_sim/create`, { method: 'POST', body: JSON.stringify(body) })).json()).jobId;
const advance = (sim, secs, jobId) => fetch(`${sim.url}/_sim/advance`, { method: 'POST', body: JSON.stringify({ secs, jobId }) });
/** "12 s", "1 min 05 s" → seconds. */
const seconds = (text) => {
  const m = /(?:(\d+) min )?(\d+) s/.exec(text);
  assert.ok(m, `a duration in ${JSON.stringify(text)}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2]);
};

const fact = (page, term) => page.locator('.job .facts div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) }).locator('dd');

// Real time (the stand-in at speed 1): 4 s queued, 3 s scanning, two waves of 8 s on its four
// slots, then sorting and the index. What the page measures is compared with what the stand-in
// was told, with room for late polls on a slow machine: the errors the clock prevents are five
// minutes (or a bar clamped to nothing), far outside it.
const WAVE_S = 8;
const QUEUE_S = 4;
for (const offset of [0, 300, -300]) {
  test(`the server's clock ${offset ? `${Math.abs(offset / 60)} min ${offset > 0 ? 'ahead' : 'behind'}` : 'right'}: timeline, queue time and Elapsed on this page's clock, and the offset said`, async (t) => {
    const sim = await startSim(['--profile', '2.6.24', '--serve', DIST, '--clock-offset', String(offset)]);
    t.after(sim.stop);
    const browser = await launch(t);
    const errors = [];
    const page = await openPage(browser, errors);
    const files = Array.from({ length: 8 }, (_, i) => [`imports/clock/part-${i}.parquet`]);
    const createdAt = Date.now();
    const jobId = await simCreate(sim, { files, rows: WAVE_S * 10_000, rowsPerSec: 10_000, queueSecs: QUEUE_S, sortSecs: 3, indexSecs: 4 });
    await page.goto(`${sim.url}/?endpoint=${sim.url}&jobId=${jobId}&interval=0.5`);

    // While it runs, Elapsed counts from the job's creation (its ID, the server's clock), once a
    // group seen in progress has completed: that pins the offset (a job created elsewhere gives
    // no earlier bound on a clock that is behind).
    await page.waitForFunction(() => [...document.querySelectorAll('.files tbody tr')].some((r) => r.textContent.includes('Completed')), null, { timeout: 60_000 });
    const before = Date.now();
    const elapsed = seconds(await fact(page, 'Elapsed').innerText());
    const after = Date.now();
    assert.ok(elapsed >= (before - createdAt) / 1000 - 20 && elapsed <= (after - createdAt) / 1000 + 5, `Elapsed ${elapsed} s, ${(before - createdAt) / 1000}–${(after - createdAt) / 1000} s after create`);

    await page.locator('.job .state-badge').filter({ hasText: 'Completed' }).waitFor({ timeout: 120_000 });
    const queued = seconds((await page.locator('.phase-summary').innerText()).split(' · ')[0]);
    assert.ok(queued >= QUEUE_S - 1 && queued <= QUEUE_S + 15, `queued ${queued} s for ${QUEUE_S} s`);
    await page.getByText('File timeline as a table').click();
    await page.locator('.file-timeline .data-table tbody tr').nth(7).waitFor();
    const took = await page.locator('.file-timeline .data-table tbody tr td:nth-child(5)').allInnerTexts();
    assert.equal(took.length, 8);
    for (const text of took) {
      // Observed start (to within a poll) to completeTime on this page's clock: about a wave.
      // Unconverted, the end would be 5 min late, or clamped to the start ("0 s").
      const s = seconds(text);
      assert.ok(s >= 1 && s <= WAVE_S + 5, `a group took ${text}; a wave is ${WAVE_S} s`);
    }
    const said = page.locator('.clock-offset');
    if (offset === 0) {
      assert.equal(await said.count(), 0, 'nothing said of a clock that is right');
    } else {
      assert.match(await said.innerText(), new RegExp(`^The server's clock is (4 min [3-5]\\d|5 min [0-2]\\d) s ${offset > 0 ? 'ahead of' : 'behind'} this computer's\\.`));
      await screenshotOf(page.locator('.over-time'), `clock-offset-${offset > 0 ? 'ahead' : 'behind'}`);
    }
    assert.deepEqual(errors, []);
  });
}

test('3.0.2: Abort a manual-commit job while it writes rows, Abort all of a batch, and an auto-commit job\'s refusal read back', async (t) => {
  const sim = await startSim(['--profile', '3.0.2', '--serve', DIST, ...STOPPED]);
  t.after(sim.stop);
  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);
  await page.goto(`${sim.url}/?endpoint=${sim.url}&interval=0.5`);

  // Created here with auto_commit = "false": the page knows it is manual-commit.
  const createManual = async (file, before = '') => {
    await page.getByRole('tab', { name: 'New import' }).click();
    await page.getByLabel('Collection', { exact: true }).fill('book_embeddings');
    await page.getByLabel('Files', { exact: true }).fill(file);
    await page.getByLabel('Options', { exact: true }).fill('auto_commit=false');
    await page.getByRole('button', { name: 'Start import' }).click();
    const heading = page.locator('.job h2 .mono').filter({ hasNotText: new RegExp(`^${before}$`) });
    await heading.waitFor();
    return heading.innerText();
  };
  const writing = await createManual('imports/abort/w.parquet');
  await followUntil(page, sim, 1, async () => /writing rows/.test(await page.locator('.job .state-badge').innerText()));
  await page.getByRole('button', { name: 'Abort', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Abort import job ${writing}?` });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /stops the import if it is still running and discards every row/);
  await dialog.getByRole('button', { name: 'Abort the import' }).click();
  await page.locator('.job .state-badge').filter({ hasText: 'Aborted' }).waitFor({ timeout: 30_000 });
  assert.match(await page.getByText(/^Abort accepted/).innerText(), /Abort accepted for the job/);

  // A batch: one created here (still queued), one seen waiting for its commit; an auto-commit
  // job is not the page's to abort.
  const queued = await createManual('imports/abort/q.parquet', writing);
  const waiting = await simCreate(sim, { files: [['imports/abort/u.parquet']], manualCommit: true, rows: 1000 });
  await advance(sim, 600, waiting);
  const auto = await simCreate(sim, { files: [['imports/abort/auto.parquet']], rows: 1000 });
  await page.getByRole('tab', { name: 'Job', exact: true }).click();
  await page.getByLabel('Job ID', { exact: true }).fill(`${queued}\n${waiting}\n${auto}`);
  await page.getByRole('button', { name: 'Watch', exact: true }).click();
  await page.getByRole('heading', { name: 'Batch of 3 jobs' }).waitFor();
  const abortAll = page.locator('.abort-all');
  await abortAll.getByText('2 unfinished jobs are manual-commit').waitFor({ timeout: 30_000 });
  await abortAll.getByRole('button', { name: 'Abort all…' }).click();
  const many = page.getByRole('dialog', { name: 'Abort 2 import jobs?' });
  await many.getByRole('button', { name: 'Abort the import' }).click();
  await page.locator('.batch-table .pill').getByText('Aborted', { exact: true }).nth(1).waitFor({ timeout: 30_000 });
  const stats = await (await fetch(`${sim.url}/_sim/stats`)).json();
  assert.equal(stats.byOperation.abort, 3, 'one abort per job: the writing one, then the two of the batch');

  // The auto-commit job: Try to abort, and the server's refusal as a sentence.
  await page.getByRole('button', { name: `Open job ${auto}` }).click();
  await page.getByRole('button', { name: 'Try to abort…' }).click();
  await page.getByRole('dialog', { name: `Try to abort import job ${auto}?` }).getByRole('button', { name: 'Abort the import' }).click();
  const refusal = page.locator('.manual-refusal');
  await refusal.waitFor({ timeout: 30_000 });
  assert.match(await refusal.innerText(), /^The server refused: this job commits itself \(it was created without auto_commit = "false"\)/);
  assert.match(await refusal.innerText(), /auto-commit, manual commit\/abort not allowed/, 'its own words kept');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
});

test('2.6.24: a retried Idempotency-Key answered with a job that already failed is said to be one, and a new key is offered', async (t) => {
  const sim = await startSim(['--profile', '2.6.24', '--serve', DIST, ...STOPPED]);
  t.after(sim.stop);
  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);
  const keys = [];
  let lost = 0;
  // The first submit reaches the server, which creates the job; its answer is lost on the way
  // back (a dropped connection), so the page retries with the same key.
  await page.route('**/jobs/import/create', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    if (lost === 0) {
      lost += 1;
      await route.fetch();
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  await page.goto(`${sim.url}/?endpoint=${sim.url}&interval=0.5`);
  await page.getByRole('tab', { name: 'New import' }).click();
  await page.getByLabel('Collection', { exact: true }).fill('book_embeddings');
  await page.getByLabel('Files', { exact: true }).fill('imports/replay/corrupt-1.json');
  await page.getByRole('button', { name: 'Start import' }).click();
  await page.locator('.create .banner.error').waitFor();
  // Meanwhile the job the server did create fails (bad data, in pre-import).
  const jobs = async () => (await (await fetch(`${sim.url}/_sim/jobs`)).json()).jobs;
  assert.equal((await jobs()).length, 1);
  await advance(sim, 60);
  assert.equal((await jobs())[0].phase, 'Failed');
  await page.getByRole('button', { name: 'Start import' }).click();
  const replayed = page.locator('.replayed');
  await replayed.waitFor({ timeout: 30_000 });
  assert.equal(keys.length, 2);
  assert.equal(keys[0], keys[1], 'the retry sent the same key');
  assert.match(keys[0], /^[0-9a-f]{32}$/);
  assert.equal((await jobs()).length, 1, 'no second job');
  const jobId = (await jobs())[0].jobId;
  assert.match(await replayed.innerText(), new RegExp(`^Not a new import: this Idempotency-Key had already run\\. The server answered the retried submit with job ${jobId}, which it had created before and which is already Failed\\.`));
  await screenshotOf(page.locator('#panel'), 'idempotent-replay');
  assert.deepEqual(await axeViolations(page), []);
  await replayed.getByRole('button', { name: 'Start again with a new key…' }).click();
  await page.getByRole('heading', { name: 'Start an import' }).waitFor();
  await page.getByRole('button', { name: 'Start import' }).click();
  await page.locator('.job h2 .mono').filter({ hasNotText: jobId }).waitFor({ timeout: 30_000 });
  assert.equal(keys.length, 3);
  assert.notEqual(keys[2], keys[0], 'a new key');
  assert.equal((await jobs()).length, 2, 'a new job');
  assert.deepEqual(errors, []);
});
