// Batches against the stand-in, in Chromium: a pasted list and a repeated-jobId link open the
// same batch; five jobs followed to their ends with the failed one flagged; Watch selected;
// commit and abort (3.0) seen through to their states; never more than two requests in flight
// to the server; a hidden tab sends none. The stand-in's clock all but stops (--speed
// 0.000001): the test moves jobs on with /_sim/advance, so nothing depends on the machine's speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DIST, launch, startSim, recordApiCalls, apiCallMark, axeViolations, screenshot, waitForWitness } from './helpers.mjs';

const STOPPED = ['--speed', '0.000001'];
const advance = (sim, secs) => fetch(`${sim.url}/_sim/advance`, { method: 'POST', body: JSON.stringify({ secs }) });
const simCreate = async (sim, body) => (await (await fetch(`${sim.url}/_sim/create`, { method: 'POST', body: JSON.stringify(body) })).json()).jobId;
/** The demo batch's job IDs, in the order printed. */
const batchIds = (sim) => sim.printed.filter((l) => l.includes('(batch ')).map((l) => l.split(' ')[1]);
const rowIds = (page) => page.locator('.batch-table tbody tr td:first-child').allInnerTexts();
const badge = (page) => page.locator('.batch .state-badge');

async function openPage(browser, errors) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.addInitScript(recordApiCalls);
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

/** Pastes `text` into the focused field as a clipboard paste does (with its line breaks). */
const paste = (page, selector, text) => page.evaluate(({ selector, text }) => {
  const field = document.querySelector(selector);
  field.focus();
  const data = new DataTransfer();
  data.setData('text/plain', text);
  field.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}, { selector, text });

