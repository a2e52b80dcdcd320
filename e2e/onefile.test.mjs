// The page as one file (dist/milvus-import-monitor.html), opened from disk (file://) as someone
// who double-clicks it would: it watches a job on the stand-in. Its exported report, opened
// from disk in a fresh browser with no server running, shows the job, its files and its charts,
// and sends no request at all. A batch's report, exported from the page served by a host (which
// fetches the one-file page beside it), shows every job and opens each; the one file served by
// that host works as well.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, createJob, launch, startSim, watch, jobBar, axeViolations, recordApiCalls, followUntil } from './helpers.mjs';

const TOKEN = 'root:Milvus';
const simCreate = async (sim, body) => (await (await fetch(`${sim.url}/_sim/create`, { method: 'POST', body: JSON.stringify(body) })).json()).jobId;
const advance = (sim, secs) => fetch(`${sim.url}/_sim/advance`, { method: 'POST', body: JSON.stringify({ secs }) });

/** A temporary folder, removed when the test ends. */
function tempDir(t) {
  const dir = mkdtempSync(join(tmpdir(), 'mim-report-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every request a page of `context` makes, as URLs. */
function recordRequests(context) {
  const urls = [];
  context.on('request', (request) => urls.push(request.url()));
  return urls;
}

/** Opens `file` from disk in a fresh context; returns the page, its requests and errors. */
async function openFromDisk(browser, file) {
  const context = await browser.newContext({ acceptDownloads: true });
  const requests = recordRequests(context);
  const page = await context.newPage();
  await page.addInitScript(recordApiCalls);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(pathToFileURL(file).href);
  return { page, requests, errors };
}

test('the one file, opened from disk, watches a job; its report opens from disk with no request at all', async (t) => {
  const sim = await startSim(['--auth', TOKEN, '--speed', '0.000001']);
  t.after(sim.stop);
  const jobId = await simCreate(sim, { files: [['r/a.parquet'], ['r/b.parquet'], ['r/c.parquet']], rows: 30_000, rowsPerSec: 10_000, queueSecs: 2, sortSecs: 2, indexSecs: 2 });
  const browser = await launch(t);

  const { page, errors } = await openFromDisk(browser, join(DIST, 'milvus-import-monitor.html'));
  await watch(page, { endpoint: sim.url, jobId, token: TOKEN, interval: '0.5' });
  const bar = jobBar(page);
  await bar.waitFor();
  // One second of the stand-in's time per step, each step seen by the page, to the end.
  await followUntil(page, sim, 1, async () => (await page.locator('.job .state-badge').innerText()).includes('Completed'));
  assert.equal(await bar.getAttribute('aria-valuenow'), '100');
  assert.equal(await page.locator('.files tbody tr').count(), 3);
  assert.deepEqual(errors, [], 'the page ran from file:// without a blocked script or wasm');

  // Export report: one HTML file, named after the job.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export report' }).click()]);
  assert.equal(download.suggestedFilename(), `import-report-${jobId}.html`);
  await page.getByText(`Report saved as import-report-${jobId}.html`).waitFor();
  const dir = tempDir(t);
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);
  const html = readFileSync(file, 'utf8');
  assert.ok(!html.includes(TOKEN) && !html.includes('cm9vdDpNaWx2dXM'), 'the report holds no token');
  assert.match(html, /connect-src 'none'/);

  // The server is gone: the report needs none.
  await sim.stop();
  const report = await openFromDisk(browser, file);
  const shown = report.page;
  await shown.getByRole('heading', { name: 'Milvus import report' }).waitFor();
  await shown.getByText(jobId, { exact: false }).first().waitFor();
  assert.equal(await jobBar(shown).getAttribute('aria-valuenow'), '100');
  assert.match(await shown.locator('.state-badge').first().textContent(), /Completed/);
  assert.equal(await shown.locator('.files tbody tr').count(), 3);
  assert.match(await shown.locator('.report-origin').textContent(), new RegExp(`from ${sim.url.replace(/[.]/g, '\\.')}\\.`));
  // The charts, from the timeline the page recorded.
  assert.ok(await shown.locator('[part="chart"] svg').count() > 0, 'the chart is drawn');
  assert.match(await shown.locator('.over-time').textContent(), /Longest/);
  // Sorting works in a report (locally).
  await shown.getByRole('button', { name: 'File', exact: false }).first().click();
  // No form, nothing to start, nothing to commit, and no request: the file itself only.
  assert.equal(await shown.getByLabel('Endpoint', { exact: true }).count(), 0);
  assert.equal(await shown.getByRole('button', { name: 'Refresh' }).count(), 0);
  assert.equal(await shown.getByRole('button', { name: 'Export report' }).count(), 0);
  assert.deepEqual(report.requests, [pathToFileURL(file).href], 'no request besides opening the file');
  assert.deepEqual(report.errors, []);
  assert.deepEqual(await axeViolations(shown), []);
});

test('a batch exported from the served page: every job in the report, each opens read-only', async (t) => {
  const sim = await startSim(['--serve', DIST, '--speed', '0.000001']);
  t.after(sim.stop);
  const ids = [];
  for (const name of ['x', 'y']) ids.push(await createJob(sim.url, [`${name}/part-1.parquet`, `${name}/part-2.parquet`]));
  const browser = await launch(t);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${sim.url}/?endpoint=${encodeURIComponent(sim.url)}&jobId=${ids[0]}&jobId=${ids[1]}&interval=0.5`);
  await advance(sim, 600);
  await page.getByRole('heading', { name: 'Batch of 2 jobs' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.batch-table tbody tr').length === 2 && /completed/i.test(document.querySelector('.batch .state-badge')?.textContent ?? ''), null, { timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export report' }).click()]);
  assert.equal(download.suggestedFilename(), 'import-report-batch-of-2.html');
  const file = join(tempDir(t), download.suggestedFilename());
  await download.saveAs(file);

  // The one file works from a static host too (here the stand-in, beside the page).
  const served = await context.newPage();
  await served.goto(`${sim.url}/milvus-import-monitor.html?endpoint=${encodeURIComponent(sim.url)}&jobId=${ids[0]}`);
  await jobBar(served).waitFor();
  assert.equal(await jobBar(served).getAttribute('aria-valuenow'), '100');

  const { page: shown, requests, errors } = await openFromDisk(browser, file);
  await shown.getByRole('heading', { name: 'Batch of 2 jobs' }).waitFor();
  assert.equal(await shown.locator('.batch-table tbody tr').count(), 2);
  assert.equal(await shown.getByRole('button', { name: 'Commit all' }).count(), 0);
  // Open the second job, then back to the batch.
  await shown.locator('.batch-table tbody tr').filter({ hasText: ids[1] }).getByRole('button').first().click();
  await shown.getByRole('heading', { name: `Job ${ids[1]}` }).waitFor();
  assert.equal(await shown.locator('.files tbody tr').count(), 2);
  await shown.getByRole('button', { name: '← Back to the batch' }).click();
  await shown.getByRole('heading', { name: 'Batch of 2 jobs' }).waitFor();
  assert.deepEqual(requests, [pathToFileURL(file).href]);
  assert.deepEqual(errors, []);
});

test('a report of a batch still running says "as of" and never "Done"; exports are complete, in the table\'s order', async (t) => {
  const sim = await startSim(['--serve', DIST, '--speed', '0.000001']);
  t.after(sim.stop);
  const done = await createJob(sim.url, ['done/part-1.parquet']);
  await advance(sim, 600);
  // Created after the clock moved on: it stays early in its run while the page looks.
  const running = await simCreate(sim, { files: [['slow/part-1.parquet']], rows: 10_000_000, rowsPerSec: 100, indexSecs: 60 });
  await advance(sim, 30);
  const failed = await createJob(sim.url, ['reviews/corrupt-2.json']);
  await advance(sim, 30);
  const browser = await launch(t);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${sim.url}/?endpoint=${encodeURIComponent(sim.url)}&jobId=${done}&jobId=${running}&jobId=${failed}&interval=0.5`);
  await page.getByRole('heading', { name: 'Batch of 3 jobs' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.batch-table .pill').length === 3, null, { timeout: 30_000 });
  await page.locator('tr.failed').waitFor({ timeout: 30_000 });
  const read = async (button) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
    return readFileSync(await download.path(), 'utf8');
  };

  // The jobs' CSV: in the table's order (by creation), every create_time filled from the ID.
  // The failed job failed before this page saw it run: when is unknown (the server gives no
  // failure time), not the time since its creation.
  assert.equal(await page.locator('tr.failed td').last().innerText(), '—');
  const jobRows = (await read('Export CSV (jobs)')).trim().split('\r\n').slice(1).map((r) => r.split(','));
  assert.deepEqual(jobRows.map((r) => r[0]), [done, running, failed]);
  for (const row of jobRows) assert.match(row[8], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, row.join(','));

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export report' }).click()]);
  const file = join(tempDir(t), download.suggestedFilename());
  await download.saveAs(file);
  const { page: shown, errors } = await openFromDisk(browser, file);
  await shown.getByRole('heading', { name: 'Batch of 3 jobs' }).waitFor();
  const headline = await shown.locator('.batch .state-badge').innerText();
  assert.match(headline, /^As of .+: 1 completed, 1 failed, 1 running$/);
  assert.doesNotMatch(await shown.locator('.batch').innerText(), /Done|Took/);

  // A failed job's CSV: its row and reason, not a header alone.
  await page.getByRole('button', { name: `Open job ${failed}` }).click();
  await page.locator('.job .state-badge').filter({ hasText: 'Failed' }).waitFor();
  const csv = (await read('Export CSV')).trim().split('\r\n');
  assert.equal(csv.length, 2, csv.join('\n'));
  assert.match(csv[1], new RegExp(`^${failed},,reviews/corrupt-2\\.json,Failed,`));
  assert.match(csv[1], /dim mismatch/);
  assert.deepEqual(errors, []);
});
