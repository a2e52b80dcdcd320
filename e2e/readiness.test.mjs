// From import to searchable data, through the page as a person uses it, on the 2.4.5, 2.5, 2.6
// and 3.0 stand-ins with their clocks stopped and stepped: the index bar follows the stand-in's
// pendingRows to 0 and the phase's time left comes from it; after Completed, ready to search
// with the visible count; at most one readiness request per two job polls in the index band
// (and no more often than every 5 s: every 10 polls at 0.5 s),
// and none once ready. Then an unloaded collection and an Import-only role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSim, launch, DIST, watch, recordApiCalls, followUntil } from './helpers.mjs';

const SCENARIO = {
  collections: [{ name: 'books', rows: 1000000 }, { name: 'cold', loaded: false }],
  users: [{ name: 'alice', password: 'wonder', importOnly: true }],
  jobs: [
    { label: 'books', collection: 'books', files: [['books/a.parquet'], ['books/b.parquet']], rows: 100000, queueSecs: 1, sortSecs: 8, indexSecs: 160, rowsPerSec: 20000 },
    { label: 'cold', collection: 'cold', files: [['cold/a.parquet']], rows: 5000, ageSecs: 600 },
  ],
};

async function start(t, profile, extra = []) {
  const file = join(tmpdir(), `readiness-${process.pid}-${profile}.json`);
  writeFileSync(file, JSON.stringify(SCENARIO));
  const sim = await startSim(['--profile', profile, '--speed', '0.000001', '--scenario', file, '--serve', DIST, ...extra]);
  t.after(sim.stop);
  const jobs = (await (await fetch(`${sim.url}/v2/vectordb/jobs/import/list`, {
    method: 'POST', body: '{}', headers: { Authorization: 'Bearer root:Milvus' },
  })).json()).data.records;
  const idOf = (collection) => jobs.find((j) => j.collectionName === collection).jobId;
  return { sim, books: idOf('books'), cold: idOf('cold') };
}