test('a pasted list and a repeated-jobId link open the same batch, followed to its end with the failure flagged', async (t) => {
  const sim = await startSim(['--demo', '--serve', DIST, ...STOPPED]);
  t.after(sim.stop);
  const browser = await launch(t);
  const errors = [];
  const ids = batchIds(sim);
  assert.equal(ids.length, 5, sim.printed.join('\n'));

  // As a loader script's log prints them: one per line.
  const pasted = await openPage(browser, errors);
  await pasted.goto(`${sim.url}/?endpoint=${sim.url}&interval=0.5`);
  await paste(pasted, '#job-id', ids.join('\n') + '\n');
  assert.equal(await pasted.getByLabel('Job ID', { exact: true }).inputValue(), ids.join('\n'), 'one ID per line, the log\'s trailing break dropped');
  await pasted.getByRole('button', { name: 'Watch', exact: true }).click();
  await pasted.getByRole('heading', { name: 'Batch of 5 jobs' }).waitFor();

  const link = sim.printed.find((l) => l.startsWith('batch of 5 jobs: ')).slice('batch of 5 jobs: '.length);
  assert.equal(link, `${sim.url}/?endpoint=${sim.url}${ids.map((id) => `&jobId=${id}`).join('')}`);
  const linked = await openPage(browser, errors);
  // Desktop notifications, recorded instead of shown (permission granted).
  await linked.addInitScript(() => {
    window.notifications = [];
    window.Notification = class {
      static permission = 'granted';
      static requestPermission() { return Promise.resolve('granted'); }
      constructor(title, options) { window.notifications.push({ title, body: options?.body }); }
    };
  });
  await linked.goto(`${link}&interval=0.5`);
  await linked.getByRole('heading', { name: 'Batch of 5 jobs' }).waitFor();
  // Every job answered once: the same rows on both pages.
  for (const page of [pasted, linked]) await page.waitForFunction(() => !document.querySelector('.batch-table')?.innerText.includes('Asking…'));
  assert.deepEqual((await rowIds(pasted)).sort(), [...ids].sort());
  assert.deepEqual(await rowIds(linked), await rowIds(pasted));
  const bar = linked.getByRole('progressbar', { name: 'Batch progress' });
  assert.match(await linked.locator('.batch .explain').innerText(), /^Progress weighted by rows/);
  // The demo's failing job fails in pre-import; it is flagged, and its reason is one click away.
  await linked.locator('tr.failed').waitFor();
  const failedRow = linked.locator('tr.failed');
  assert.equal(await failedRow.count(), 1);
  assert.equal(await failedRow.locator('td:first-child').innerText(), ids[3]);
  // Its failure class is in the row; the reason itself one click away.
  assert.equal(await failedRow.locator('.phase').innerText(), 'Vector dimension mismatch');
  await failedRow.getByText('Reason', { exact: true }).click();
  assert.match(await failedRow.locator('.row-reason p').innerText(), /dim mismatch/);
  assert.deepEqual(await axeViolations(linked), []);
  await screenshot(linked, 'batch');

  // Past the writing jobs' end (and well inside the 3 h retention): every job final.
  await linked.getByRole('checkbox', { name: 'Notify me when it ends' }).check();
  await advance(sim, 5_000);
  await badge(linked).filter({ hasText: 'Done' }).waitFor({ timeout: 60_000 });
  assert.equal(await badge(linked).innerText(), 'Done: 4 completed, 1 failed');
  assert.equal(await bar.getAttribute('aria-valuenow'), '100', 'the failed job is left out of the bar, and says so');
  assert.match(await linked.locator('.batch .explain').innerText(), /1 failed or aborted job left out/);
  assert.match(await linked.locator('.batch .facts').innerText(), /Took/);
  // One notification for the whole batch, none per job.
  assert.deepEqual(await linked.evaluate(() => window.notifications), [{ title: 'Import batch ended', body: '5 jobs: 4 completed, 1 failed.' }]);
  // A final job is not asked again: no request in the next polls of the other page.
  const mark = await apiCallMark(linked);
  await advance(sim, 1);
  await badge(pasted).filter({ hasText: 'Done' }).waitFor({ timeout: 60_000 });
  await pasted.waitForFunction(() => window.apiCalls.length > 0);
  assert.equal(await linked.evaluate((mark) => window.apiCalls.length - mark, mark), 0);

  // Exports: a row per job, and a row per file of every job.
  const [jobsCsv] = await Promise.all([linked.waitForEvent('download'), linked.getByRole('button', { name: 'Export CSV (jobs)' }).click()]);
  const jobRows = (await readFile(await jobsCsv.path(), 'utf8')).trim().split('\r\n');
  assert.equal(jobRows.length, 6, 'a header and five jobs');
  assert.ok(jobRows.some((row) => row.startsWith(`${ids[3]},product_vectors,Failed,`)), jobRows.join('\n'));
  const [filesCsv] = await Promise.all([linked.waitForEvent('download'), linked.getByRole('button', { name: 'Export CSV (files)' }).click()]);
  const fileRows = (await readFile(await filesCsv.path(), 'utf8')).trim().split('\r\n');
  // The failed job failed before its files were listed: one row, with the file its reason
  // names and the reason (it used to be missing from the export).
  assert.equal(fileRows.length, 1 + 4 + 6 + 6 + 2 + 1, 'a header, every file group of the completed jobs, the failed job');
  assert.ok(fileRows.some((row) => row.startsWith(`${ids[3]},,`) && row.includes('dim mismatch')), fileRows.join('\n'));

  // A click on a row opens that job's full view, and the way back returns to the batch.
  await linked.getByRole('button', { name: `Open job ${ids[1]}` }).click();
  await linked.getByRole('progressbar', { name: 'Job progress' }).waitFor();
  assert.equal(await linked.locator('.files tbody tr').count(), 6);
  await linked.getByRole('button', { name: '← Back to the batch' }).click();
  await linked.getByRole('heading', { name: 'Batch of 5 jobs' }).waitFor();

  // Hours later the server has forgotten them (retention, 3 h): reopened in this browser, the
  // batch shows how it ended, from the copies kept here.
  await advance(sim, 20_000);
  await linked.goto(`${link}&interval=0.5`);
  await badge(linked).filter({ hasText: 'Done' }).waitFor({ timeout: 60_000 });
  assert.equal(await badge(linked).innerText(), 'Done: 4 completed, 1 failed');
  assert.match(await linked.locator('.batch .note.kept').innerText(), /^5 of these jobs are no longer on the server/);
  assert.equal(await linked.locator('.batch-table .phase').filter({ hasText: 'kept copy of' }).count(), 5);
  assert.deepEqual(errors, []);
});

test('Watch selected from the job list watches exactly those jobs', async (t) => {
  const sim = await startSim(['--demo', '--serve', DIST, ...STOPPED]);
  t.after(sim.stop);
  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);
  const ids = batchIds(sim);
  await page.goto(`${sim.url}/?endpoint=${sim.url}&interval=0.5`);
  await page.getByRole('tab', { name: 'All jobs' }).click();
  for (const id of [ids[0], ids[2]]) await page.getByRole('checkbox', { name: `Select job ${id}` }).check();
  await page.getByRole('button', { name: 'Watch selected (2)' }).click();
  await page.getByRole('heading', { name: 'Batch of 2 jobs' }).waitFor();
  assert.deepEqual((await rowIds(page)).sort(), [ids[0], ids[2]].sort());
  assert.deepEqual(errors, []);
});

