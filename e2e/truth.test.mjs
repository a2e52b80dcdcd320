// What real servers do that a monitor must not misread (shared API page §4, §5, §10), through
// the page: the 2.4.0–2.4.12 index plateau at 70 %, and job IDs that cannot be right. The
// stand-in's clock is all but stopped and moved by the test, so nothing here races time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSim, launch, DIST, createJob, watch, jobBar, recordApiCalls, apiCallMark, apiCallsSince, waitForWitness } from './helpers.mjs';

const post = async (sim, path, body) => (await fetch(`${sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) })).json();

test('2.4.5: a job held at 70 % while its index builds is said to be building the index, and not called stalled', async (t) => {
  const sim = await startSim(['--profile', '2.4.5', '--speed', '0.000001', '--serve', DIST]);
  t.after(sim.stop);
  const id = await createJob(sim.url, ['plateau/part-1.parquet', 'plateau/part-2.parquet']);
  // Step the job to its plateau: every file Completed, every row written, exactly 70.
  let data;
  for (let i = 0; i < 5_000; i++) {
    ({ data } = await post(sim, '/v2/vectordb/jobs/import/get_progress', { jobId: id }));
    if (data.progress === 70) break;
    await post(sim, '/_sim/advance', { secs: 1 });
  }
  assert.equal(data.progress, 70, JSON.stringify(data));
  assert.ok(data.details.every((f) => f.state === 'Completed') && data.importedRows === data.totalRows);

  const browser = await launch(t);
  const page = await browser.newPage();
  await page.addInitScript(recordApiCalls);
  await page.goto(`${sim.url}/`);
  // A stall alert after 3 s: far shorter than the plateau will last.
  await page.getByLabel('Stall alert after (min)', { exact: true }).fill('0.05');
  await watch(page, { endpoint: sim.url, jobId: id, interval: '1' });
  await page.waitForFunction(() => document.querySelector('[aria-label="Job progress"]')?.getAttribute('aria-valuetext') === 'Importing, building index, 70 %');
  assert.match(await page.locator('.job .explain').innerText(), /^All rows written, now building the index\. .*holds 70 %/);
  // Five more polls 1 s apart: more than the 3 s alert threshold has passed on any machine
  // (timers never fire early), and the figures have not moved at all.
  await waitForWitness(page, await apiCallMark(page), id, 5);
  assert.equal(await page.locator('.job .stall').count(), 0, 'an index plateau is not a stall');
  assert.equal(await jobBar(page).getAttribute('aria-valuetext'), 'Importing, building index, 70 %');
});

test('a mistyped job ID is reported after one poll, and digits no server issued before any', async (t) => {
  const sim = await startSim(['--serve', DIST]);
  t.after(sim.stop);
  const real = await createJob(sim.url, ['typo/part-1.parquet']);
  // The same ID two hours earlier: a plausible Milvus ID, of no job, created long ago.
  const typo = (BigInt(real) - (2n * 3_600_000n << 18n)).toString();
  const browser = await launch(t);
  const page = await browser.newPage();
  await page.addInitScript(recordApiCalls);
  await page.goto(`${sim.url}/`);
  const mark = await apiCallMark(page);
  await watch(page, { endpoint: sim.url, jobId: typo, interval: '1' });
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), new RegExp(`Job ${typo} does not exist on this server`));
  assert.equal(await apiCallsSince(page, mark, typo), 1, 'one poll, not 15 s of "Pending: queued"');
  assert.equal(await jobBar(page).count(), 0, 'never shown as a queued job');
  assert.equal(await page.locator('.status').innerText(), 'Polling stopped.');

  // Digits that decode to before 2019: refused before any request.
  const before = await apiCallMark(page);
  await watch(page, { endpoint: sim.url, jobId: '1000042', interval: '1' });
  await page.getByRole('alert').filter({ hasText: 'is not a job ID this server issued' }).waitFor();
  assert.match(await page.getByRole('alert').innerText(), /decodes to 1970-01-01 00:00:00 UTC \(before 2019\)/);
  assert.equal(await apiCallsSince(page, before, '1000042'), 0, 'nothing sent');
});

test('2.4.0 lists jobs as it creates them: a mistyped ID of a minute-old job is "does not exist" at once, never "queued"', async (t) => {
  const sim = await startSim(['--profile', '2.4.0', '--speed', '0.000001', '--serve', DIST]);
  t.after(sim.stop);
  const real = await createJob(sim.url, ['typo/part-1.parquet']);
  // Another counter value of the same millisecond: an ID created with it, of no job.
  const typo = (BigInt(real) + 7n).toString();
  const browser = await launch(t);
  const page = await browser.newPage();
  // Whether the page ever said the job was queued or not registered yet.
  await page.addInitScript(() => {
    window.saidQueued = false;
    new MutationObserver(() => {
      if (/not registered this job yet|Queued behind/.test(document.body?.innerText ?? '')) window.saidQueued = true;
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`${sim.url}/`);
  await watch(page, { endpoint: sim.url, jobId: typo, interval: '1' });
  await page.getByRole('alert').filter({ hasText: `Job ${typo} does not exist on this server` }).waitFor({ timeout: 60_000 });
  assert.equal(await page.evaluate(() => window.saidQueued), false, 'shown as queued first');
  assert.equal(await jobBar(page).count(), 0);
  assert.equal(await page.locator('.status').innerText(), 'Polling stopped.');
  // Never asked for by get_progress (2.4.0 crashes on an unknown job): only listed.
  const stats = await (await fetch(`${sim.url}/_sim/stats`)).json();
  assert.equal(stats.byJob[typo] ?? 0, 0, JSON.stringify(stats));
  assert.equal(stats.crashes, 0);
});
