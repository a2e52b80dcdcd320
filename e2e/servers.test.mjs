// Several servers on one page, in Chromium against two stand-ins on different profiles: a link
// naming both asks for the tokens first (links never carry them); one batch over both; the
// failing server backs off while the healthy one's jobs keep their interval; never more than two
// requests in flight to either server, counted in the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, launch, startSim, openPage, axeViolations } from './helpers.mjs';

const STOPPED = ['--speed', '0.000001'];
const simCreate = async (sim, body) => (await (await fetch(`${sim.url}/_sim/create`, { method: 'POST', body: JSON.stringify(body) })).json()).jobId;
const callsOn = (page, host) => page.evaluate((host) => window.apiCalls.filter((c) => c.host === host).length, host);
const hostOf = (url) => new URL(url).host;

test('one batch over two servers: the link asks for the tokens, a failing server holds only its own jobs, two in flight at most per server', async (t) => {
  // The healthy server serves the page; the other (3.0.2, with authentication) fails every answer.
  const healthy = await startSim(['--profile', '2.5', '--serve', DIST, ...STOPPED]);
  t.after(healthy.stop);
  const failing = await startSim(['--profile', '3.0.2', '--auth', 'root:Failing', ...STOPPED, '--faults', '1', '--fault-kinds', '502']);
  t.after(failing.stop);
  const files = (name) => ({ files: [[`imports/${name}.parquet`]] });
  const ours = [];
  for (let i = 0; i < 4; i += 1) ours.push(await simCreate(healthy, files(`healthy-${i}`)));
  const theirs = [];
  for (let i = 0; i < 3; i += 1) theirs.push(await simCreate(failing, files(`failing-${i}`)));

  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);
  const link = `?endpoint=${encodeURIComponent(healthy.url)}${ours.map((id) => `&jobId=${id}`).join('')}`
    + `&endpoint=${encodeURIComponent(failing.url)}${theirs.map((id) => `&jobId=${id}`).join('')}&interval=0.5`;
  await page.goto(`${healthy.url}/${link}`);
  // A fresh profile: no token anywhere. The page asks and sends nothing until Watch.
  const asks = page.locator('.asks-tokens');
  await asks.waitFor();
  assert.match(await asks.innerText(), /names 2 servers.*never carry tokens/s);
  assert.equal(await page.locator('#server-2-endpoint').inputValue(), failing.url);
  assert.equal(await page.locator('#server-2-token').inputValue(), '');
  assert.equal(await page.evaluate(() => window.apiCalls.length), 0, 'nothing sent before the tokens');
  await page.locator('#server-2-token').fill('root:Failing');
  await page.getByRole('button', { name: 'Watch', exact: true }).click();

  await page.locator('#batch-heading', { hasText: 'Batch of 7 jobs on 2 servers' }).waitFor();
  await page.locator('.batch-table tbody tr').nth(6).waitFor();
  const servers = await page.locator('.batch-table tbody td.server').allInnerTexts();
  assert.equal(servers.filter((s) => s === healthy.url).length, 4);
  assert.equal(servers.filter((s) => s === failing.url).length, 3);

  // Both servers asked at first; then the failing one backs off while the healthy one's jobs
  // keep their interval: over the same stretch, each healthy job is asked six more times
  // while the failing server's three jobs together are asked far fewer.
  const h = hostOf(healthy.url);
  const f = hostOf(failing.url);
  await page.waitForFunction((f) => window.apiCalls.some((c) => c.host === f), f);
  await page.locator('.batch .status', { hasText: `${failing.url} is failing` }).waitFor({ timeout: 30_000 });
  const [h0, f0] = [await callsOn(page, h), await callsOn(page, f)];
  await page.waitForFunction(({ h, h0, n }) => window.apiCalls.filter((c) => c.host === h).length >= h0 + n, { h, h0, n: 6 * ours.length }, { timeout: 60_000 });
  const [h1, f1] = [await callsOn(page, h), await callsOn(page, f)];
  assert.ok(f1 - f0 < (h1 - h0) / 4, `failing server asked ${f1 - f0} times while the healthy one was asked ${h1 - h0}`);
  assert.match(await page.locator('.batch .status').innerText(), /other servers' jobs keep their interval/);
  const rows = await page.locator('.batch-table tbody tr').allInnerTexts();
  assert.ok(rows.filter((r) => r.includes(healthy.url)).every((r) => /Importing|Pending/.test(r)), 'the healthy server\'s jobs show their figures');

  // Never more than two requests in flight to either server, counted where they start.
  const maxima = await page.evaluate(() => window.apiMaxInFlightByHost);
  assert.ok(maxima[h] >= 1 && maxima[h] <= 2 && maxima[f] >= 1 && maxima[f] <= 2, JSON.stringify(maxima));

  assert.deepEqual(await axeViolations(page), [], 'a batch over two servers is accessible');
  // The server filter shows one server's jobs.
  await page.getByLabel('Show the jobs of one server').selectOption({ index: 2 });
  await page.waitForFunction(() => document.querySelectorAll('.batch-table tbody tr').length === 3);
  assert.deepEqual(new Set(await page.locator('.batch-table tbody td.server').allInnerTexts()), new Set([failing.url]));

  // The address bar names both servers, never a token.
  const address = await page.evaluate(() => window.location.search);
  assert.ok(address.includes(encodeURIComponent(failing.url)) && !address.includes('Failing'), address);
  assert.deepEqual(errors, []);
});

test('named connections are kept in this browser without their tokens unless remembered, and a kept name fills the form', async (t) => {
  const one = await startSim(['--profile', '2.6.24', '--serve', DIST, ...STOPPED]);
  t.after(one.stop);
  const two = await startSim(['--profile', '3.0.2', ...STOPPED]);
  t.after(two.stop);
  const [a, b] = [await simCreate(one, { files: [['imports/a.parquet']] }), await simCreate(two, { files: [['imports/b.parquet']] })];
  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);
  await page.goto(`${one.url}/`);
  await page.locator('#connection-name').fill('staging');
  await page.locator('#endpoint').fill(one.url);
  await page.locator('#token').fill('root:Staging');
  await page.locator('#job-id').fill(a);
  await page.getByRole('button', { name: 'Add a server' }).click();
  await page.locator('#server-2-name').fill('production');
  await page.locator('#server-2-endpoint').fill(two.url);
  await page.locator('#server-2-token').fill('root:Production');
  await page.locator('#server-2-job-id').fill(b);
  assert.deepEqual(await axeViolations(page), [], 'the form with a second server is accessible');
  await page.getByRole('button', { name: 'Watch', exact: true }).click();
  await page.locator('#batch-heading', { hasText: 'on 2 servers' }).waitFor();
  const kept = await page.waitForFunction(() => localStorage.getItem('milvus-import-monitor.connections'));
  const saved = JSON.parse(await kept.jsonValue());
  assert.deepEqual(saved.map((c) => [c.name, c.endpoint]), [['staging', one.url], ['production', two.url]]);
  assert.ok(!JSON.stringify(await page.evaluate(() => ({ ...localStorage }))).includes('root:'), 'no token kept without "remember"');

  // A reload: the names are offered, and one fills a new row.
  await page.goto(`${one.url}/`);
  await page.getByRole('button', { name: 'Add a server' }).click();
  await page.locator('#server-2-name').fill('production');
  assert.equal(await page.locator('#server-2-endpoint').inputValue(), two.url);
  assert.equal(await page.locator('#server-2-token').inputValue(), '', 'its token was not kept');
  assert.deepEqual(errors, []);
});
