// History, through the page as a person uses it, against two stand-ins (3.0.2, stopped clocks
// moved by the test): jobs watched one by one and a batch are listed in the History tab across
// both servers, filtered, searched; a collection's trend says how the newest load compares with
// the median and which phase grew; two loads are compared in words; a job the server has
// forgotten opens from History as its kept copy; forgetting a server removes only its jobs;
// the history exported is imported into a fresh browser profile, which lists the same jobs;
// a hostile file is refused job by job and its names shown as text. The tab itself asks no
// server anything (counted in the page) until a job is opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, launch, startSim, openPage, followUntil, axeViolations, screenshotOf, storedText } from './helpers.mjs';

const STOPPED = ['--speed', '0.000001'];
const TOKEN = 'history-secret-token-7f3a';
const simCreate = async (sim, body) => (await (await fetch(`${sim.url}/_sim/create`, { method: 'POST', body: JSON.stringify(body) })).json()).jobId;
const advance = (sim, secs) => fetch(`${sim.url}/_sim/advance`, { method: 'POST', body: JSON.stringify({ secs }) });
const progress = async (sim, jobId) => (await (await fetch(`${sim.url}/v2/vectordb/jobs/import/get_progress`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jobId }),
})).json()).data;
const calls = (page) => page.evaluate(() => window.apiCalls.length);
const rows = (page) => page.locator('.history-table tbody tr');
const shownIds = async (page) => (await page.locator('.history-table tbody tr td:nth-child(2)').allInnerTexts()).sort();
const batchDone = async (page) => /^Done/.test(await page.locator('.batch .state-badge').innerText().catch(() => ''));
/** Moves B's clock on step by step until the batch on the page is done: each step waits for the page's next poll, or for the end (polling stops then). */
async function followBatch(page, sim) {
  for (let step = 0; step < 100 && !(await batchDone(page)); step += 1) {
    const mark = await calls(page);
    await advance(sim, 30);
    await page.waitForFunction((mark) => window.apiCalls.length >= mark + 2
      || /^Done/.test(document.querySelector('.batch .state-badge')?.textContent ?? ''), mark, { timeout: 30_000 });
  }
  assert.ok(await batchDone(page), 'the batch ended');
}
const finalReached = (page) => async () => /Final state reached/.test(await page.locator('.status').innerText().catch(() => ''));

/** Opens the History tab and waits for the catalogue to be read. */
async function openHistory(page) {
  await page.getByRole('tab', { name: 'History' }).click();
  await page.locator('.history-usage').waitFor();
}

/** Chooses `value` in the History filter labelled `label` ("" for all). */
const choose = (page, label, value) => page.locator('.history-filters label', { hasText: label }).locator('select').selectOption(value);