async function open(t, sim, jobId, token) {
  const browser = await launch(t);
  const page = await browser.newPage();
  await page.addInitScript(recordApiCalls);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${sim.url}/`);
  await watch(page, { endpoint: sim.url, jobId, token });
  return { page, errors };
}

const readLine = (page) => page.locator('.ready-line').innerText().catch(() => '');
const pendingShown = (page) => page.locator('.index-words').innerText()
  .then((text) => Number(text.match(/([\d,]+) pending/)?.[1].replaceAll(',', '')))
  .catch(() => NaN);

for (const profile of ['2.4.5', '2.5', '2.6', '3.0']) {
  test(`profile ${profile}: the index phase measured, then ready to search`, async (t) => {
    const { sim, books } = await start(t, profile);
    const { page, errors } = await open(t, sim, books);
    const pendings = [];
    let etaSeen = false;
    // The job polls (by count of calls) at which the page first showed the band, and Completed.
    let bandFrom = null;
    let completedAt = null;
    // Step the stopped clock 8 s of server time per poll until the job completes.
    await followUntil(page, sim, 8, async () => {
      const pending = await pendingShown(page);
      if (Number.isFinite(pending) && pendings.at(-1) !== pending) pendings.push(pending);
      etaSeen ||= await page.getByText('Index time left (estimate)').isVisible();
      const badge = await page.locator('.state-badge').innerText();
      const polls = await page.evaluate(() => window.apiCalls.length);
      if (bandFrom === null && /sorting|building index/.test(badge)) bandFrom = polls;
      if (/Completed/.test(badge)) completedAt = polls;
      return completedAt !== null;
    });
    // Readiness reads while the job polled in the sorting and index bands (2.4.5: held at 70).
    // When a step is seen, the next poll has started: the answer shown is call (count − 1).
    // So band polls are calls bandFrom − 1 … completedAt − 2, and a read that follows one of
    // them starts with at most completedAt − 2 calls before it; the read after Completed later.
    const readiness = await page.evaluate(() => window.readinessCalls);
    const bandPolls = completedAt - bandFrom;
    const bandReads = readiness.filter((c) => c.after < completedAt - 1).length;
    assert.ok(bandReads > 0, 'the index was read');
    assert.ok(bandReads <= Math.ceil(bandPolls / 2), `${bandReads} readiness requests for ${bandPolls} job polls in the band`);
    assert.ok(pendings.length >= 3, `pending rows were followed: ${pendings}`);
    assert.ok(pendings.every((p, i) => i === 0 || p <= pendings[i - 1]), `pending rows only fall: ${pendings}`);
    assert.ok(etaSeen, 'the index phase had its time left, from pending rows');
    // At the end the collection's pending rows are 0 and its index bar full.
    await page.waitForFunction(() => /\b0 pending/.test(document.querySelector('.index-words')?.textContent ?? ''), null, { timeout: 30_000 });
    assert.equal(await page.locator('[aria-label="Index progress, collection-wide"]').getAttribute('aria-valuenow'), '100');
    assert.match(await page.locator('.index-words').innerText(), /1,200,000 of 1,200,000 rows indexed collection-wide/);
    // Loaded, rows stored before and after; visible once the stand-in's target update passed.
    await page.waitForFunction(() => /waiting for 1,200,000/.test(document.querySelector('.ready-line')?.textContent ?? ''), null, { timeout: 30_000 });
    assert.match(await readLine(page), /Collection loaded; rows stored: 1,000,000 before this import, 1,200,000 after/);
    await fetch(`${sim.url}/_sim/advance`, { method: 'POST', body: JSON.stringify({ secs: 11 }) });
    await page.waitForFunction(() => /Ready to search\./.test(document.querySelector('.ready-line')?.textContent ?? ''), null, { timeout: 30_000 });
    assert.match(await readLine(page), /all 200,000 rows searchable .* after Completed/);
    // Then no more requests: a second page polls a running job 8 times meanwhile.
    const before = await page.evaluate(() => window.readinessCalls.length);
    const witness = await open(t, sim, (await (await fetch(`${sim.url}/_sim/create`, {
      method: 'POST', body: JSON.stringify({ collection: 'movies', files: [['w/a.parquet']], frozen: true }),
    })).json()).jobId);
    await witness.page.waitForFunction(() => window.apiCalls.length >= 8, null, { timeout: 60_000 });
    assert.equal(await page.evaluate(() => window.readinessCalls.length), before, 'nothing asked once ready');
    assert.equal(await page.locator('[role=alert]').count(), 0);
    assert.deepEqual(errors, []);
  });
}

test('an unloaded collection is said so, and an Import-only role sees "no permission", never an error', async (t) => {
  const { sim, books, cold } = await start(t, '2.5', ['--auth', 'root:Milvus']);
  const unloaded = await open(t, sim, cold, 'root:Milvus');
  await unloaded.page.waitForFunction(() => /not loaded: load it to search/.test(document.querySelector('.ready-line')?.textContent ?? ''), null, { timeout: 30_000 });
  const routes = await unloaded.page.evaluate(() => window.readinessCalls.map((c) => c.route));
  assert.ok(!routes.includes('entities/query'), `an unloaded collection is not queried: ${routes}`);

  const { page, errors } = await open(t, sim, books, 'alice:wonder');
  await followUntil(page, sim, 8, async () => /Completed/.test(await page.locator('.state-badge').innerText()));
  assert.ok(await page.locator('.index-words').isVisible(), 'index progress is readable with Import alone');
  await page.waitForFunction(() => /no permission to read rows stored/.test(document.querySelector('.ready-line')?.textContent ?? ''), null, { timeout: 30_000 });
  assert.match(await readLine(page), /no permission to read the load state/);
  assert.equal(await page.locator('[role=alert]').count(), 0, 'no error shown');
  assert.deepEqual(errors, []);
});

test('a batch into one collection gets one readiness line, and is done when the collection is ready', async (t) => {
  const file = join(tmpdir(), `readiness-${process.pid}-batch.json`);
  const job = (n) => ({ label: `part ${n}`, collection: 'books', files: [[`books/${n}.parquet`]], rows: 50000, queueSecs: 1, sortSecs: 4, indexSecs: 40 + n * 8 });
  writeFileSync(file, JSON.stringify({ collections: [{ name: 'books', rows: 1000000 }], jobs: [job(1), job(2), job(3)] }));
  const sim = await startSim(['--profile', '2.6', '--speed', '0.000001', '--scenario', file, '--serve', DIST]);
  t.after(sim.stop);
  const ids = (await (await fetch(`${sim.url}/v2/vectordb/jobs/import/list`, { method: 'POST', body: '{}' })).json()).data.records.map((r) => r.jobId);
  assert.equal(ids.length, 3);
  const { page, errors } = await open(t, sim, ids.join('\n'));
  // Step the clock until the batch is done (its polls then stop: nothing more is answered).
  for (let step = 0; !(await page.locator('.batch-searchable').isVisible()); step += 1) {
    assert.ok(step < 200, 'the batch ends');
    const mark = await page.evaluate(() => window.apiCalls.length);
    await fetch(`${sim.url}/_sim/advance`, { method: 'POST', body: JSON.stringify({ secs: 4 }) });
    await page.waitForFunction((mark) => window.apiCalls.length >= mark + 2 || document.querySelector('.batch-searchable'), mark, { timeout: 30_000 });
  }
  assert.equal(await page.locator('.collection-readiness').count(), 1, 'one line for the one collection');
  assert.match(await page.locator('.collection-readiness h3').innerText(), /Collection books/);
  assert.match(await page.locator('.collection-readiness .index-words').innerText(), /1,150,000 of 1,150,000 rows indexed collection-wide, 0 pending/);
  await page.waitForFunction(() => /waiting for 1,150,000/.test(document.querySelector('.collection-readiness .ready-line')?.textContent ?? ''), null, { timeout: 30_000 });
  assert.match(await page.locator('.batch-searchable').innerText(), /checking that the rows can be searched/);
  await fetch(`${sim.url}/_sim/advance`, { method: 'POST', body: JSON.stringify({ secs: 11 }) });
  await page.locator('.batch-searchable').filter({ hasText: 'every collection is ready to search' }).waitFor({ timeout: 30_000 });
  assert.match(await page.locator('.collection-readiness .ready-line').innerText(), /all 150,000 rows searchable/);
  assert.equal(await page.locator('[role=alert]').count(), 0);
  assert.deepEqual(errors, []);
});
