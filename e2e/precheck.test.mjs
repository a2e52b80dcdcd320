// Before and around an import, through the page as a person uses it, on a 3.0.2 stand-in whose
// collections have real schemas (an auto-ID key and a nullable field, a BM25 function's output,
// a partition key): each mistake the checks know is reported before any create request is sent
// (counted in the page), and a correct request passes every check and starts; a waiting job
// says how many jobs are ahead of it, alone and in a batch; the log link of each preset opens
// the expected URL with the job's ID and window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSim, launch, DIST, openPage, axeViolations, screenshotOf } from './helpers.mjs';

const SCENARIO = {
  collections: [
    { name: 'vectors_np', fields: [
      { name: 'id', type: 'Int64', primaryKey: true, autoId: true },
      { name: 'vector', type: 'FloatVector', dim: 4 },
      { name: 'title', type: 'VarChar', maxLength: 256 },
      { name: 'note', type: 'VarChar', maxLength: 256, nullable: true },
    ] },
    { name: 'docs_bm25', fields: [
      { name: 'id', type: 'Int64', primaryKey: true, autoId: true },
      { name: 'text', type: 'VarChar', maxLength: 4096 },
      { name: 'sparse', type: 'SparseFloatVector' },
    ], functions: [{ name: 'bm25', inputFieldNames: ['text'], outputFieldNames: ['sparse'] }] },
    { name: 'by_tenant', partitions: ['p1'], fields: [
      { name: 'id', type: 'Int64', primaryKey: true },
      { name: 'tenant', type: 'VarChar', maxLength: 64, partitionKey: true },
      { name: 'vector', type: 'FloatVector', dim: 4 },
    ] },
  ],
  jobs: [
    // Two importing for a long while, then two waiting (created later), on a stopped clock.
    { label: 'first', collection: 'book_embeddings', files: [['q/a.parquet']], ageSecs: 60, queueSecs: 1, rowsPerSec: 1 },
    { label: 'second', collection: 'book_embeddings', files: [['q/b.parquet']], ageSecs: 50, queueSecs: 1, rowsPerSec: 1 },
    { label: 'waiting', collection: 'book_embeddings', files: [['q/c.parquet']], ageSecs: 30, queueSecs: 100000 },
    { label: 'later', collection: 'book_embeddings', files: [['q/d.parquet']], ageSecs: 10, queueSecs: 100000 },
    { label: 'done', collection: 'book_embeddings', files: [['logs/a.parquet']], ageSecs: 3000 },
    { label: 'broken', collection: 'book_embeddings', files: [['logs/corrupt-1.parquet']], ageSecs: 3000 },
  ],
};

