// Time made visible and failures triaged, in Chromium against the stand-in: a job followed from
// the queue to Completed shows where its time went (summary, chart, file timeline, each with a
// text alternative, the chart readable by keyboard); a failed job names its cause class, file
// and row; "Re-import failed files" fills New import with exactly the failed groups; axe finds
// nothing in light and dark. The stand-in's clock all but stops (--speed 0.000001): the test
// moves the job on with /_sim/advance and waits for the page to have asked after each step, so
// nothing depends on the machine's speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, launch, startSim, openPage, axeViolations, screenshotOf, followUntil } from './helpers.mjs';

const STOPPED = ['--speed', '0.000001'];
/** A duration as the page writes it ("12 s", "4 min 10 s", "1 h 05 min"). */
const DURATION = '(?:\\d+ s|\\d+ min \\d{2} s|\\d+ h \\d{2} min)';
const advance = (sim, secs) => fetch(`${sim.url}/_sim/advance`, { method: 'POST', body: JSON.stringify({ secs }) });
const simCreate = async (sim, body) => (await (await fetch(`${sim.url}/_sim/create`, { method: 'POST', body: JSON.stringify(body) })).json()).jobId;

test('a completed job shows where its time went: summary, chart and file timeline, readable without the pictures', async (t) => {
  const sim = await startSim(['--serve', DIST, ...STOPPED]);
  t.after(sim.stop);
  const browser = await launch(t);
  const errors = [];
  // Twelve groups on the stand-in's four import slots: three waves of bars.
  const files = Array.from({ length: 12 }, (_, i) => [`imports/long/part-${String(i).padStart(4, '0')}.parquet`]);
  const jobId = await simCreate(sim, { files, rows: 60_000, rowsPerSec: 10_000, queueSecs: 6, sortSecs: 6, indexSecs: 12 });
  const page = await openPage(browser, errors);
  await page.goto(`${sim.url}/?endpoint=${sim.url}&jobId=${jobId}&interval=0.5`);
  await page.locator('.job .state-badge').waitFor();
  await followUntil(page, sim, 1, async () => (await page.locator('.job .state-badge').innerText()).includes('Completed'));

  // Times are this page's, so a slower machine makes them longer (and may make another phase
  // the longest): any duration matches, and a longest phase must be named. tests/timeline.rs
  // checks which one on fixed times.
  const summary = await page.locator('.phase-summary').innerText();
  const phases = ['Queued', 'scanning', 'writing', 'sorting', 'building index'].map((p) => `${p} ${DURATION}`).join(' · ');
  assert.match(summary, new RegExp(`^${phases}\\. Longest: (queued|scanning|writing|sorting|building index)\\.$`), summary);
  const chart = page.getByRole('img', { name: /Progress and rows written per second/ });
  await chart.waitFor();
  await screenshotOf(page.locator('.over-time'), 'time-completed');
  const progressPath = await page.locator('.line-progress').getAttribute('d');
  assert.ok(progressPath.split('L').length > 10, `a line through the polls: ${progressPath}`);
  assert.ok((await page.locator('.line-rate').getAttribute('d')).length > 0, 'the rate is drawn');
  assert.deepEqual(await page.locator('.band text').allTextContents(), ['queued', 'scanning', 'writing', 'sorting', 'building index']);
  // The keyboard reads the points: End is the last (Completed, 100 %).
  await chart.focus();
  await page.keyboard.press('End');
  assert.match(await page.locator('.chart-readout').innerText(), new RegExp(`^\\+${DURATION}: building index, 100 %, 720,000 rows, `));
  await page.keyboard.press('Home');
  assert.match(await page.locator('.chart-readout').innerText(), new RegExp(`^\\+${DURATION}: queued, 0 %`));
  await page.getByText('Chart data as a table').click();
  await page.locator('.chart .data-table tbody tr').first().waitFor();
  const points = await page.locator('.chart .data-table tbody tr').count();
  assert.ok(points > 10, `${points} rows in the chart's table`);

  // Twelve groups, each a bar from when the page saw it start to its completeTime.
  const timeline = page.getByRole('img', { name: /File groups over time/ });
  await timeline.waitFor();
  assert.equal(await page.locator('.file-bar').count(), 12);
  assert.match(await page.locator('.file-timeline figcaption').innerText(), new RegExp(`12 file groups · slowest imports/long/part-\\d{4}\\.parquet \\(${DURATION}\\)`));
  await page.getByText('File timeline as a table').click();
  await page.locator('.file-timeline .data-table tbody tr').first().waitFor();
  assert.equal(await page.locator('.file-timeline .data-table tbody tr').count(), 12);

  assert.deepEqual(await axeViolations(page), [], 'axe, light');
  // The same browser profile (its local storage), in dark.
  const dark = await page.context().newPage();
  await dark.emulateMedia({ colorScheme: 'dark' });
  dark.on('pageerror', (e) => errors.push(e.message));
  await dark.goto(`${sim.url}/?endpoint=${sim.url}&jobId=${jobId}&interval=0.5`);
  // Reopened: the curve recorded by the first page is kept in this browser and shown again.
  await dark.locator('.line-progress').waitFor();
  assert.ok((await dark.locator('.line-progress').getAttribute('d')).split('L').length > 10, 'the kept curve');
  assert.deepEqual(await axeViolations(dark), [], 'axe, dark');
  assert.deepEqual(errors, []);
});