test('History: jobs and a batch on two servers listed, filtered, trended, compared, opened once forgotten, forgotten by server, exported and imported into a fresh profile', async (t) => {
  // A runs on real time, as a server does: the phases the page sees are on its own clock, and a
  // stopped clock moved in jumps would run the server's clock faster than the page's.
  const a = await startSim(['--profile', '3.0.2', '--retention', '3600', '--serve', DIST]);
  t.after(a.stop);
  const b = await startSim(['--profile', '3.0.2', ...STOPPED]);
  t.after(b.stop);
  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);

  // Three loads into book_embeddings on A, one after another, the third's index phase four
  // times the others' (seconds long, so a slow machine's polls still see each index phase);
  // the page watches each to its end (the token typed for the first).
  const seconds = {};
  const loadsOnA = [];
  for (const [n, indexSecs] of [[1, 4], [2, 4], [3, 16]]) {
    const id = await simCreate(a, { collection: 'book_embeddings', files: [[`books/part-${n}.parquet`]], queueSecs: 0.5, rows: 100, rowsPerSec: 200, sortSecs: 0.5, indexSecs });
    loadsOnA.push(id);
    await page.goto(`${a.url}/?endpoint=${a.url}&jobId=${id}&interval=0.5`);
    if (n === 1) {
      await page.getByLabel('Token', { exact: true }).fill(TOKEN);
      await page.getByRole('button', { name: 'Watch', exact: true }).click();
    }
    await page.locator('.status', { hasText: 'Final state reached' }).waitFor({ timeout: 60_000 });
    const done = await progress(a, id);
    assert.equal(done.state, 'Completed');
    seconds[id] = (Date.parse(done.completeTime) - Date.parse(done.createTime)) / 1000;
  }
  // On B: one job alone, then a batch of two, one of which fails.
  const alone = await simCreate(b, { collection: 'movies', files: [['movies/alone.parquet']], queueSecs: 1, rows: 1000, rowsPerSec: 100, indexSecs: 30 });
  await page.goto(`${a.url}/?endpoint=${b.url}&jobId=${alone}&interval=0.5`);
  await followUntil(page, b, 30, finalReached(page));
  /** Creates a batch of jobs on B (one per file), watches it from a link and follows it to its end. */
  const watchBatch = async (files) => {
    const ids = [];
    for (const file of files) ids.push(await simCreate(b, { collection: 'movies', files: [[file]], queueSecs: 1, rows: 1000, rowsPerSec: 100 }));
    await page.goto(`${a.url}/?endpoint=${b.url}${ids.map((id) => `&jobId=${id}`).join('')}&interval=0.5`);
    await page.getByRole('heading', { name: `Batch of ${ids.length} jobs` }).waitFor();
    await followBatch(page, b);
    return ids;
  };
  const batch = await watchBatch(['movies/b-1.parquet', 'movies/corrupt-1.parquet']);
  // A second batch into movies, both completing.
  const again = await watchBatch(['movies/c-1.parquet', 'movies/c-2.parquet']);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();

  // The History tab lists all eight, across both servers, newest first; reading it asks nothing.
  const before = await calls(page);
  await openHistory(page);
  await page.waitForFunction(() => document.querySelectorAll('.history-table tbody tr').length === 8);
  const all = [...loadsOnA, alone, ...batch, ...again];
  assert.deepEqual(await shownIds(page), [...all].sort());
  const order = await page.locator('.history-table tbody tr td:nth-child(2)').allInnerTexts();
  assert.deepEqual([order.slice(0, 2).sort(), order.slice(2, 4).sort(), order.slice(4)], [[...again].sort(), [...batch].sort(), [alone, ...[...loadsOnA].reverse()]], 'newest saved first');
  assert.match(await page.locator('.history-usage').innerText(), /^8 jobs kept in this browser, [\d.]+ KiB: at most 500 jobs and 256\.0 MiB/);
  assert.deepEqual(await page.locator('.history-table tbody tr td.endpoint').allInnerTexts().then((e) => [...new Set(e)].sort()), [a.url, b.url].sort());

  // Filters: one server, a state, a search by ID.
  await choose(page, 'Server', b.url);
  assert.deepEqual(await shownIds(page), [alone, ...batch, ...again].sort());
  await choose(page, 'State', 'Failed');
  assert.deepEqual(await shownIds(page), [batch[1]]);
  await choose(page, 'Server', '');
  await choose(page, 'State', '');
  await page.getByLabel('Job ID', { exact: true }).last().fill(loadsOnA[1].slice(-6));
  assert.deepEqual(await shownIds(page), [loadsOnA[1]]);
  await page.getByLabel('Job ID', { exact: true }).last().fill('');

  // The trend of book_embeddings: the newest load against the median of the two before,
  // figured independently from the server's createTime and completeTime.
  await choose(page, 'Collection', 'book_embeddings');
  const trend = page.locator('.history-trend');
  await trend.waitFor();
  const median = (seconds[loadsOnA[0]] + seconds[loadsOnA[1]]) / 2;
  const percent = Math.round(((seconds[loadsOnA[2]] - median) / median) * 100);
  const said = await trend.locator('.trend-said').innerText();
  const m = said.match(/^This load took (\d+) % longer than the median of the last 2 into book_embeddings: the index phase grew from \d+ s to \d+ s\.$/);
  assert.ok(m, said + '\n' + JSON.stringify(seconds) + '\n' + await trend.locator('.trend-table').innerText());
  assert.ok(Math.abs(Number(m[1]) - percent) <= 1, `${said} (expected ${percent} %)`);
  assert.equal(await trend.locator('.trend-table tbody tr').count(), 3);
  assert.equal(await trend.locator('svg.trend-chart rect').count(), 3);
  assert.match(await trend.locator('svg.trend-chart').getAttribute('aria-label'), /^Durations of 3 loads into book_embeddings, oldest first; the longest took \d+ s\.$/);

  // Two loads side by side: the phase difference said in words.
  await page.getByRole('checkbox', { name: `Compare job ${loadsOnA[0]}` }).check();
  await page.getByRole('checkbox', { name: `Compare job ${loadsOnA[2]}` }).check();
  const compared = page.locator('.history-compare');
  await compared.waitFor();
  const sentences = await compared.locator('.compare-said li').allInnerTexts();
  assert.match(sentences[0], /^The second load took \d+ % longer \(\d+ s against \d+ s\); the index phase differs most: \d+ s against \d+ s\.$/, sentences.join('\n'));
  assert.equal(await compared.locator('tr[data-figure="file groups"] td').allInnerTexts().then((c) => c.join('|')), '1|1');
  await screenshotOf(page.locator('.history'), 'history');
  // Two batches, each as one load: the one with a failed job is said to have failed.
  const batchName = (ids) => `Batch of 2 jobs from ${b.url} ${[...ids].sort()[0]}`;
  await choose(page, 'Collection', '');
  const took = '; took \\d+ (s|min \\d\\d s)$';
  const listed = await page.locator('.history-batches li').allInnerTexts();
  assert.equal(listed.length, 2, listed.join('\n'));
  assert.match(listed[0], new RegExp(`^${batchName(again)}: 2 kept, 0 failed${took}`), 'the newest first');
  // Its failed job's end is not known (a batch records no timeline; 3.0.2 gives a failed job no
  // completeTime): unknown, never a guess.
  assert.equal(listed[1], `${batchName(batch)}: 2 kept, 1 failed; took unknown`);
  await page.getByRole('checkbox', { name: `Compare ${batchName(batch)}` }).check();
  await page.getByRole('checkbox', { name: `Compare ${batchName(again)}` }).check();
  await compared.locator('h3', { hasText: `Batch of 2 jobs from ${b.url} ${[...batch].sort()[0]} against batch of 2 jobs` }).waitFor();
  assert.match((await compared.locator('.compare-said li').allInnerTexts())[0], /^The first load failed after an unknown time; the second took \d+ (s|min \d\d s)\.$/);
  // The failed job failed before its files were listed: the batch's count is unknown.
  assert.equal(await compared.locator('tr[data-figure="file groups"] td').allInnerTexts().then((c) => c.join('|')), 'unknown|2');
  assert.deepEqual(await axeViolations(page), []);
  assert.equal(await calls(page), before, 'the History tab asked no server anything');

  // Export (never the token), then forget B: only B's jobs go.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export history' }).click()]);
  assert.equal(download.suggestedFilename(), 'milvus-import-monitor-history.json');
  const exported = await readFile(await download.path(), 'utf8');
  assert.equal(JSON.parse(exported).jobs.length, 8);
  assert.ok(!exported.includes(TOKEN), 'no token in the export');
  const stored = await storedText(page);
  assert.ok(stored.includes(loadsOnA[0]) && !stored.includes(TOKEN), 'the kept copies are in IndexedDB, without the token');
  await choose(page, 'Collection', '');
  await choose(page, 'Server', b.url);
  await page.getByRole('button', { name: `Forget ${b.url}'s history…` }).click();
  const confirm = page.getByRole('group', { name: 'Confirm forgetting' });
  assert.match(await confirm.innerText(), new RegExp(`^Forget 5 jobs of ${b.url}\\? This cannot be undone`));
  await confirm.getByRole('button', { name: 'Forget', exact: true }).click();
  await page.locator('.history-note', { hasText: `Forgot 5 jobs of ${b.url}.` }).waitFor();
  assert.deepEqual(await shownIds(page), [...loadsOnA].sort());

  // Hours later A has forgotten its jobs (retention 1 h): a click opens the kept copy.
  await advance(a, 4000);
  const mark = await calls(page);
  await page.getByRole('button', { name: `Open kept job ${loadsOnA[2]}` }).click();
  await page.getByText('The server no longer knows this job').waitFor();
  assert.ok(await calls(page) > mark, 'opening a job asks its server');
  assert.equal(await page.locator('.files tbody tr').count(), 1);

  // A fresh profile: nothing kept; the exported file brings the same jobs back, and reading
  // them asks nothing of any server.
  const file = join(tmpdir(), `history-${process.pid}.json`);
  await writeFile(file, exported);
  const fresh = await openPage(browser, errors);
  await fresh.goto(`${a.url}/`);
  await openHistory(fresh);
  assert.match(await fresh.locator('.history-usage').innerText(), /^No job is kept in this browser yet/);
  await fresh.locator('.history-file input[type=file]').setInputFiles(file);
  await fresh.locator('.history-note', { hasText: 'Imported 8 jobs.' }).waitFor();
  assert.deepEqual(await shownIds(fresh), [...all].sort());
  assert.equal(await calls(fresh), 0);

  // A hostile file: a job of the wrong shape skipped with its reason, a script in a name
  // shown as text and never run.
  const kept = JSON.parse(exported).jobs[0];
  const hostile = {
    ...JSON.parse(exported),
    jobs: [
      { ...kept, key: `${kept.key.split(' ')[0]} 999`, job: { ...kept.job, jobId: '999', collectionName: '<img src=x onerror="window.pwned=1">' } },
      { ...kept, job: { ...kept.job, jobId: 5 } },
    ],
  };
  await writeFile(file, JSON.stringify(hostile));
  await fresh.locator('.history-file input[type=file]').setInputFiles(file);
  await fresh.locator('.history-note', { hasText: 'Imported 1 job. Skipped 1:' }).waitFor();
  assert.equal(await fresh.locator('.history-table tbody tr[data-key$=" 999"] td:nth-child(4)').innerText(), '<img src=x onerror="window.pwned=1">');
  assert.equal(await fresh.evaluate(() => window.pwned), undefined);
  assert.deepEqual(errors, []);
});