test('a job opened from a batch on 2.4.12 asks no second describe or list: one route memory for the server', async (t) => {
  // 2.4.12 has no describe, and a job is listed before get_progress is first asked for it
  // (2.4.0–2.4.4 crash on an unknown job, and a server does not say which 2.4 it is). The batch
  // pays that; the job opened from it must not pay it again.
  const sim = await startSim(['--profile', '2.4.12', '--serve', DIST, ...STOPPED]);
  t.after(sim.stop);
  const browser = await launch(t);
  const errors = [];
  const ids = [];
  for (const name of ['a', 'b']) ids.push(await simCreate(sim, { files: [[`old/${name}.parquet`]], rows: 1_000, rowsPerSec: 10 }));
  const page = await openPage(browser, errors);
  // Two jobs at a 30 s interval: asked at 0 and 15 s, then not again for 30 s each.
  await page.goto(`${sim.url}/?endpoint=${sim.url}${ids.map((id) => `&jobId=${id}`).join('')}&interval=30`);
  await page.getByRole('heading', { name: 'Batch of 2 jobs' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.batch-table')?.innerText.includes('Asking…'), null, { timeout: 60_000 });
  await page.waitForFunction(() => window.apiInFlight === 0);
  const batchCalls = await page.evaluate(() => window.apiCalls.map((c) => c.route));
  assert.ok(batchCalls.includes('describe') && batchCalls.includes('list'), `the batch learned the route and listed: ${batchCalls}`);
  assert.equal(batchCalls.filter((r) => r === 'get_progress').length, 2, `${batchCalls}`);

  // Every batch job has answered, so the batch itself has nothing left to look up: any describe
  // or list from now on is the opened job's. The job opened is the one answered last (nothing
  // in flight), which the batch would next ask for in 30 s, and no longer once it is open.
  const mark = await apiCallMark(page);
  await page.getByRole('button', { name: `Open job ${ids[1]}` }).click();
  await page.getByRole('progressbar', { name: 'Job progress' }).waitFor();
  await page.waitForFunction(([mark, id]) => window.apiCalls.slice(mark).some((c) => c.jobId === id) && window.apiInFlight === 0, [mark, ids[1]]);
  const calls = await page.evaluate(async (mark) => {
    const since = window.apiCalls.slice(mark);
    await Promise.all(since.map((c) => c.ready));
    return since.map((c) => `${c.route} ${c.jobId ?? ''}`.trim());
  }, mark);
  // The batch may ask for its other job meanwhile; that is not the opened job's.
  const openedJobs = calls.filter((c) => c !== `get_progress ${ids[0]}`);
  assert.deepEqual(openedJobs, [`get_progress ${ids[1]}`], 'no describe 404 and no list look-up again');
  assert.deepEqual(errors, []);
});

test('never more than two requests in flight to the server, and none from a hidden tab', async (t) => {
  // Every answer takes 400 ms: five jobs at a 0.5 s interval would want four at once.
  const sim = await startSim(['--demo', '--serve', DIST, ...STOPPED, '--latency', '400ms']);
  t.after(sim.stop);
  const browser = await launch(t);
  const errors = [];
  const ids = batchIds(sim);
  const page = await openPage(browser, errors);
  await page.goto(`${sim.url}/?endpoint=${sim.url}${ids.map((id) => `&jobId=${id}`).join('')}&interval=0.5`);
  await page.getByRole('heading', { name: 'Batch of 5 jobs' }).waitFor();
  await page.waitForFunction(() => window.apiCalls.length >= 20, null, { timeout: 120_000 });
  assert.equal(await page.evaluate(() => window.apiMaxInFlight), 2, 'two at once: the cap, reached and kept');

  // A witness in another tab polls at the same interval: its polls measure the time in which
  // the hidden tab would have polled.
  const witness = await openPage(browser, errors);
  const running = sim.printed.find((l) => l.includes('(running, 12 files)')).split(' ')[1];
  await witness.goto(`${sim.url}/?endpoint=${sim.url}&jobId=${running}&interval=0.5`);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  // What was in flight when it hid may still end; nothing new starts.
  await page.waitForFunction(() => window.apiInFlight === 0, null, { timeout: 30_000 });
  const mark = await apiCallMark(page);
  await waitForWitness(witness, await apiCallMark(witness), running, 6);
  assert.equal(await page.evaluate((mark) => window.apiCalls.length - mark, mark), 0, 'a hidden tab sends nothing');
  assert.match(await page.locator('.batch .status').innerText(), /Paused while this tab is hidden/);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.waitForFunction((mark) => window.apiCalls.length > mark, mark, { timeout: 30_000 });
  assert.deepEqual(errors, []);
});

test('3.0 manual commit: Commit, Abort with its dialog, and Commit all, each followed to its state', async (t) => {
  const sim = await startSim(['--profile', '3.0', '--serve', DIST, ...STOPPED]);
  t.after(sim.stop);
  const spec = (n) => ({ collection: 'book_embeddings', files: [[`manual/${n}.parquet`]], manualCommit: true, rows: 1000 });
  const [a, b, c] = [await simCreate(sim, spec('a')), await simCreate(sim, spec('b')), await simCreate(sim, spec('c'))];
  const auto = await simCreate(sim, { ...spec('auto'), manualCommit: false });
  // Written and indexed: all three wait in Uncommitted (an auto-commit job would commit itself).
  await advance(sim, 600);
  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);
  await page.goto(`${sim.url}/?endpoint=${sim.url}&jobId=${a}&jobId=${b}&jobId=${c}&interval=0.5`);
  await page.getByRole('heading', { name: 'Batch of 3 jobs' }).waitFor();
  await page.getByRole('button', { name: 'Commit all' }).waitFor();

  // Commit one job from its full view, then follow it through Committing to Completed.
  await page.getByRole('button', { name: `Open job ${a}` }).click();
  await page.getByRole('button', { name: 'Commit', exact: true }).click();
  await page.locator('.job .state-badge').filter({ hasText: 'Committing' }).waitFor({ timeout: 30_000 });
  assert.equal(await page.getByRole('button', { name: 'Commit', exact: true }).count(), 0, 'no button once committing');
  await advance(sim, 120);
  await page.locator('.job .state-badge').filter({ hasText: 'Completed' }).waitFor({ timeout: 30_000 });

  // Abort asks first, in a modal dialog that says what is lost; Escape keeps the import.
  await page.getByRole('button', { name: '← Back to the batch' }).click();
  await page.getByRole('button', { name: `Open job ${b}` }).click();
  await page.getByRole('button', { name: 'Abort', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Abort import job ${b}?` });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /discards every row/);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'abort-dialog');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.locator('.job .state-badge').innerText(), 'Uncommitted: waiting for commit');
  const focused = () => page.evaluate(() => (document.activeElement === document.body ? 'body' : document.activeElement.textContent.trim()));
  assert.equal(await focused(), 'Abort', 'closing the dialog gives the focus back to what opened it');
  await page.getByRole('button', { name: 'Abort', exact: true }).click();
  await dialog.getByRole('button', { name: 'Abort the import' }).click();
  await page.locator('.job .state-badge').filter({ hasText: 'Aborted' }).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('.job .reason').count(), 0, 'an aborted job is not shown as a failure');
  assert.notEqual(await focused(), 'body', 'the focus is not dropped to <body> when the Abort button is gone');
  assert.match(await page.locator('.job .explain').innerText(), /^Aborted on request/);
  assert.doesNotMatch(await page.locator('.job').innerText(), /Failed: see the reason/);
  assert.match(await page.getByText(/^Abort accepted/).innerText(), /Abort accepted for the job/);

  // Back in the batch, the abort is a state of its own, and its note stays in the job's view.
  await page.getByRole('button', { name: '← Back to the batch' }).click();
  await page.getByRole('heading', { name: 'Batch of 3 jobs' }).waitFor();
  assert.equal(await page.getByText(/^Abort accepted/).count(), 0, '"Abort accepted" is not said of the batch');
  const options = await page.locator('.batch .filter option').allInnerTexts();
  assert.ok(options.includes('Aborted (1)') && !options.some((o) => o.startsWith('Failed')), options.join(' | '));
  assert.ok(!options.some((o) => o.startsWith('Pending') || o.startsWith('Importing')), `only the states the batch's jobs are in: ${options.join(' | ')}`);
  await page.getByRole('button', { name: 'Commit all' }).click();
  await page.locator('.batch-table .pill').getByText('Committing', { exact: true }).waitFor({ timeout: 30_000 });
  await advance(sim, 120);
  await badge(page).filter({ hasText: 'Done' }).waitFor({ timeout: 30_000 });
  assert.equal(await badge(page).innerText(), 'Done: 2 completed, 1 aborted');
  assert.equal(await page.locator('tr.failed').count(), 0);

  // An auto-commit job on 3.0 commits itself, reported as Importing at 99 %: no buttons, and
  // the page says why (the answer scripted, as that phase lasts only moments).
  const committing = { jobId: auto, collectionName: 'book_embeddings', state: 'Importing', progress: 99, importedRows: 1000, totalRows: 1000, fileSize: 1, completeTime: '', details: [] };
  await fetch(`${sim.url}/_sim/script`, { method: 'POST', body: JSON.stringify({ jobId: auto, body: JSON.stringify({ code: 0, data: committing }) }) });
  await page.goto(`${sim.url}/?endpoint=${sim.url}&jobId=${auto}&interval=0.5`);
  await page.getByText('This job commits itself (auto-commit)').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Abort', exact: true }).count(), 0);
  assert.deepEqual(errors, []);
});

test('the Job ID field keeps a batch readable: a link\'s five jobs and a sixth typed; glued, lettered or repeated IDs are named and nothing is sent', async (t) => {
  const sim = await startSim(['--demo', '--serve', DIST, ...STOPPED]);
  t.after(sim.stop);
  const browser = await launch(t);
  const errors = [];
  const ids = batchIds(sim);
  const sixth = sim.printed.find((l) => l.includes('(running, 12 files)')).split(' ')[1];
  const page = await openPage(browser, errors);
  await page.goto(`${sim.url}/?endpoint=${sim.url}${ids.map((id) => `&jobId=${id}`).join('')}&interval=0.5`);
  await page.getByRole('heading', { name: 'Batch of 5 jobs' }).waitFor();
  const field = page.getByLabel('Job ID', { exact: true });
  assert.equal(await field.inputValue(), ids.join('\n'), 'one ID per line, not 90 digits glued together');
  assert.equal(await field.getAttribute('rows'), '5', 'the field grows a line per ID');

  // A sixth ID on a new line, as a person types it, and Enter watches.
  await field.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type(sixth);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Batch of 6 jobs' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.batch-table')?.innerText.includes('Asking…'));
  assert.deepEqual((await rowIds(page)).sort(), [...ids, sixth].sort());
  assert.doesNotMatch(await badge(page).innerText(), /not followed/);
  // The address bar follows what is watched: a reload reopens these six.
  const url = new URL(page.url());
  assert.deepEqual(url.searchParams.getAll('jobId').sort(), [...ids, sixth].sort());
  assert.equal(url.searchParams.get('token'), null);

  // A witness page polls at the same interval: its polls are the time in which a refused
  // watch would have sent its requests.
  const witness = await openPage(browser, errors);
  await witness.goto(`${sim.url}/?endpoint=${sim.url}&jobId=${sixth}&interval=0.5`);
  const watched = [...ids, sixth];
  const refused = async (typed, named) => {
    await field.fill(typed);
    const before = await apiCallMark(page);
    await page.getByRole('button', { name: 'Watch', exact: true }).click();
    const alert = page.locator('#panel-error');
    await alert.filter({ hasText: named }).waitFor();
    const after = await apiCallMark(page);
    assert.match(await alert.innerText(), /^Nothing was sent: /);
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    await waitForWitness(witness, await apiCallMark(witness), sixth, 3);
    // Once refused, nothing at all (the old batch stopped with it); around the click, a poll of
    // the old batch may have started, but none for anything in the refused text.
    const sent = await page.evaluate(async ({ before, after, watched }) => {
      await Promise.all(window.apiCalls.map((c) => c.ready));
      const since = (mark) => window.apiCalls.slice(mark);
      return { afterRefusal: since(after).length, forRefused: since(before).filter((c) => !watched.includes(c.jobId)).length };
    }, { before, after, watched });
    assert.deepEqual(sent, { afterRefusal: 0, forRefused: 0 }, `${typed}: a request was sent`);
    assert.equal(await page.locator('.batch').count(), 0, 'the old batch does not stay on screen as if it were the new one');
    return alert.innerText();
  };
  const glued = await refused(ids.join(''), 'has 90 digits');
  assert.match(glued, /several IDs run together/);
  const letters = await refused(`A, B,${ids[0]}`, '“A” is not a job ID');
  assert.match(letters, /“B” is not a job ID/);
  await refused(`${ids[0]} 123456789012345678901`, 'has 21 digits');

  // Given twice: watched once, and said.
  await field.fill(`${ids[0]}\n${ids[0]}`);
  await page.getByRole('button', { name: 'Watch', exact: true }).click();
  await page.getByRole('progressbar', { name: 'Job progress' }).waitFor();
  assert.match(await page.locator('#job-id-note').innerText(), /given more than once: it is watched once/);
  assert.equal(await page.locator('.job h2 .mono').innerText(), ids[0]);
  assert.deepEqual(errors, []);
});