test('a failed job names its cause class, file and row; Re-import failed files fills New import with exactly the failed groups', async (t) => {
  const sim = await startSim(['--serve', DIST, ...STOPPED]);
  t.after(sim.stop);
  const browser = await launch(t);
  const errors = [];

  // Bad data: the job fails in pre-import, and only the reason names the file.
  const bad = await simCreate(sim, { files: [['imports/ok-0001.json'], ['imports/corrupt-0002.json']], rows: 50_000 });
  const page = await openPage(browser, errors);
  await page.goto(`${sim.url}/?endpoint=${sim.url}&jobId=${bad}&interval=0.5`);
  await followUntil(page, sim, 2, async () => (await page.locator('.triage').count()) > 0);
  const triage = page.locator('.triage');
  assert.equal(await triage.locator('.triage-class').innerText(), 'Vector dimension mismatch');
  const facts = Object.fromEntries(await triage.locator('.triage-facts > div').evaluateAll((divs) => divs.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])));
  assert.equal(facts.File, 'imports/corrupt-0002.json');
  assert.match(facts.Row, /^[\d,]+$/);
  assert.deepEqual([facts.Field, facts.Expected, facts.Found], ['vector', '768', '767']);
  assert.match(await triage.locator('.triage-hint').innerText(), /dim/);
  assert.match(await triage.locator('.reason-text').innerText(), /file: id:\d+ paths:"imports\/corrupt-0002.json"/, 'the reason, whole');
  await screenshotOf(page.locator('.job'), 'time-triaged-failure');
  await triage.getByRole('button', { name: 'Re-import failed files…' }).click();
  await page.getByRole('heading', { name: 'Start an import' }).waitFor();
  assert.equal(await page.getByLabel('Collection', { exact: true }).inputValue(), 'book_embeddings');
  assert.equal(await page.getByLabel('Files', { exact: true }).inputValue(), 'imports/corrupt-0002.json');
  assert.match(await page.locator('.create .note').innerText(), /the file group its reason names/);
  // The page is served by the stand-in itself: same origin, so the key can be sent.
  assert.match(await page.locator('.idempotency').innerText(), /same Idempotency-Key/);

  // A failure while rows are written marks every group Failed: those are the groups to send again.
  const groups = [['imports/w-0001.parquet'], ['imports/w-0002-write-fail.parquet'], ['imports/np/1/id.npy', 'imports/np/1/vector.npy']];
  const broken = await simCreate(sim, { files: groups, rows: 200_000, rowsPerSec: 10_000 });
  await page.getByRole('tab', { name: 'Job', exact: true }).click();
  await page.getByLabel('Job ID', { exact: true }).fill(broken);
  await page.getByRole('button', { name: 'Watch', exact: true }).click();
  await followUntil(page, sim, 2, async () => (await page.locator('.triage').count()) > 0);
  const failedRows = await page.locator('.files tbody tr').evaluateAll((rows) => rows.filter((r) => r.textContent.includes('Failed')).length);
  assert.equal(failedRows, 3);
  await page.getByRole('button', { name: 'Re-import failed files…' }).click();
  const filled = (await page.getByLabel('Files', { exact: true }).inputValue()).split('\n').sort();
  assert.deepEqual(filled, ['imports/np/1/id.npy, imports/np/1/vector.npy', 'imports/w-0001.parquet', 'imports/w-0002-write-fail.parquet']);
  assert.match(await page.locator('.create .note').innerText(), /its 3 failed file groups/);
  // The re-import is checked like any import before it is sent: its NumPy group against the schema.
  await page.locator('[data-check="numpy-fields"][data-outcome="pass"]').waitFor();
  await page.locator('[data-check="collection"][data-outcome="pass"]').waitFor();
  // Submitting sends the key once per submit, same-origin.
  const sent = [];
  page.on('request', (r) => { if (r.url().endsWith('/jobs/import/create')) sent.push(r.headers()['idempotency-key']); });
  await page.getByRole('button', { name: 'Start import' }).click();
  await page.getByRole('tab', { name: 'Job', exact: true, selected: true }).waitFor();
  assert.equal(sent.length, 1);
  assert.match(sent[0], /^[0-9a-f]{32}$/);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
});

test('cross-origin, the New import form says why it cannot send an Idempotency-Key', async (t) => {
  const server = await startSim(['--serve', DIST, ...STOPPED]);
  t.after(server.stop);
  const milvus = await startSim(STOPPED);
  t.after(milvus.stop);
  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);
  await page.goto(`${server.url}/?endpoint=${milvus.url}`);
  await page.getByRole('tab', { name: 'New import' }).click();
  assert.match(await page.locator('.idempotency').innerText(), /different origins.*CORS policy allows no Idempotency-Key header/);
  assert.deepEqual(errors, []);
});
