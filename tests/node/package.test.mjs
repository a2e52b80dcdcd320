// The built npm package (pkg/) in Node: parseImportProgress on a body of every server variant
// and every error kind, exactly as the widget reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const pkgDir = new URL('../../pkg/', import.meta.url);
const { initSync, parseImportProgress } = await import(new URL('milvus_import_monitor.js', pkgDir));
initSync({ module: readFileSync(new URL('milvus_import_monitor_bg.wasm', pkgDir)) });

const fixture = (name) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const text = (name) => fixture(name).toString('utf8');

test('package.json is complete', () => {
  const pkg = JSON.parse(readFileSync(new URL('package.json', pkgDir), 'utf8'));
  assert.equal(pkg.name, 'milvus-import-monitor');
  assert.equal(pkg.type, 'module');
  assert.deepEqual(Object.keys(pkg.exports).filter((k) => !k.includes('.json') && !k.endsWith('.wasm')), ['.', './element', './reader', './react']);
  assert.equal(pkg.exports['.'].types, './index.d.ts');
  assert.equal(pkg.customElements, 'custom-elements.json');
  // Every file an entry or its types name is shipped.
  for (const target of Object.values(pkg.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e))).filter((t) => t !== './package.json')) {
    assert.ok(pkg.files.includes(target.slice(2)), `files ship ${target}`);
    assert.ok(existsSync(new URL(target, pkgDir)), `${target} exists`);
  }
  // Only the entry that defines the element has a side effect.
  assert.deepEqual(pkg.sideEffects, ['./element.js']);
  assert.ok(pkg.license && pkg.repository && pkg.keywords.includes('milvus'));
  const types = readFileSync(new URL('milvus_import_monitor.d.ts', pkgDir), 'utf8');
  for (const name of ['parseImportProgress', 'explainImportFailure', 'summarizeImportPhases', 'interface ImportFailure', 'interface ImportPhaseSummary', 'fetchImportProgress', 'fetchManyImportProgress', 'interface JobProgressResult', 'interface BatchCompleteDetail', 'watch(jobIds: string | string[])', 'listImportJobs', 'class ImportMonitor', 'interface ImportJob', 'interface FileTask', 'interface JobRecord', 'interface ImportError']) {
    assert.ok(types.includes(name), `the types declare ${name}`);
  }
  // FileTask's interface is written by hand (its paths are computed): every key a real file
  // group carries must be declared in it.
  const declared = types.slice(types.indexOf('interface FileTask')).split('}')[0];
  const keys = new Set(['progress-2.4.0.json', 'progress-2.5-failed.json']
    .flatMap((name) => parseImportProgress(text(name)).details.flatMap((f) => Object.keys(f))));
  assert.ok(keys.has('paths') && keys.has('completeTime') && keys.has('reason'), [...keys].join());
  for (const key of keys) assert.match(declared, new RegExp(`\\b${key}\\??:`), `FileTask declares ${key}`);
});

test('2.4.0: code 200 and protobuf-text file names (bytes in)', () => {
  const job = parseImportProgress(new Uint8Array(fixture('progress-2.4.0.json')));
  assert.equal(job.jobId, '448761313698322011');
  assert.equal(job.state, 'Importing');
  assert.equal(job.progress, 76);
  assert.equal(job.importedRows, 780000);
  assert.equal(job.completeTime, undefined);
  const done = job.details.find((f) => f.state === 'Completed');
  assert.deepEqual(done.paths, ['a6fb2d3c/2.parquet']);
  assert.equal(done.fileName, 'id:448761313698322013 paths:"a6fb2d3c/2.parquet" ');
  assert.equal(done.completeTime, '2024-03-20T10:02:11+08:00');
});

test('2.4.3: a NumPy group in protobuf text', () => {
  const job = parseImportProgress(text('progress-2.4.3.json'));
  assert.deepEqual(job.details[0].paths, ['1/id.npy', '1/vector.npy']);
  assert.equal(job.details[0].state, 'Pending');
});

test('2.4.5 and 2.5: bracketed names, every field', () => {
  assert.deepEqual(parseImportProgress(text('progress-2.4.5.json')).details[0].paths, ['1/id.npy', '1/vector.npy']);
  const job = parseImportProgress(text('progress-2.5.json'), 200);
  assert.equal(job.jobId, '461829374610022401');
  assert.equal(job.collectionName, 'book_embeddings');
  assert.equal(job.totalRows, 980000);
  assert.equal(job.fileSize, 202981056);
  assert.equal(job.reason ?? null, null);
  assert.equal(job.createTime ?? null, null);
  const part = job.details.find((f) => f.fileName === '[imports/part-0001.parquet]');
  assert.deepEqual(part.paths, ['imports/part-0001.parquet']);
  assert.equal(part.progress, 48);
  assert.equal(part.importedRows, 240000);
  assert.equal(part.completeTime ?? null, null);
});

test('2.5 failed and pending', () => {
  const failed = parseImportProgress(text('progress-2.5-failed.json'));
  assert.equal(failed.state, 'Failed');
  assert.match(failed.reason, /dim mismatch: importing data failed$/);
  assert.match(failed.details[0].reason, /dim mismatch$/);
  const pending = parseImportProgress(text('progress-2.5-pending.json'));
  assert.deepEqual(pending.details, []);
});

