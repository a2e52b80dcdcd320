// The page cut into parts (issue 35; src/view/lazy.rs, scripts/build-page.sh), served by the
// stand-in: the form and the tabs are usable while the parts' modules are held; the page asks
// for the parts one after another once the form is drawn, each once, the page's engine first
// (every reducer, the job's view, the list and the create form, the requests to Milvus); a
// watch that waits for the engine, or a view whose part has not arrived, says so and is done or
// drawn when it arrives. A part whose module
// cannot be fetched says why and offers a retry that loads it (a view, the history's keeper,
// the engine); one served with another type than application/wasm is read all the same.
// The one-file page, opened from disk, holds every part: using every view fetches nothing.
// The parts' loader, which the glue imports, is preloaded with the glue, not asked for after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, launch, startSim, openPage, watch, jobBar } from './helpers.mjs';

const PARTS = ['engine', 'batch', 'history'];
const simCreate = async (sim, body) => (await (await fetch(`${sim.url}/_sim/create`, { method: 'POST', body: JSON.stringify(body) })).json()).jobId;
const JOB = { files: [['p/a.parquet'], ['p/b.parquet']], rows: 20_000, rowsPerSec: 10_000 };
const tab = (page, name) => page.getByRole('tab', { name, exact: true });

/** A stand-in started with `args` and a page in a browser of its own, both stopped after `t`;
 *  `errors` collects the page's uncaught errors. */
async function simAndPage(t, args) {
  const sim = await startSim(args);
  t.after(sim.stop);
  const errors = [];
  const page = await openPage(await launch(t), errors);
  return { sim, page, errors };
}

/** Holds each part's own module (`split_<part>.wasm`) until `release(part)`; records what was asked. */
async function holdParts(page) {
  const asked = [];
  const gates = new Map(PARTS.map((part) => {
    let open, ask;
    const opened = new Promise((resolve) => { open = resolve; });
    const wanted = new Promise((resolve) => { ask = resolve; });
    return [part, { open, opened, ask, wanted }];
  }));
  await page.route(/\/parts-[0-9a-f]+\/split_(\w+)\.wasm$/, async (route) => {
    const part = route.request().url().match(/split_(\w+)\.wasm$/)[1];
    // The history's keeper (not a view) is fetched as well, and not held.
    if (!gates.has(part)) return route.continue();
    asked.push(part);
    gates.get(part).ask();
    await gates.get(part).opened;
    await route.continue();
  });
  return { asked, release: (part) => gates.get(part).open(), wanted: (part) => gates.get(part).wanted };
}

/** Waits for `view` after checking that `placeholder` stands in for it until the part is released. */
async function drawnOnArrival(page, hold, part, placeholder, view) {
  const waiting = page.getByRole('status').filter({ hasText: placeholder });
  await waiting.waitFor();
  assert.equal(await view.count(), 0, `the ${part} view waits for its part`);
  hold.release(part);
  await view.first().waitFor();
  assert.equal(await waiting.count(), 0, `the ${part} placeholder is gone`);
}

test('the parts are fetched after the form is drawn, each once, and each shown when it arrives; the form works meanwhile', async (t) => {
  const { sim, page, errors } = await simAndPage(t, ['--serve', DIST, '--speed', '0.000001']);
  const [first, second] = [await simCreate(sim, JOB), await simCreate(sim, JOB)];
  const hold = await holdParts(page);
  await page.goto(`${sim.url}/index.html`);

  // Bounded like Playwright's own waits, so a part never asked for fails the test, not the run.
  const asked = async (part) => {
    let bound;
    await Promise.race([hold.wanted(part), new Promise((_, reject) => {
      bound = setTimeout(() => reject(new Error(`parts asked for: ${hold.asked.join(', ')}`)), 30_000);
    })]).finally(() => clearTimeout(bound));
  };
  // The page asks for its engine once the form is drawn (the first of the parts it fetches one
  // after another); held, the form and the tabs work all the same, and History is drawn by its
  // own part.
  await page.getByLabel('Endpoint', { exact: true }).fill(sim.url);
  await asked('engine');
  assert.deepEqual(hold.asked, ['engine'], 'the engine asked for first, before anything is watched');
  await tab(page, 'History').click();
  assert.equal(await tab(page, 'History').getAttribute('aria-selected'), 'true', 'the tabs work without the engine');
  await drawnOnArrival(page, hold, 'history', 'Loading the History view', page.locator('.history-usage'));
  // A watch waits for the engine, and says so; the job is shown when it arrives.
  await tab(page, 'Job').click();
  await watch(page, { endpoint: sim.url, jobId: first });
  await drawnOnArrival(page, hold, 'engine', "Loading the page's engine", jobBar(page));
  // The job list and the create form come with it.
  await tab(page, 'All jobs').click();
  await page.locator('section.jobs').waitFor();
  await tab(page, 'New import').click();
  await page.locator('section.create').waitFor();
  await tab(page, 'Job').click();
  await watch(page, { endpoint: sim.url, jobId: `${first}\n${second}` });
  await drawnOnArrival(page, hold, 'batch', 'Loading the batch view', page.locator('.batch'));
  assert.deepEqual([...hold.asked].sort(), [...PARTS].sort(), 'each part asked for once, whether prefetched or used first');
  assert.deepEqual(errors, []);
});

