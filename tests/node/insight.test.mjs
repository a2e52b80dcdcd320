// The package's readings in Node against the stand-in: explainImportFailure on the reason a
// failed job really carries, and summarizeImportPhases on a job a script polled from the queue
// to Completed. The stand-in's clock all but stops; the script moves it one second per step and
// stamps each answer with that server time, so the durations are exact on any machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSim } from '../../e2e/sim.mjs';

// The reader entry, as a Node script uses it: init() reads its WebAssembly from the package.
const { default: init, fetchImportProgress, explainImportFailure, summarizeImportPhases } = await import(new URL('../../pkg/reader.js', import.meta.url));
await init();

const simCreate = async (sim, body) => (await (await fetch(`${sim.url}/_sim/create`, { method: 'POST', body: JSON.stringify(body) })).json()).jobId;
const advance = (sim, secs) => fetch(`${sim.url}/_sim/advance`, { method: 'POST', body: JSON.stringify({ secs }) });

test('explainImportFailure reads a failed job\'s reason; summarizeImportPhases says where a job\'s time went', async (t) => {
  const sim = await startSim(['--speed', '0.000001']);
  t.after(sim.stop);
  const bad = await simCreate(sim, { files: [['imports/np/corrupt/id.npy', 'imports/np/corrupt/vector.npy']], rows: 10_000 });
  const good = await simCreate(sim, { files: [['imports/a.parquet'], ['imports/b.parquet']], rows: 40_000, rowsPerSec: 10_000, queueSecs: 3, sortSecs: 3, indexSecs: 5 });
  const seen = [];
  let failed;
  for (let second = 0; second < 200; second += 1) {
    const job = await fetchImportProgress({ endpoint: sim.url, jobId: good });
    seen.push({ atMs: second * 1000, job });
    failed ??= await fetchImportProgress({ endpoint: sim.url, jobId: bad }).then((j) => (j.state === 'Failed' ? j : undefined));
    if (job.state === 'Completed') break;
    await advance(sim, 1);
  }

  const f = explainImportFailure(failed.reason);
  assert.equal(f.causeClass, 'dimension-mismatch');
  assert.deepEqual(f.files, ['imports/np/corrupt/id.npy', 'imports/np/corrupt/vector.npy']);
  assert.deepEqual([f.field, f.expected, f.actual], ['vector', '768', '767']);
  assert.equal(f.reason, failed.reason);
  assert.match(f.hint, /dim/);
  const unknown = explainImportFailure('the coordinator hiccupped');
  assert.equal(unknown.causeClass, undefined);
  assert.equal(unknown.title, '');

  const summary = summarizeImportPhases(seen);
  assert.equal(seen.at(-1).job.state, 'Completed');
  assert.deepEqual(summary.phases.map((p) => p.phase), ['queued', 'scanning', 'writing', 'sorting', 'building index']);
  assert.equal(summary.finished, true);
  // Every second of the job is in exactly one phase.
  const total = summary.phases.reduce((sum, p) => sum + p.durationMs, 0);
  assert.equal(total, seen.at(-1).atMs - summary.phases[0].startMs);
  assert.ok(summary.phases.every((p) => p.durationMs >= 1000), JSON.stringify(summary.phases));
  assert.match(summary.text, /^Queued \d+ s · scanning \d+ s · writing \d+ s · sorting \d+ s · building index \d+ s\. Longest: /);
  assert.equal(summary.longest, summary.phases.reduce((a, b) => (b.durationMs > a.durationMs ? b : a)).phase);
  assert.throws(() => summarizeImportPhases([{ atMs: 'soon' }]), TypeError);
});