async function start(t) {
  const file = join(tmpdir(), `precheck-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(SCENARIO));
  const sim = await startSim(['--profile', '3.0.2', '--speed', '0.000001', '--scenario', file, '--serve', DIST]);
  t.after(sim.stop);
  // The stand-in prints each seeded job as "job <id> (<label>)".
  const ids = Object.fromEntries(sim.printed.map((line) => line.match(/^job (\d+) \((\S+)\)$/)).filter(Boolean).map((m) => [m[2], m[1]]));
  return { sim, ids };
}

const creates = (page) => page.evaluate(() => window.apiCalls.filter((c) => c.route === 'create').length);

async function fillCreate(page, { collection, files, partition = '', options = '' }) {
  await page.getByLabel('Collection', { exact: true }).fill(collection);
  await page.getByLabel('Partition', { exact: true }).fill(partition);
  await page.getByLabel('Files', { exact: true }).fill(files);
  await page.getByLabel('Options', { exact: true }).fill(options);
}

test('checks before an import: every mistake reported before anything is sent; a correct request passes them all and starts', async (t) => {
  const { sim } = await start(t);
  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);
  await page.goto(`${sim.url}/?endpoint=${sim.url}&interval=0.5`);
  await page.getByRole('tab', { name: 'New import' }).click();
  const groups = Array.from({ length: 1025 }, (_, n) => `many/part-${n}.parquet`).join('\n');
  const mistakes = [
    ['numpy-fields', { collection: 'vectors_np', files: 'np/1/vector.npy' }, /title\.npy is missing/],
    ['numpy-fields', { collection: 'vectors_np', files: 'np/1/id.npy, np/1/vector.npy, np/1/title.npy' }, /id\.npy is for the auto-ID primary key/],
    ['numpy-fields', { collection: 'docs_bm25', files: 'bm/1/text.npy, bm/1/sparse.npy' }, /sparse\.npy is for a function's output field/],
    ['group-count', { collection: 'vectors_np', files: groups }, /1025 file groups: Milvus takes at most 1024/],
    ['partition', { collection: 'by_tenant', files: 't/a.parquet', partition: 'p1' }, /routes rows by its partition key/],
    ['auto-commit', { collection: 'vectors_np', files: 't/a.parquet', options: 'auto_commit=yes' }, /auto_commit must be "true" or "false", not "yes"/],
  ];
  for (const [name, form, says] of mistakes) {
    await fillCreate(page, form);
    await page.getByRole('button', { name: 'Start import' }).click();
    const held = page.locator('.create .banner.held');
    await held.waitFor();
    const check = page.locator(`[data-check="${name}"]`);
    assert.equal(await check.getAttribute('data-outcome'), 'fail', `${name}: ${await check.innerText()}`);
    assert.match(await check.innerText(), says);
    assert.match(await held.innerText(), /nothing was sent/);
    assert.equal(await creates(page), 0, `${name}: no create request`);
  }
  assert.ok(!(await page.evaluate(() => window.readinessCalls.some((c) => !c.route.startsWith('collections/describe')))), 'only the schema was read');
  await screenshotOf(page.locator('.create'), 'prechecks-held');
  assert.deepEqual(await axeViolations(page), []);

  // Correct: every check passes (the jobs running read from the list) and Start starts it.
  await fillCreate(page, { collection: 'vectors_np', files: 'np/1/vector.npy, np/1/title.npy' });
  await page.locator('[data-check="running-jobs"][data-outcome="pass"]').waitFor();
  await page.locator('[data-check="collection"][data-outcome="pass"]').waitFor();
  const outcomes = await page.locator('.prechecks [data-check]').evaluateAll((items) => items.map((i) => `${i.dataset.check}:${i.dataset.outcome}`));
  assert.deepEqual(outcomes.filter((o) => !o.endsWith(':pass')), [], outcomes.join(', '));
  assert.match(await page.locator('[data-check="running-jobs"]').innerText(), /4 other jobs are not final yet/);
  await page.getByRole('button', { name: 'Start import' }).click();
  await page.locator('.job h2 .mono').waitFor();
  assert.equal(await creates(page), 1);
  assert.deepEqual(errors, []);
});

test('the queue: a waiting job says how many jobs are ahead of it, alone and in a batch', async (t) => {
  const { sim, ids } = await start(t);
  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);
  await page.goto(`${sim.url}/?endpoint=${sim.url}&interval=0.5&jobId=${ids.waiting}`);
  await page.getByRole('button', { name: 'Watch', exact: true }).click();
  const line = page.locator('.job .queue');
  await line.waitFor();
  assert.equal(await line.innerText(), '2 jobs ahead of this one: 2 importing.');
  // The batch gives the same per job; the later one has the earlier waiting job ahead too.
  await page.getByLabel('Job ID', { exact: true }).fill(`${ids.waiting}\n${ids.later}`);
  await page.getByRole('button', { name: 'Watch', exact: true }).click();
  const phase = (id) => page.locator('.batch tbody tr').filter({ hasText: id }).locator('.phase');
  await page.waitForFunction(() => [...document.querySelectorAll('.batch tbody .phase')].filter((p) => /ahead of this one/.test(p.textContent)).length === 2);
  assert.equal(await phase(ids.waiting).innerText(), '2 jobs ahead of this one: 2 importing.');
  assert.equal(await phase(ids.later).innerText(), '3 jobs ahead of this one: 2 importing, 1 pending.');
  // One list per server, not one per job or per poll.
  const lists = await page.evaluate(() => window.apiCalls.filter((c) => c.route === 'list').length);
  assert.ok(lists <= 3, `${lists} list calls`);
  assert.deepEqual(errors, []);
});

const PRESETS = [
  { name: 'Grafana Explore (Loki)', base: 'https://grafana.example.com', host: 'https://grafana.example.com/**',
    expect: (id, w) => [`https://grafana.example.com/explore?`, id, `%22from%22%3A%22${w.fromMs}%22`, `%22to%22%3A%22${w.toMs}%22`] },
  { name: 'Kibana Discover', base: 'https://kibana.example.com/', host: 'https://kibana.example.com/**',
    expect: (id, w) => ['https://kibana.example.com/app/discover#/?', `from:'${w.from}'`, `to:'${w.to}'`, `jobID:%22${id}%22`] },
  { name: 'CloudWatch Logs Insights', base: 'eu-west-1', host: 'https://console.aws.amazon.com/**',
    expect: (id, w) => ['https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:', `end~'${w.to}`, `start~'${w.from}`, `*22${id}*22`] },
];

test('logs one click away: each preset opens the expected URL with the job\'s ID and window; on a failure too; never the token', async (t) => {
  const { sim, ids } = await start(t);
  const browser = await launch(t);
  const errors = [];
  const page = await openPage(browser, errors);
  // The log servers answer from here: the test reads where the link went, not a real server.
  for (const preset of PRESETS) await page.context().route(preset.host, (route) => route.fulfill({ body: 'logs' }));
  const describe = async (jobId) => (await (await fetch(`${sim.url}/v2/vectordb/jobs/import/describe`, {
    method: 'POST', body: JSON.stringify({ jobId }), headers: { Authorization: 'Bearer root:Milvus' },
  })).json()).data;
  const done = await describe(ids.done);
  assert.equal(done.state, 'Completed');
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const fromMs = Date.parse(done.createTime) - 60_000;
  const toMs = Date.parse(done.completeTime) + 60_000;
  const encoded = (text) => encodeURIComponent(text);
  const window = { fromMs, toMs, from: encoded(iso(fromMs)), to: encoded(iso(toMs)) };
  await page.goto(`${sim.url}/?endpoint=${sim.url}&interval=0.5&jobId=${ids.done}`);
  await page.getByLabel('Token', { exact: true }).fill('root:Milvus');
  await page.getByRole('button', { name: 'Watch', exact: true }).click();
  await page.locator('.job .state-badge').filter({ hasText: 'Completed' }).waitFor();
  await page.getByText('Log link', { exact: true }).click();
  for (const preset of PRESETS) {
    await page.getByLabel('Log service').selectOption(preset.name);
    await page.getByLabel('Log server, or AWS region').fill(preset.base);
    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: "This job's logs" }).click()]);
    await popup.waitForLoadState();
    const url = popup.url();
    for (const part of preset.expect(ids.done, window)) assert.ok(url.includes(part), `${preset.name}: ${part} in ${url}`);
    assert.ok(!url.includes('Milvus') && !url.includes('root'), 'no token in the link');
    await popup.close();
  }
  // Kept in this browser (without the token) and shown on a failure.
  const kept = await page.evaluate(() => localStorage.getItem('milvus-import-monitor.log-link'));
  assert.match(kept, /console\.aws\.amazon\.com/);
  assert.ok(!kept.includes('root:Milvus'));
  await page.getByLabel('Job ID', { exact: true }).fill(ids.broken);
  await page.getByRole('button', { name: 'Watch', exact: true }).click();
  await page.getByRole('link', { name: 'The logs of this failure' }).waitFor();
  assert.match(await page.getByRole('link', { name: 'The logs of this failure' }).getAttribute('href'), new RegExp(ids.broken));
  // In a batch, the failed job's row has its link beside its reason; the completed one none.
  await page.getByLabel('Job ID', { exact: true }).fill(`${ids.done}\n${ids.broken}`);
  await page.getByRole('button', { name: 'Watch', exact: true }).click();
  const failedRow = page.locator('.batch tbody tr.failed');
  await failedRow.waitFor();
  await failedRow.getByText('Reason', { exact: true }).click();
  assert.match(await failedRow.getByRole('link', { name: 'The logs of this failure' }).getAttribute('href'), new RegExp(ids.broken));
  assert.equal(await page.locator('.batch .log-link').count(), 1);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
});