test('the glue and the parts\' loader it imports are both asked for from the page, neither waiting for the other', async (t) => {
  const { sim, page, errors } = await simAndPage(t, ['--serve', DIST]);
  // The glue is held until the loader is asked for: preloaded, the loader is asked for from the
  // page itself; imported only, it would be asked for once the glue had arrived, which it has not.
  let loaderAsked, glueReleased = false;
  const asked = new Promise((resolve) => { loaderAsked = resolve; });
  await page.route(/\/parts-[0-9a-f]+\/__wasm_split\.js$/, (route) => { loaderAsked(glueReleased); return route.continue(); });
  await page.route(/\/parts-[0-9a-f]+\/app\.js$/, async (route) => {
    let bound;
    await Promise.race([asked, new Promise((resolve) => { bound = setTimeout(resolve, 30_000); })]).finally(() => clearTimeout(bound));
    glueReleased = true;
    await route.continue();
  });
  await page.goto(`${sim.url}/index.html`, { waitUntil: 'commit' });
  assert.equal(await asked, false, 'the loader was asked for while the glue was held');
  await page.getByLabel('Endpoint', { exact: true }).waitFor();
  assert.deepEqual(errors, []);
});

test('History keeps its search while another tab is open: its state waits in the root, its code in its part', async (t) => {
  const { sim, page, errors } = await simAndPage(t, ['--serve', DIST, '--speed', '0.000001']);
  const id = await simCreate(sim, JOB);
  await page.goto(`${sim.url}/index.html`);
  await watch(page, { endpoint: sim.url, jobId: id });
  await jobBar(page).waitFor();
  // The job is kept as soon as it is shown; the tab reads what is kept each time it is opened.
  const row = page.locator('.history-table tbody tr');
  for (let visit = 0; visit < 50 && await row.count() === 0; visit += 1) {
    await tab(page, 'History').click();
    await page.locator('.history-usage').waitFor();
    if (await row.count() === 0) await tab(page, 'Job').click();
  }
  assert.ok(await row.count() > 0, 'the watched job is kept and listed');
  const search = page.locator('.history-filters input[type="search"]');
  await search.fill(id.slice(-5));
  await page.getByRole('status').filter({ hasText: /^1 of 1 shown/ }).waitFor();
  await tab(page, 'Job').click();
  await jobBar(page).waitFor();
  assert.equal(await search.count(), 0, 'History is not drawn under the Job tab');
  await tab(page, 'History').click();
  await page.getByRole('status').filter({ hasText: /^1 of 1 shown/ }).waitFor();
  assert.equal(await search.inputValue(), id.slice(-5), 'the search as it was left');
  assert.deepEqual(errors, []);
});