test('2.6.6 createTime, 3.0 Uncommitted, Zilliz Cloud', () => {
  const v266 = parseImportProgress(text('progress-2.6.6.json'));
  assert.equal(v266.createTime, '2026-02-01T09:12:44+08:00');
  assert.equal(parseImportProgress(text('progress-3.0-uncommitted.json')).state, 'Uncommitted');
  const cloud = parseImportProgress(text('progress-cloud.json'));
  assert.equal(cloud.jobId, 'job-01fa0e5d42cjxudhpuehyp');
  assert.equal(cloud.fileName, 'medium_articles_2020_dpr.json');
  assert.equal(cloud.reason ?? null, null, 'Cloud sends reason "" on success: no reason');
  assert.deepEqual(cloud.details[0].paths, ['medium_articles_2020_dpr.json']);
  // Cloud reports no rows written: absent (unknown), never 0.
  assert.equal(cloud.importedRows, undefined);
  assert.equal(cloud.details[0].importedRows, undefined);
});

test('an 18-digit jobId is kept exactly, as a string or a bare number', () => {
  for (const body of [
    '{"code":0,"data":{"jobId":"461829374610022401"}}',
    '{"code":0,"data":{"jobId":461829374610022401}}',
    '{"code":0,"data":{"jobID":461829374610022401}}',
  ]) {
    const job = parseImportProgress(body);
    assert.equal(typeof job.jobId, 'string');
    assert.equal(job.jobId, '461829374610022401');
  }
  assert.notEqual(String(461829374610022401), '461829374610022401', 'a JS number would have lost digits');
});

const errorCases = [
  ['unauthorized', 401, '{"code":1800,"message":"user hasn\'t authenticated"}', 1800, /token/],
  ['forbidden', 403, '{"code":65535,"message":"rpc error: code = PermissionDenied desc = PrivilegeImport: permission deny to alice"}', 65535, /DB-Name/],
  ['route-not-found', 404, '404 page not found', null, /not a Milvus REST endpoint/],
  ['timeout', 408, 'timeout', null, /timed out/],
  ['timeout', 408, '{"code":10001,"message":"request timeout"}', 10001, /timed out/],
  // A handler panic's body keeps its code (it read as null).
  ['server-error', 500, '{"code":500}', 500, /HTTP 500/],
  ['server-error', 502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', null, /502 Bad Gateway/],
  ['bad-request', 200, '{"code":1801,"message":"can only accept json format request"}', 1801, /could not read the request/],
  ['bad-request', 200, '{"code":1802,"message":"missing required parameters"}', 1802, /could not read/],
  ['job-not-found', 200, '{"code":2100,"message":"import job does not exist, jobID=1: importing data failed"}', 2100, /retention/],
  ['job-not-found', 200, '{"code":2101,"message":"import job does not exist, jobID=1: failed on server side"}', 2101, /does not exist/],
  ['job-not-found', 200, text('progress-2.4.0-unknown-job.json'), 0, /does not exist/],
  ['bad-job-id', 200, '{"code":2100,"message":"parse job id failed: strconv.ParseInt: parsing \\"job-x\\": invalid syntax"}', 2100, /cluster ID/],
  ['service-unavailable', 200, '{"code":1,"message":"service not ready"}', 1, /not ready/],
  ['malformed', 200, '{"code":0,"data":{"jobId":"1","progress":4', null, /cut off/],
  ['malformed', 200, '', null, /empty/],
  ['malformed', 200, '<!DOCTYPE html><title>Sign in</title>', null, /HTML page/],
  ['milvus', 200, '{"code":100,"message":"collection not found[collection=books]"}', 100, /collection not found/],
];

for (const [kind, status, body, code, message] of errorCases) {
  test(`error ${kind} (HTTP ${status}, ${body.slice(0, 30)})`, () => {
    assert.throws(
      () => parseImportProgress(body, status),
      (e) => {
        assert.ok(e instanceof Error);
        assert.equal(e.kind, kind);
        assert.equal(e.code, code);
        assert.equal(e.httpStatus, status === 200 && kind === 'malformed' ? 200 : status);
        assert.match(e.message, message);
        return true;
      },
    );
  });
}

test('ImportErrorKind, written from the one Rust table of kinds: the same in both entries, every kind the reader can name, and every kind it names above', () => {
  const union = (file) => {
    const text = readFileSync(new URL(file, pkgDir), 'utf8');
    const body = text.match(/export type ImportErrorKind =([\s\S]*?)\n\s*;/)?.[1] ?? '';
    return [...body.matchAll(/^\s*\| "([a-z-]+)"/gm)].map((m) => m[1]);
  };
  const widget = union('milvus_import_monitor.d.ts');
  assert.ok(widget.length >= 18, widget.join(' '));
  assert.deepEqual(union('reader/milvus_import_reader.d.ts'), widget);
  // Each name is in the reader's WebAssembly: the union promises nothing the code cannot say.
  const wasm = readFileSync(new URL('reader/milvus_import_reader_bg.wasm', pkgDir)).toString('latin1');
  for (const kind of widget) assert.ok(wasm.includes(kind), `${kind} is not in the reader`);
  for (const [kind] of errorCases) assert.ok(widget.includes(kind), `${kind} is not in the union`);
});

test('a wrong argument type is a TypeError', () => {
  assert.throws(() => parseImportProgress(42), TypeError);
});
