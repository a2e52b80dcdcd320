// What the page says when something is off, said plainly (issue 28): the job list after an
// error, a missing token, figures that went stale, what the bar's percentage is, and why the
// server refused an import. Against the stand-in, in Chromium; the clock all but stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, launch, startSim, watch, jobBar, recordApiCalls, apiCallMark, waitForWitness } from './helpers.mjs';

const STOPPED = ['--speed', '0.000001'];
const TOKEN = 'root:Milvus';
const demoId = (sim, label) => sim.printed.find((l) => l.includes(`(${label}`)).split(' ')[1];

test('All jobs: an error clears the list, a wrong token is not asked again, and no endless "Loading"', async (t) => {
  const sim = await startSim(['--demo', '--serve', DIST, ...STOPPED, '--auth', TOKEN]);
  t.after(sim.stop);
  const browser = await launch(t);
  const page = await browser.newPage();
  await page.addInitScript(recordApiCalls);
  // The page's pending timers by delay: the list's slow refresh is a 30 s one.
  await page.addInitScript(() => {
    const pending = new Map();
    const { setTimeout: set, clearTimeout: clear } = window;
    window.setTimeout = (fn, ms, ...args) => {
      const id = set((...a) => { pending.delete(id); if (typeof fn === 'function') fn(...a); }, ms, ...args);
      pending.set(id, Number(ms) || 0);
      return id;
    };
    window.clearTimeout = (id) => { pending.delete(id); clear(id); };
    window.pendingOf = (ms) => [...pending.values()].filter((d) => d === ms).length;
  });
  await page.goto(`${sim.url}/`);
  await page.getByLabel('Endpoint', { exact: true }).fill(sim.url);
  await page.getByRole('tab', { name: 'All jobs' }).click();
  // No token entered: the server asked for one, it did not reject one.
  const alert = page.locator('.jobs [role="alert"]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /^This server requires a token/);
  assert.equal(await page.getByText('Loading the list…').count(), 0);

  await page.getByLabel('Token', { exact: true }).fill(TOKEN);
  await page.getByRole('button', { name: 'Refresh list' }).click();
  await page.getByRole('button', { name: `Watch job ${demoId(sim, 'completed')}` }).waitFor();
  await page.getByLabel('Collection', { exact: true }).fill('movies');
  await page.getByRole('button', { name: 'Refresh list' }).click();
  await page.getByRole('button', { name: /^Watch all shown \(2\)$/ }).waitFor();
  // A collection that does not exist: the error, and none of the other collection's rows.
  await page.getByLabel('Collection', { exact: true }).fill('no_such_collection');
  await page.getByRole('button', { name: 'Refresh list' }).click();
  await alert.filter({ hasText: 'collection not found' }).waitFor();
  assert.equal(await page.locator('.jobs tbody tr').count(), 0, 'the previous collection\'s rows under the error');
  assert.equal(await page.getByRole('button', { name: /^Watch all shown/ }).count(), 0);
  // A collection may be created: the slow refresh goes on.
  await page.waitForFunction(() => window.pendingOf(30_000) === 1);

  // A wrong token: said once, then the list is not asked again every 30 s: no refresh timer is
  // left pending (and a witness page's polls show nothing else was sent meanwhile).
  await page.getByLabel('Collection', { exact: true }).fill('');
  await page.getByLabel('Token', { exact: true }).fill('root:wrong');
  await page.getByRole('button', { name: 'Refresh list' }).click();
  await alert.filter({ hasText: 'rejected the token' }).waitFor();
  assert.equal(await page.getByText('Loading the list…').count(), 0, 'Loading the list… under the error');
  const mark = await apiCallMark(page);
  const witness = await browser.newPage();
  await witness.addInitScript(recordApiCalls);
  const running = demoId(sim, 'running');
  await witness.goto(`${sim.url}/?endpoint=${sim.url}&jobId=${running}&interval=0.5`);
  await witness.getByLabel('Token', { exact: true }).fill(TOKEN);
  await witness.getByRole('button', { name: 'Watch', exact: true }).click();
  await waitForWitness(witness, await apiCallMark(witness), running, 4);
  assert.equal(await page.evaluate((mark) => window.apiCalls.length - mark, mark), 0);
  assert.equal(await page.evaluate(() => window.pendingOf(30_000)), 0, 'the list\'s 30 s refresh is still armed');
});

test('a job\'s figures: the bar\'s percentage explained, and figures said to be stale when polls fail', async (t) => {
  const sim = await startSim(['--demo', '--serve', DIST, ...STOPPED]);
  t.after(sim.stop);
  const browser = await launch(t);
  const page = await browser.newPage();
  const running = demoId(sim, 'running');
  await page.goto(`${sim.url}/`);
  await watch(page, { endpoint: sim.url, jobId: running, interval: '0.5' });
  await page.locator('.job .basis').waitFor();
  assert.match(await page.locator('.job .basis').innerText(), /^\d+ % is Milvus's own progress figure, weighted by phase \(.*\), not the share of rows/);
  assert.doesNotMatch(await page.locator('.job .facts').innerText(), /(^|\D)0 \/ 0|(^|\D)0 B\b/, 'unknown figures shown as 0');
  assert.doesNotMatch(await page.locator('.files tbody').innerText(), /(^|\D)0 \/ 0\b/, 'a file not counted yet shown as 0 / 0');
  assert.equal(await page.locator('.stale').count(), 0);
  // The server starts failing: the figures stay, and say how old they are.
  await fetch(`${sim.url}/_sim/script`, { method: 'POST', body: JSON.stringify({ jobId: running, status: 502, contentType: 'text/html', body: '<title>502 Bad Gateway</title>' }) });
  await page.locator('.stale').waitFor({ timeout: 60_000 });
  assert.match(await page.locator('.stale').innerText(), /^These figures are from the last answer, at .+: the last (poll|\d+ polls) failed/);
  assert.equal(await jobBar(page).count(), 1, 'the last good figures stay on screen');
});

test('New import: the server\'s refusal comes with the rules it checks; the placeholder shows two lines', async (t) => {
  const sim = await startSim(['--serve', DIST, ...STOPPED]);
  t.after(sim.stop);
  const browser = await launch(t);
  const page = await browser.newPage();
  await page.goto(`${sim.url}/?endpoint=${sim.url}`);
  await page.getByRole('tab', { name: 'New import' }).click();
  const files = page.getByLabel('Files', { exact: true });
  const placeholder = await files.getAttribute('placeholder');
  assert.ok(placeholder.includes('\n') && !placeholder.includes('&#10;'), JSON.stringify(placeholder));
  await page.getByLabel('Collection', { exact: true }).fill('book_embeddings');
  await files.fill('exports/data.txt');
  await page.getByRole('button', { name: 'Start import' }).click();
  // The checks say it first, and nothing is sent until the user goes on.
  const held = page.locator('.create .banner.held');
  await held.waitFor();
  assert.match(await page.locator('[data-check="file-types"]').innerText(), /^Fails: group 1: exports\/data\.txt is not \.json, \.parquet, \.npy or \.csv/);
  await held.getByRole('button', { name: 'Start anyway' }).click();
  const alert = page.locator('.create .banner.error');
  await alert.waitFor();
  const text = await alert.innerText();
  assert.match(text, /unexpected file type/);
  assert.match(text, /\.json, \.parquet, \.npy and \(from 2\.5\) \.csv/);
});
