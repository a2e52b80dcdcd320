// examples/admin.html embeds the packaged custom element (an element's log-url gives its job a
// log link); against the stand-in it follows a job
// to Completed, the host page receives milvus-import-progress, milvus-import-complete and
// milvus-import-readiness, and after
// destroy() no request is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ROOT, createJob as createVia, launch, startSim, recordApiCalls, apiCallMark, apiCallsSince, waitForWitness,
} from './helpers.mjs';

/** A job on the stand-in, created as the admin page's user would (auth on). */
const createJob = (sim, files) => createVia(sim.url, files, { token: 'root:Milvus' });

/** A stand-in serving the repository root (so /examples/admin.html can import /pkg/), a
 *  browser page, and the page errors it records; all stopped when the test ends. */
async function openAdmin(t, simArgs = []) {
  const sim = await startSim(['--serve', ROOT, '--speed', '30', ...simArgs]);
  t.after(sim.stop);
  const browser = await launch(t);
  const page = await browser.newPage();
  await page.addInitScript(recordApiCalls);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { sim, page, errors };
}

test('the admin example embeds the element, follows a job, and stops after destroy()', async (t) => {
  // The stand-in's clock all but stopped: the test moves the job on, so the widget sees it
  // importing however late its first poll comes.
  const { sim, page, errors } = await openAdmin(t, ['--auth', 'root:Milvus', '--speed', '0.000001']);
  const advance = (secs) => fetch(`${sim.url}/_sim/advance`, { method: 'POST', body: JSON.stringify({ secs }) });
  const id = await createJob(sim, ['a/part-1.parquet', 'a/part-2.parquet']);
  await page.goto(`${sim.url}/examples/admin.html?endpoint=${sim.url}&jobId=${id}`);
  await page.waitForFunction(() => window.monitorReady === true);
  // Imported as an entry and defined again by defineMonitorElement(): one class, no error.
  assert.equal(await page.evaluate(() => window.definedOnce), true);
  await page.getByLabel('Token', { exact: true }).fill('root:Milvus');
  await page.getByRole('button', { name: 'Follow job' }).click();

  // Playwright's locators pierce the shadow root.
  const bar = page.locator('milvus-import-monitor').getByRole('progressbar', { name: 'Job progress' });
  await bar.waitFor();
  // Into pre-import (Importing, 10–40 %), then past the end: under a minute of work, well
  // inside the 3 h retention.
  await advance(10);
  await page.waitForFunction(() => window.importEvents.some((e) => e.name === 'milvus-import-progress' && e.state === 'Importing'), null, { timeout: 60_000 });
  await advance(120);
  await page.waitForFunction(() => window.importEvents.some((e) => e.name === 'milvus-import-complete'), null, { timeout: 60_000 });
  assert.equal(await bar.getAttribute('aria-valuenow'), '100');
  assert.equal(await page.locator('milvus-import-monitor').locator('tbody tr').count(), 2);
  const events = await page.evaluate(() => window.importEvents);
  assert.ok(events.some((e) => e.name === 'milvus-import-progress' && e.state === 'Importing'), JSON.stringify(events));
  assert.ok(events.some((e) => e.name === 'milvus-import-complete' && e.state === 'Completed' && e.progress === 100));
  // Then whether the rows can be searched, as the element's readiness event.
  await page.waitForFunction(() => window.importEvents.some((e) => e.name === 'milvus-import-readiness' && e.load === 'loaded' && e.rowsStored > 0), null, { timeout: 60_000 });
  assert.ok((await page.evaluate(() => window.importEvents)).some((e) => e.name === 'milvus-import-readiness' && e.collection === 'book_embeddings'));
  // The token is a property, never an attribute in the DOM.
  assert.equal(await page.locator('milvus-import-monitor').getAttribute('token'), null);
  assert.ok(!(await page.content()).includes('root:Milvus'));

  // A second, frozen job: polled until the widget is destroyed, then never again.
  const frozen = await createJob(sim, ['b/part-1.parquet']);
  const witness = await createJob(sim, ['w/part-1.parquet']);
  for (const jobId of [frozen, witness]) await fetch(`${sim.url}/_sim/freeze`, { method: 'POST', body: JSON.stringify({ jobId }) });
  await page.getByLabel('Job', { exact: true }).fill(frozen);
  await page.getByRole('button', { name: 'Follow job' }).click();
  await waitForWitness(page, 0, frozen, 2);
  await page.getByRole('button', { name: 'Remove widget' }).click();
  const atDestroy = await apiCallMark(page);
  // A second widget at the same interval (admin.html's is 1 s) counts the polls the removed
  // one would have made.
  await page.evaluate(({ endpoint, jobId }) => {
    const el = document.createElement('milvus-import-monitor');
    el.setAttribute('interval', '1');
    el.setAttribute('endpoint', endpoint);
    el.setAttribute('job-id', jobId);
    document.querySelector('main').append(el);
  }, { endpoint: sim.url, jobId: witness });
  await waitForWitness(page, atDestroy, witness, 4);
  assert.equal(await apiCallsSince(page, atDestroy, frozen), 0, 'no request after destroy()');
  assert.deepEqual(errors, []);
});

