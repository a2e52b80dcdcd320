// Cross-origin (page and stand-in on different ports) and same-origin (the stand-in serving the
// page): no header that real Milvus's CORS forbids ever leaves the browser cross-origin, and the
// Database field works same-origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSim, launch, DIST, createJob, watch, jobBar } from './helpers.mjs';

const FORBIDDEN = ['db-name', 'request-timeout', 'accept-type-allow-int64'];

function scenario() {
  const dir = mkdtempSync(join(tmpdir(), 'mim-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify({ databases: ['analytics'], collections: [{ name: 'book_embeddings', db: 'analytics' }] }));
  return file;
}

async function follow(browser, pageOrigin, api, jobId, db) {
  const page = await browser.newPage();
  const sent = [];
  page.on('request', (r) => {
    if (r.url().startsWith(api) && r.method() === 'POST') sent.push(r.headers());
  });
  await page.goto(`${pageOrigin}/`);
  await watch(page, { endpoint: api, jobId, token: 'root:Milvus', db });
  await page.waitForFunction(() => document.querySelector('[aria-label="Job progress"]')?.getAttribute('aria-valuenow') === '100', null, { timeout: 60_000 });
  return { page, sent };
}

test('cross-origin: only CORS-safe headers leave the browser, and the job is followed', async (t) => {
  const pageHost = await startSim(['--serve', DIST]);
  const api = await startSim(['--speed', '10', '--auth', 'root:Milvus', '--scenario', scenario()]);
  t.after(() => { pageHost.stop(); api.stop(); });
  const browser = await launch(t);
  const id = await createJob(api.url, ['x/part-1.parquet'], { token: 'root:Milvus' });
  const { sent } = await follow(browser, pageHost.url, api.url, id, 'analytics');
  // One request is all there is when the job finished before the page first asked.
  assert.ok(sent.length >= 1, 'requests reached the API');
  for (const headers of sent) {
    for (const name of FORBIDDEN) assert.equal(headers[name], undefined, `${name} sent cross-origin`);
    assert.equal(headers.authorization, 'Bearer root:Milvus');
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers.cookie, undefined);
  }
});

test('same-origin: the Database field reaches Milvus as DB-Name', async (t) => {
  const api = await startSim(['--speed', '10', '--auth', 'root:Milvus', '--scenario', scenario(), '--serve', DIST]);
  t.after(api.stop);
  const browser = await launch(t);
  const id = await createJob(api.url, ['y/part-1.parquet'], { token: 'root:Milvus' });
  const { sent } = await follow(browser, api.url, api.url, id, 'analytics');
  // Every request carried it, and there were requests: an empty list would pass every() alone.
  assert.ok(sent.length >= 1, 'requests reached the API');
  assert.ok(sent.every((h) => h['db-name'] === 'analytics'), JSON.stringify(sent.map((h) => h['db-name'])));

  // A database the server does not have is reported, same-origin only.
  const page = await browser.newPage();
  await page.goto(`${api.url}/`);
  await watch(page, { endpoint: api.url, jobId: id, token: 'root:Milvus', db: 'nope' });
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /database not found\[database=nope\]/);
  assert.equal(await jobBar(page).count(), 0);
});
