// The Milvus Node SDK (@zilliz/milvus2-sdk-node, pinned in tools/package.json), an independent
// real client, against the stand-in on every Milvus profile: its HttpClient calls get_progress,
// adds dbName "default" to every body, sends Accept-Type-Allow-Int64: false and a text body,
// and returns Milvus error codes as data (shared API page, §9). The stand-in's clock is all but
// stopped and stepped by the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startSim } from '../../e2e/sim.mjs';

const require = createRequire(import.meta.url);
const { HttpClient } = require('../../tools/node_modules/@zilliz/milvus2-sdk-node');

const post = async (sim, path, body) => (await fetch(`${sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) })).json();

for (const profile of ['2.4.0', '2.4.5', '2.4.13', '2.5', '2.6', '2.6.24', '3.0', '3.0.2']) {
  test(`Node SDK on ${profile}: create, progress to Completed, list; errors come back as data`, async (t) => {
    const sim = await startSim(['--profile', profile, '--speed', '0.000001', '--async-create', '0ms']);
    t.after(sim.stop);
    const client = new HttpClient({ endpoint: sim.url, token: 'root:Milvus' });
    // 2.4.0–2.4.2 say 200 for success; the SDK hands the code back as it is.
    const success = profile === '2.4.0' ? 200 : 0;

    const created = await client.createImportJobs({ collectionName: 'book_embeddings', files: [['sdk/part-1.parquet'], ['sdk/2/id.npy', 'sdk/2/vector.npy']] });
    assert.equal(created.code, success, JSON.stringify(created));
    const jobId = created.data.jobId;
    assert.match(jobId, /^\d{18}$/);

    let progress;
    const states = [];
    for (let i = 0; i < 5_000; i++) {
      progress = await client.getImportJobProgress({ jobId });
      assert.equal(progress.code, success, JSON.stringify(progress));
      states.push(progress.data.state);
      if (progress.data.state === 'Completed') break;
      await post(sim, '/_sim/advance', { secs: 1 });
    }
    assert.equal(progress.data.state, 'Completed');
    assert.equal(progress.data.progress, 100);
    assert.ok(states.includes('Importing'), states.join());
    assert.equal(progress.data.details.length, 2);

    const listed = await client.listImportJobs({});
    assert.equal(listed.code, success);
    assert.ok(listed.data.records.some((r) => r.jobId === jobId && r.state === 'Completed'));

    // A Milvus error is data, not an exception: an ID that is not a number.
    const bad = await client.getImportJobProgress({ jobId: 'job-x' });
    assert.equal(bad.code, profile.startsWith('3.0') ? 1100 : 2100, JSON.stringify(bad));
    assert.match(bad.message, /parse job id failed/);

    const stats = await (await fetch(`${sim.url}/_sim/stats`)).json();
    assert.equal(stats.crashes, 0);
    assert.ok(stats.byOperation.get_progress >= 2, 'the SDK asks get_progress, on every version');
  });
}

test('Node SDK on 2.4.3: asking for a job the server does not know takes the server down, as it does a real one', async (t) => {
  // milvus#33671: the SDK asks get_progress directly, and DataCoord 2.4.0–2.4.4 dies on it.
  const sim = await startSim(['--profile', '2.4.3', '--crash-downtime', '600s']);
  t.after(sim.stop);
  const client = new HttpClient({ endpoint: sim.url, token: 'root:Milvus' });
  await assert.rejects(client.getImportJobProgress({ jobId: '461829374610000000' }));
  await assert.rejects(client.listImportJobs({}), 'and the whole API with it, while it restarts');
  const stats = await (await fetch(`${sim.url}/_sim/stats`)).json();
  assert.equal(stats.crashes, 1);
});