test('widgets reuse parked roots: each starts fresh, two at once stay apart, a removed one stops polling', async (t) => {
  const { sim, page, errors } = await openAdmin(t);
  await page.addInitScript(recordApiCalls);
  await page.goto(`${sim.url}/examples/admin.html`);
  await page.waitForFunction(() => window.monitorReady === true);
  const [first, second] = [await createJob(sim, ['r/one.parquet']), await createJob(sim, ['r/two.parquet', 'r/three.parquet'])];
  await fetch(`${sim.url}/_sim/freeze`, { method: 'POST', body: JSON.stringify({ jobId: first }) });
  const mount = (id, attrs) => page.evaluate(({ id, attrs }) => {
    const el = document.createElement('milvus-import-monitor');
    el.id = id;
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    document.querySelector('main').append(el);
  }, { id, attrs });
  const widget = (id) => page.locator(`#${id}`);

  // A watches the frozen job; removed, its root is parked and B, mounted with no job, gets it.
  await mount('a', { endpoint: sim.url, 'job-id': first, interval: '0.2' });
  await widget('a').getByRole('progressbar', { name: 'Job progress' }).waitFor();
  await page.evaluate(() => document.getElementById('a').remove());
  const atRemoval = await apiCallMark(page);
  await mount('b', { endpoint: 'http://127.0.0.1:1' });
  assert.equal(await widget('b').getByLabel('Endpoint', { exact: true }).inputValue(), 'http://127.0.0.1:1');
  assert.equal(await widget('b').getByLabel('Job ID', { exact: true }).inputValue(), '', 'nothing of A in B');
  assert.equal(await widget('b').getByRole('progressbar').count(), 0, 'no job of A shown in B');

  // C and D at once, on two jobs: each shows its own.
  await mount('c', { endpoint: sim.url, 'job-id': first, interval: '0.2' });
  await mount('d', { endpoint: sim.url, 'job-id': second, interval: '0.2', 'log-url': 'https://logs.example.com/?q={jobId}&from={fromMs}' });
  await widget('d').getByRole('progressbar', { name: 'Job progress' }).waitFor();
  await page.waitForFunction(() => document.getElementById('d').shadowRoot.querySelectorAll('tbody tr').length === 2);
  await widget('c').getByRole('progressbar', { name: 'Job progress' }).waitFor();
  assert.match(await widget('c').locator('.job').innerText(), new RegExp(first));
  assert.match(await widget('d').locator('.job').innerText(), new RegExp(second));
  // The element's log-url gives the job its log link (C has none).
  const logs = widget('d').getByRole('link', { name: "This job's logs" });
  assert.match(await logs.getAttribute('href'), new RegExp(`^https://logs\\.example\\.com/\\?q=${second}&from=\\d{13}$`));
  assert.equal(await widget('c').getByRole('link', { name: "This job's logs" }).count(), 0);

  // Only C polls the frozen job now; once C is gone, nobody does (A stopped at its removal).
  assert.ok((await apiCallsSince(page, atRemoval, first)) > 0, 'C polls the frozen job');
  await page.evaluate(() => document.getElementById('c').remove());
  const atC = await apiCallMark(page);
  // E polls a frozen job at C's interval: four of its polls are four chances C had to poll.
  const witness = await createJob(sim, ['r/witness.parquet']);
  await fetch(`${sim.url}/_sim/freeze`, { method: 'POST', body: JSON.stringify({ jobId: witness }) });
  await mount('e', { endpoint: sim.url, 'job-id': witness, interval: '0.2' });
  await waitForWitness(page, atC, witness, 4);
  assert.equal(await apiCallsSince(page, atC, first), 0, 'no request after C was removed');
  assert.deepEqual(errors, []);
});

