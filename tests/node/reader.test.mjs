// The package's reader in Node against the stand-in (a real HTTP server): fetchManyImportProgress
// asks one job at a time, finds describe or get_progress once, gives each job its answer or its
// error, and stops asking after an authentication error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSim } from '../../e2e/sim.mjs';

// The reader entry, as a Node script uses it: init() reads its WebAssembly from the package.
const { default: init, fetchManyImportProgress } = await import(new URL('../../pkg/reader.js', import.meta.url));
await init();

const create = async (sim, path) => {
  const body = { collectionName: 'book_embeddings', files: [[path]] };
  const headers = { 'Content-Type': 'application/json', Authorization: 'Bearer root:Milvus' };
  const answer = await (await fetch(`${sim.url}/v2/vectordb/jobs/import/create`, { method: 'POST', headers, body: JSON.stringify(body) })).json();
  return answer.data.jobId;
};

test('fetchManyImportProgress: each job its answer or its error, one request at a time', async (t) => {
  const sim = await startSim(['--profile', '2.4.5', '--auth', 'root:Milvus']);
  t.after(sim.stop);
  const ids = [await create(sim, 'n/a.parquet'), await create(sim, 'n/b.parquet')];
  await fetch(`${sim.url}/_sim/stats/reset`, { method: 'POST' });
  const missing = '462422016000000000';
  const results = await fetchManyImportProgress({ endpoint: sim.url, token: 'root:Milvus', jobIds: [...ids, missing] });
  assert.deepEqual(results.map((r) => r.jobId), [...ids, missing]);
  for (const result of results.slice(0, 2)) assert.equal(result.job.jobId, result.jobId);
  assert.equal(results[2].error.kind, 'job-not-found');
  assert.equal(results[2].job, undefined);
  // 2.4.5 has no describe (a 404, met once and remembered): each job is looked up in list, then
  // asked for with get_progress; the job not listed is never asked for (2.4.0–2.4.4 would crash).
  const stats = await (await fetch(`${sim.url}/_sim/stats`)).json();
  assert.deepEqual(stats.byOperation, { list: 3, get_progress: 2 }, JSON.stringify(stats));

  // A wrong token: the first job's 401, and no request for the others (counted where they
  // leave: the server does not count requests it refuses).
  const realFetch = globalThis.fetch;
  let sent = 0;
  globalThis.fetch = (...args) => { sent += 1; return realFetch(...args); };
  t.after(() => { globalThis.fetch = realFetch; });
  const denied = await fetchManyImportProgress({ endpoint: sim.url, token: 'root:wrong', jobIds: ids });
  assert.deepEqual(denied.map((r) => r.error?.kind), ['unauthorized', 'unauthorized']);
  assert.equal(sent, 1);
});

test('readCollectionReadiness: index progress, load, rows stored and visible, "no-permission" for what the role may not read', async (t) => {
  const { readCollectionReadiness } = await import(new URL('../../pkg/reader.js', import.meta.url));
  const { writeFileSync } = await import('node:fs');
  const scenario = new URL(`file:///tmp/reader-readiness-${process.pid}.json`);
  writeFileSync(scenario, JSON.stringify({
    collections: [{ name: 'books', rows: 1000000 }, { name: 'cold', loaded: false }],
    users: [{ name: 'alice', password: 'wonder', importOnly: true }],
  }));
  for (const profile of ['2.4.0', '2.5']) {
    const sim = await startSim(['--profile', profile, '--auth', 'root:Milvus', '--scenario', scenario.pathname]);
    t.after(sim.stop);
    const root = await readCollectionReadiness({ endpoint: sim.url, token: 'root:Milvus', collectionName: 'books' });
    assert.equal(root.index.name, 'vector', profile);
    assert.deepEqual([root.index.totalRows, root.index.indexedRows, root.index.pendingRows], [1000000, 1000000, 0], profile);
    assert.deepEqual([root.load, root.rowsStored, root.rowsVisible, root.ready], ['loaded', 1000000, 1000000, true], profile);
    // 2.4.0 refuses count(*) without a filter: asked again with one on the primary key.
    const stats = await (await fetch(`${sim.url}/_sim/stats`)).json();
    assert.equal(stats.byOperation['entities/query'], profile === '2.4.0' ? 2 : 1, JSON.stringify(stats.byOperation));
    const cold = await readCollectionReadiness({ endpoint: sim.url, token: 'root:Milvus', collectionName: 'cold' });
    assert.deepEqual([cold.load, cold.rowsVisible, cold.ready], ['not-loaded', undefined, false], profile);
    const alice = await readCollectionReadiness({ endpoint: sim.url, token: 'alice:wonder', collectionName: 'books' });
    assert.equal(alice.indexStatus, 'read', 'index progress with the Import role alone');
    assert.deepEqual([alice.load, alice.rowsStored], ['no-permission', undefined], profile);
    assert.match(alice.summary, /no permission/);
  }
});
