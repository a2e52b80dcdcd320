// Every server version the stand-in imitates, through the page as a person uses it: a job that
// completes, a job that fails, a job that does not exist; and the describe → get_progress
// fallback on servers before 2.4.13.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSim, launch, DIST, createJob, watch, jobBar } from './helpers.mjs';

const PROFILES = ['2.4.0', '2.4.3', '2.4.5', '2.4.13', '2.5', '2.6', '2.6.6', '3.0', 'cloud'];

for (const profile of PROFILES) {
  test(`profile ${profile}: completes, fails, does not exist`, async (t) => {
    const cloud = profile === 'cloud';
    const sim = await startSim(['--profile', profile, '--speed', '10', '--serve', DIST]);
    t.after(sim.stop);
    const browser = await launch(t);
    const pageUrl = `${sim.url}/${cloud ? '?clusterId=in01-sim' : ''}`;
    const clusterId = cloud ? 'in01-sim' : undefined;

    const okFiles = ['ok/part-1.parquet', 'ok/part-2.parquet', 'ok/part-3.parquet', 'ok/part-4.parquet', 'ok/part-5.parquet', 'ok/part-6.parquet'];
    const done = await createJob(sim.url, okFiles, { cloud });
    const failed = await createJob(sim.url, ['bad/part-1.parquet', 'bad/corrupt-2.json'], { cloud });
    const missing = cloud ? 'job-doesnotexist000000000' : '461829374610000000';

    const journey = async (jobId, check) => {
      const page = await browser.newPage();
      const responses = [];
      // The import API's calls only (the readiness reads have their own test).
      page.on('response', (r) => {
        const path = new URL(r.url()).pathname;
        if (path.includes('/jobs/import/')) responses.push([path.split('/').pop(), r.status()]);
      });
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pageUrl);
      await watch(page, { endpoint: sim.url, jobId, clusterId });
      await check(page);
      assert.deepEqual(errors, []);
      return responses;
    };

    const [completedResponses] = await Promise.all([
      journey(done, async (page) => {
        const bar = jobBar(page);
        await page.waitForFunction(() => document.querySelector('[aria-label="Job progress"]')?.getAttribute('aria-valuenow') === '100', null, { timeout: 60_000 });
        assert.equal(await bar.getAttribute('aria-valuetext'), 'Completed, 100 %');
        const rows = page.getByRole('region', { name: 'Files' }).getByRole('row');
        assert.equal(await rows.count(), okFiles.length + 1, 'a header row and one row per file group');
        for (const path of okFiles) {
          const row = rows.filter({ hasText: path });
          assert.equal(await row.getAttribute('data-state'), 'Completed');
        }
        assert.match(await page.locator('.status').innerText(), /Final state reached/);
        const rowsShown = await page.locator('.facts div').filter({ hasText: 'Rows' }).locator('dd').innerText();
        // Zilliz Cloud reports no rows written: unknown, never "0 / N".
        if (cloud) assert.match(rowsShown, /^— \/ [\d,]+$/, rowsShown);
        else assert.match(rowsShown, /^([\d,]+) \/ \1$/, rowsShown);
      }),
      journey(failed, async (page) => {
        const reason = page.getByRole('note').filter({ hasText: 'as the server sent it' });
        await reason.waitFor({ timeout: 60_000 });
        assert.match(await reason.innerText(), /dim mismatch/);
        assert.equal(await jobBar(page).getAttribute('aria-valuenow'), '0');
        // Failed in pre-import: no file listed, the file named from the reason.
        assert.equal(await page.locator('.job .reason-file dd').innerText(), 'bad/corrupt-2.json');
        assert.match(await page.locator('.files').innerText(), /failed before the server listed its files; the reason names bad\/corrupt-2\.json/);
      }),
      journey(missing, async (page) => {
        const alert = page.getByRole('alert');
        await alert.waitFor({ timeout: 30_000 });
        const text = await alert.innerText();
        assert.match(text, /does not exist on this server/);
        assert.match(text, /retention time/);
      }),
    ]);

    // Nothing the monitor did crashed the server (2.4.0–2.4.4 die on an unknown job), and on
    // a server without describe the unknown job was never asked for.
    const stats = await (await fetch(`${sim.url}/_sim/stats`)).json();
    assert.equal(stats.crashes, 0, 'the monitor crashed the server');
    if (['2.4.0', '2.4.3', '2.4.5'].includes(profile)) assert.equal(stats.byJob[missing], undefined, JSON.stringify(stats.byJob));
    const progressCalls = completedResponses.filter(([op]) => ['describe', 'get_progress', 'getProgress'].includes(op));
    if (['2.4.0', '2.4.3', '2.4.5'].includes(profile)) {
      assert.deepEqual(progressCalls[0], ['describe', 404], 'describe first');
      assert.equal(progressCalls.filter(([op]) => op === 'describe').length, 1, 'the fallback is remembered');
      assert.ok(progressCalls.slice(1).every(([op, status]) => op === 'get_progress' && status === 200), JSON.stringify(progressCalls));
    } else {
      const expected = cloud ? 'getProgress' : 'describe';
      // One call is enough when the job finished before the page first asked (a slow machine).
      assert.ok(progressCalls.length >= 1 && progressCalls.every(([op, status]) => op === expected && status === 200), JSON.stringify(progressCalls));
    }
  });
}