test('embedded batches: job-ids and watch([...]) follow several jobs, events name their job, one batch-complete', async (t) => {
  const { sim, page, errors } = await openAdmin(t, ['--auth', 'root:Milvus', '--speed', '0.000001']);
  const advance = (secs) => fetch(`${sim.url}/_sim/advance`, { method: 'POST', body: JSON.stringify({ secs }) });
  const [a, b] = [await createJob(sim, ['batch/a.parquet']), await createJob(sim, ['batch/b.parquet', 'batch/c.parquet'])];
  await page.goto(`${sim.url}/examples/admin.html?endpoint=${sim.url}`);
  await page.waitForFunction(() => window.monitorReady === true);
  await page.getByLabel('Token', { exact: true }).fill('root:Milvus');
  // As the admin page's user types them: the page sets job-ids.
  await page.getByLabel('Job', { exact: true }).fill(`${a}, ${b}`);
  await page.getByRole('button', { name: 'Follow job' }).click();
  const widget = page.locator('milvus-import-monitor');
  await widget.getByRole('heading', { name: 'Batch of 2 jobs' }).waitFor();
  assert.equal(await widget.getAttribute('job-ids'), `${a} ${b}`);
  await advance(600);
  await page.waitForFunction(() => window.importEvents.some((e) => e.name === 'milvus-import-batch-complete'), null, { timeout: 60_000 });
  const events = await page.evaluate(() => window.importEvents);
  for (const id of [a, b]) {
    assert.ok(events.some((e) => e.name === 'milvus-import-progress' && e.jobId === id), `progress of ${id}: ${JSON.stringify(events)}`);
    assert.equal(events.filter((e) => e.name === 'milvus-import-complete' && e.jobId === id).length, 1, `one milvus-import-complete for ${id}`);
  }
  const batchEvents = events.filter((e) => e.name === 'milvus-import-batch-complete');
  assert.equal(batchEvents.length, 1);
  assert.deepEqual(batchEvents[0].jobs.sort(), [a, b].sort());

  // watch([...]) from script: a batch of the two and a third.
  const c = await createJob(sim, ['batch/d.parquet']);
  await page.evaluate((ids) => document.querySelector('milvus-import-monitor').watch(ids), [a, b, c]);
  await widget.getByRole('heading', { name: 'Batch of 3 jobs' }).waitFor();
  await advance(600);
  await page.waitForFunction(() => window.importEvents.filter((e) => e.name === 'milvus-import-batch-complete').length === 2, null, { timeout: 60_000 });
  assert.deepEqual(errors, []);
});

test('the element takes jobs per server: watchServers() over two stand-ins, each with its own token, kept out of the DOM', async (t) => {
  const { sim, page, errors } = await openAdmin(t, ['--auth', 'root:Milvus', '--speed', '0.000001']);
  const other = await startSim(['--profile', '3.0.2', '--auth', 'root:Other', '--speed', '0.000001']);
  t.after(other.stop);
  const a = await createJob(sim, ['servers/a.parquet']);
  const b = await createVia(other.url, ['servers/b.parquet'], { token: 'root:Other' });
  await page.goto(`${sim.url}/examples/admin.html`);
  await page.waitForFunction(() => window.monitorReady === true);
  await page.evaluate(({ one, two, a, b }) => document.querySelector('milvus-import-monitor').watchServers({
    servers: [{ endpoint: one, token: 'root:Milvus', jobIds: [a] }, { endpoint: two, token: 'root:Other', jobIds: [b] }],
    interval: 0.5,
  }), { one: sim.url, two: other.url, a, b });
  const widget = page.locator('milvus-import-monitor');
  await widget.getByRole('heading', { name: 'Batch of 2 jobs on 2 servers' }).waitFor();
  // Each server answered with its own token (a wrong one would be refused, and the row say so).
  await page.waitForFunction(() => window.importEvents.filter((e) => e.name === 'milvus-import-progress').length >= 2, null, { timeout: 30_000 });
  const hosts = await page.evaluate(() => [...new Set(window.apiCalls.map((c) => c.host))].sort());
  assert.deepEqual(hosts, [new URL(sim.url).host, new URL(other.url).host].sort());
  const servers = await widget.locator('.batch-table td.server').allInnerTexts();
  assert.deepEqual(servers.sort(), [sim.url, other.url].sort());
  const html = await page.evaluate(() => document.documentElement.outerHTML + document.querySelector('milvus-import-monitor').shadowRoot.innerHTML);
  assert.ok(!html.includes('root:Other') && !html.includes('root:Milvus'), 'no token in the DOM');
  assert.deepEqual(errors, []);
});
