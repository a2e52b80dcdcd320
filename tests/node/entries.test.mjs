// Every entry of the packed package imports where there is no DOM: in plain Node, by its package
// name through the exports map (the tarball as examples/react installed it), and during React's
// server-side rendering. The reader works there; the element defines nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';

const react = new URL('../../examples/react/', import.meta.url).pathname;
const fixture = new URL('../fixtures/progress-2.5-failed.json', import.meta.url).pathname;

/** Runs an ES module in a fresh Node, from examples/react (so bare names resolve to the
 *  installed tarball), and returns what it printed as JSON. */
function run(source) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', source], { cwd: react, encoding: 'utf8' });
  return JSON.parse(out);
}

test('the installed package is the tarball just packed, not a link', () => {
  const installed = `${react}/node_modules/milvus-import-monitor`;
  assert.ok(existsSync(`${installed}/package.json`), 'examples are installed (scripts/build-examples.sh)');
  assert.ok(!lstatSync(installed).isSymbolicLink());
  const same = (name) => readFileSync(`${installed}/${name}`).equals(readFileSync(new URL(`../../pkg/${name}`, import.meta.url)));
  assert.ok(same('milvus_import_monitor_bg.wasm') && same('element-class.js') && same('reader/milvus_import_reader_bg.wasm'));
});

test('every entry imports in Node, with no window, document or customElements', () => {
  const result = run(`
    const globals = ['window', 'document', 'customElements', 'HTMLElement'].filter((name) => name in globalThis);
    const main = await import('milvus-import-monitor');
    const element = await import('milvus-import-monitor/element');
    const reader = await import('milvus-import-monitor/reader');
    await import('milvus-import-monitor/react');
    console.log(JSON.stringify({
      globals,
      main: Object.keys(main).sort(),
      defined: element.defineMonitorElement() === undefined ? 'nothing' : 'something',
      reader: Object.keys(reader).sort(),
    }));`);
  assert.deepEqual(result.globals, []);
  for (const name of ['default', 'ImportMonitor', 'defineMonitorElement', 'parseImportProgress', 'fetchImportProgress', 'listImportJobs', 'explainImportFailure']) {
    assert.ok(result.main.includes(name), `the package exports ${name}`);
  }
  assert.equal(result.defined, 'nothing');
  for (const name of ['default', 'initSync', 'parseImportProgress', 'fetchImportProgress', 'fetchManyImportProgress', 'listImportJobs', 'explainImportFailure', 'summarizeImportPhases']) {
    assert.ok(result.reader.includes(name), `the reader exports ${name}`);
  }
  // The reader has no widget in it.
  for (const name of ['ImportMonitor', 'mountElement', 'defineMonitorElement']) assert.ok(!result.reader.includes(name), `the reader has no ${name}`);
});

test('the reader, by its package name in Node: init() finds its WebAssembly, then reads a failed job', async () => {
  const result = run(`
    import { readFileSync } from 'node:fs';
    import init, { parseImportProgress, explainImportFailure } from 'milvus-import-monitor/reader';
    await init();
    const job = parseImportProgress(readFileSync(${JSON.stringify(fixture)}), 200);
    console.log(JSON.stringify({ state: job.state, files: job.details.length, cause: explainImportFailure(job.reason ?? '').causeClass ?? null }));`);
  const expected = JSON.parse(readFileSync(fixture, 'utf8')).data;
  assert.equal(result.state, expected.state);
  assert.equal(result.files, expected.details.length);
  // The same reading as the widget's own build of the same code.
  const pkg = new URL('../../pkg/', import.meta.url);
  const { initSync, parseImportProgress, explainImportFailure } = await import(new URL('milvus_import_monitor.js', pkg));
  initSync({ module: readFileSync(new URL('milvus_import_monitor_bg.wasm', pkg)) });
  const job = parseImportProgress(readFileSync(fixture), 200);
  assert.ok(job.reason, 'the fixture is a failed job with a reason');
  assert.equal(result.cause, explainImportFailure(job.reason).causeClass ?? null);
});

test('server-side rendering with React: the element entry imported, the page rendered to HTML', () => {
  const result = run(`
    import { createElement } from 'react';
    import { renderToString } from 'react-dom/server';
    import 'milvus-import-monitor/element';
    const html = renderToString(createElement('milvus-import-monitor', { endpoint: 'http://m:19530', 'job-id': '461829374610022401', 'hide-form': true }));
    console.log(JSON.stringify({ html }));`);
  assert.match(result.html, /^<milvus-import-monitor endpoint="http:\/\/m:19530" job-id="461829374610022401" hide-form=""><\/milvus-import-monitor>$/);
});
