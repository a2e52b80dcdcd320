// The examples in examples/, each built (scripts/build-examples.sh) from the packed npm tarball as
// a user's project installs it: Vite and webpack 5 with their default settings, React 19 and
// Vue 3. Each, served by the stand-in (auth on, so a token that did not arrive as a property
// would fail), follows a job to Completed and receives the prefixed events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { ROOT, createJob, launch, startSim } from './helpers.mjs';

const TOKEN = 'root:Milvus';

/** The stand-in serving `dir` (its clock all but stopped: the test moves the job on), a job on
 *  it, and a page opened on the example; stopped when the test ends. */
async function openExample(t, dir, page = '/') {
  assert.ok(existsSync(`${ROOT}/${dir}`), `${dir} is built (scripts/build-examples.sh)`);
  const sim = await startSim(['--serve', `${ROOT}/${dir}`, '--auth', TOKEN, '--speed', '0.000001']);
  t.after(sim.stop);
  const jobId = await createJob(sim.url, ['a/part-1.parquet', 'a/part-2.parquet'], { token: TOKEN });
  const browser = await launch(t);
  const context = await browser.newContext();
  const tab = await context.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  // Every file the example loads is found (the browser's own favicon request aside).
  tab.on('response', (r) => r.status() === 404 && !r.url().endsWith('/favicon.ico') && errors.push(`404 ${r.url()}`));
  await tab.goto(`${sim.url}${page}?endpoint=${encodeURIComponent(sim.url)}&jobId=${jobId}`);
  const advance = (secs) => fetch(`${sim.url}/_sim/advance`, { method: 'POST', body: JSON.stringify({ secs }) });
  return { sim, tab, jobId, errors, advance };
}

/** Moves the job through its phases until `done()` holds in the page. */
async function followToEnd(tab, advance, done) {
  const bar = tab.locator('milvus-import-monitor').getByRole('progressbar', { name: 'Job progress' });
  await bar.waitFor({ timeout: 30_000 });
  await advance(10);
  await tab.locator('milvus-import-monitor').getByText('Importing', { exact: false }).first().waitFor({ timeout: 30_000 });
  await advance(300);
  await tab.waitForFunction(done, null, { timeout: 30_000 });
  assert.equal(await bar.getAttribute('aria-valuenow'), '100');
}

/** The token went in as a property: requests were authorised, and no attribute holds it. */
async function assertTokenIsAProperty(tab) {
  const element = tab.locator('milvus-import-monitor');
  assert.equal(await element.getAttribute('token'), null);
  assert.equal(await element.evaluate((el) => el.token), TOKEN);
  assert.ok(!(await tab.content()).includes(TOKEN));
}

test('Vite (default settings): the admin page follows a job to Completed and hears the prefixed events', async (t) => {
  // Vite found the WebAssembly through new URL(…, import.meta.url) and emitted it as an asset.
  assert.ok(readdirSync(`${ROOT}/examples/vite/dist/assets`).some((name) => /^milvus_import_monitor_bg-.*\.wasm$/.test(name)));
  const { tab, jobId, errors, advance } = await openExample(t, 'examples/vite/dist');
  // The old, unprefixed names are never dispatched.
  await tab.evaluate(() => {
    window.unprefixed = [];
    for (const name of ['import-progress', 'import-complete', 'import-failed', 'import-error', 'import-batch-complete']) {
      document.querySelector('milvus-import-monitor').addEventListener(name, () => window.unprefixed.push(name));
    }
  });
  await followToEnd(tab, advance, () => window.received.some((e) => e.name === 'milvus-import-complete'));
  const received = await tab.evaluate(() => window.received);
  assert.ok(received.some((e) => e.name === 'milvus-import-progress' && e.state === 'Importing' && e.jobId === jobId), JSON.stringify(received));
  assert.ok(received.some((e) => e.name === 'milvus-import-complete' && e.state === 'Completed' && e.progress === 100));
  // A request slower than its deadline on a loaded machine would add a milvus-import-error, which
  // is no fault here: what matters is that the job never read as failed and no old name fired.
  assert.ok(!received.some((e) => e.name === 'milvus-import-failed'), JSON.stringify(received));
  assert.deepEqual(await tab.evaluate(() => window.unprefixed), []);
  await assertTokenIsAProperty(tab);
  // hide-form: no form; the host page's ::part(bar) rule reached the bar inside the shadow root.
  assert.equal(await tab.locator('milvus-import-monitor').locator('[part="form"]').count(), 0);
  const barHeight = await tab.locator('milvus-import-monitor').locator('[part="bar"]').evaluate((el) => getComputedStyle(el).height);
  assert.equal(barHeight, '14px');
  assert.deepEqual(errors, []);
});

test('webpack 5 (no configuration): the same page bundled by webpack follows a job to Completed', async (t) => {
  assert.ok(readdirSync(`${ROOT}/examples/webpack/dist`).some((name) => name.endsWith('.wasm')), 'webpack emitted the wasm as an asset');
  // Served from the example's folder: its index.html loads dist/main.js.
  const { tab, errors, advance } = await openExample(t, 'examples/webpack');
  await followToEnd(tab, advance, () => window.received.some((e) => e.name === 'milvus-import-complete'));
  const received = await tab.evaluate(() => window.received);
  assert.ok(received.some((e) => e.name === 'milvus-import-progress'));
  await assertTokenIsAProperty(tab);
  assert.deepEqual(errors, []);
});

for (const framework of ['react', 'vue']) {
  test(`${framework}: the token set as a property, the events through the framework's own handlers`, async (t) => {
    const { tab, errors, advance } = await openExample(t, `examples/${framework}/dist`);
    const status = tab.getByRole('status').first();
    await followToEnd(tab, advance, () => document.querySelector('[role=status]')?.textContent.startsWith('completed'));
    // The handler of milvus-import-complete wrote the job's rows (the stand-in imports 2 files).
    assert.match(await status.textContent(), /^completed: \d+ rows$/);
    assert.ok(!/^completed: 0 rows$/.test(await status.textContent()));
    await assertTokenIsAProperty(tab);
    // The framework set hide-form and job-id as attributes.
    assert.equal(await tab.locator('milvus-import-monitor').getAttribute('hide-form'), '');
    assert.equal(await tab.locator('milvus-import-monitor').locator('[part="form"]').count(), 0);
    assert.deepEqual(errors, []);
  });
}

test('Vite: when the WebAssembly cannot load, the element says so and dispatches milvus-import-error (kind "load")', async (t) => {
  const sim = await startSim(['--serve', `${ROOT}/examples/vite/dist`]);
  t.after(sim.stop);
  const browser = await launch(t);
  const tab = await (await browser.newContext()).newPage();
  await tab.route('**/*.wasm', (route) => route.abort());
  await tab.goto(`${sim.url}/?endpoint=${encodeURIComponent(sim.url)}&jobId=462422016000000000`);
  await tab.waitForFunction(() => window.received?.some((e) => e.name === 'milvus-import-error'), null, { timeout: 30_000 });
  const received = await tab.evaluate(() => window.received);
  assert.deepEqual(received.map((e) => [e.name, e.kind]), [['milvus-import-error', 'load']]);
  assert.match(await tab.locator('milvus-import-monitor').evaluate((el) => el.shadowRoot.textContent), /could not load its WebAssembly/);
});