test('a part that cannot be fetched says so, and loads on retry; so does the history\'s keeper', async (t) => {
  const { sim, page, errors } = await simAndPage(t, ['--serve', DIST]);
  const failing = new Set(['history', 'keeper']);
  const refused = [];
  await page.route(/\/split_(history|keeper)\.wasm$/, async (route) => {
    const part = route.request().url().match(/split_(\w+)\.wasm$/)[1];
    if (!failing.has(part)) return route.continue();
    refused.push(part);
    return route.abort('connectionrefused');
  });
  await page.goto(`${sim.url}/index.html`);
  await tab(page, 'History').click();
  const alert = page.getByRole('alert').filter({ hasText: 'Could not load the History view' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /network or the server that hosts this page/);
  assert.ok(refused.includes('history'));
  // The rest of the page still works.
  await page.getByLabel('Endpoint', { exact: true }).fill(sim.url);

  // The view arrives on retry; what it shows comes from the keeper, which is still refused.
  failing.delete('history');
  await page.getByRole('button', { name: 'Try again' }).click();
  const noKeeper = page.getByRole('alert').filter({ hasText: 'the code that keeps it could not be fetched' });
  await noKeeper.waitFor();
  assert.equal(await alert.count(), 0);
  assert.ok(refused.includes('keeper'));

  // The keeper is asked for again when the tab next reads the history.
  failing.delete('keeper');
  await tab(page, 'Job').click();
  await tab(page, 'History').click();
  await page.locator('.history-usage').waitFor();
  assert.equal(await noKeeper.count(), 0);
  assert.deepEqual(errors, [], 'no panic: a missing part is a message');
});

test('the page\'s engine, refused, is said when a watch waits for it, and the job is watched on retry', async (t) => {
  const { sim, page, errors } = await simAndPage(t, ['--serve', DIST, '--speed', '0.000001']);
  const job = await simCreate(sim, JOB);
  let refusing = true;
  const refused = [];
  await page.route(/\/split_engine\.wasm$/, async (route) => {
    if (!refusing) return route.continue();
    refused.push(route.request().url());
    return route.abort('connectionrefused');
  });
  await page.goto(`${sim.url}/index.html`);
  await watch(page, { endpoint: sim.url, jobId: job });
  const alert = page.getByRole('alert').filter({ hasText: "Could not load the page's engine" });
  await alert.waitFor();
  assert.match(await alert.innerText(), /network or the server that hosts this page/);
  assert.ok(refused.length > 0);
  // Nothing was asked of the server: no job bar, and the form still works.
  assert.equal(await jobBar(page).count(), 0);
  await page.getByLabel('Endpoint', { exact: true }).fill(`${sim.url}/`);
  await page.getByLabel('Endpoint', { exact: true }).fill(sim.url);

  refusing = false;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await jobBar(page).waitFor();
  assert.equal(await alert.count(), 0);
  assert.deepEqual(errors, [], 'no panic: a missing part is a message');
});

test('the exports, refused, are said on a click and written on the next', async (t) => {
  const { sim, page, errors } = await simAndPage(t, ['--serve', DIST]);
  const job = await simCreate(sim, JOB);
  let refusing = true;
  await page.route(/\/split_writers\.wasm$/, (route) => (refusing ? route.abort('connectionrefused') : route.continue()));
  await page.goto(`${sim.url}/index.html`);
  await watch(page, { endpoint: sim.url, jobId: job });
  await jobBar(page).waitFor();

  await page.getByRole('button', { name: 'Export JSON' }).click();
  const said = page.getByRole('status').filter({ hasText: 'Could not load the exports' });
  await said.waitFor();
  assert.match(await said.innerText(), /network or the server that hosts this page/);

  refusing = false;
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  assert.equal(json.suggestedFilename(), `import-job-${job}.json`);
  const text = await (await json.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString());
  assert.ok(text.includes(job), 'the job written');
  assert.deepEqual(errors, []);
});

test('a host that serves the parts with another type than application/wasm still serves the page', async (t) => {
  const { sim, page, errors } = await simAndPage(t, ['--serve', DIST]);
  const retyped = [];
  await page.route(/\/parts-[0-9a-f]+\/(split|chunk)_\w+\.wasm$/, async (route) => {
    const response = await route.fetch();
    retyped.push(route.request().url());
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  await page.goto(`${sim.url}/index.html`);
  await tab(page, 'History').click();
  await page.locator('.history-usage').waitFor();
  assert.ok(retyped.some((url) => url.endsWith('/split_history.wasm')), 'the part came as application/octet-stream');
  assert.deepEqual(errors, []);
});

test('the one-file page, opened from disk, draws every part with no request for one', async (t) => {
  const { sim, page, errors } = await simAndPage(t, ['--speed', '0.000001']);
  const [first, second] = [await simCreate(sim, JOB), await simCreate(sim, JOB)];
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  const file = pathToFileURL(join(DIST, 'milvus-import-monitor.html')).href;
  await page.goto(file);

  await watch(page, { endpoint: sim.url, jobId: first });
  await jobBar(page).waitFor();
  await watch(page, { endpoint: sim.url, jobId: `${first}\n${second}` });
  await page.locator('.batch').waitFor();
  await tab(page, 'All jobs').click();
  await page.locator('section.jobs').waitFor();
  await tab(page, 'New import').click();
  await page.locator('section.create').waitFor();
  await tab(page, 'History').click();
  await page.locator('.history-usage').waitFor();
  const fetched = requests.filter((url) => url !== file && !url.startsWith(sim.url));
  assert.deepEqual(fetched, [], 'nothing but the file and the API');
  assert.equal(await page.getByRole('status').filter({ hasText: /^Loading the/ }).count(), 0);
  assert.deepEqual(errors, []);
});
