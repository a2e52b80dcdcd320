// The shipped page (dist/, a release build) served by the stand-in as `make demo` does: a demo
// job visibly progresses, every file row is there, and the demo's failed job shows its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from '../tools/node_modules/playwright-core/index.mjs';
import { startSim, chromiumArgs } from './sim.mjs';

const DIST = process.env.DIST_DIR ?? 'dist';

test('make demo serves a page on which a demo job visibly progresses', async (t) => {
  const sim = await startSim(['--demo', '--serve', DIST]);
  t.after(sim.stop);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The page runs under its own Content-Security-Policy: any violation is a failure.
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });

  const running = sim.printed.find((l) => l.includes('(running, 12 files)')).split(' ')[1];
  await page.goto(`${sim.url}/?endpoint=${sim.url}&jobId=${running}&interval=1`);
  const bar = page.locator('.job').getByRole('progressbar', { name: 'Job progress' });
  await bar.waitFor();
  const shown = () => page.evaluate(() => ({
    progress: document.querySelector('.job [aria-label="Job progress"]')?.getAttribute('aria-valuenow'),
    rows: [...document.querySelectorAll('.facts div')].find((d) => d.querySelector('dt')?.textContent === 'Rows')?.querySelector('dd')?.textContent,
  }));
  const first = await shown();
  // Moving is a condition to wait for, not a time: the next polls bring it.
  await page.waitForFunction((first) => {
    const progress = document.querySelector('.job [aria-label="Job progress"]')?.getAttribute('aria-valuenow');
    const rows = [...document.querySelectorAll('.facts div')].find((d) => d.querySelector('dt')?.textContent === 'Rows')?.querySelector('dd')?.textContent;
    return Number(progress) > Number(first.progress) || (rows && rows !== first.rows);
  }, first, { timeout: 60_000 });
  const later = await shown();
  assert.ok(Number(later.progress) >= Number(first.progress), `progress went back: ${JSON.stringify([first, later])}`);
  assert.match(await bar.getAttribute('aria-valuetext'), /^Importing, (writing rows|sorting|building index), \d+ %$/);
  assert.equal(await page.locator('.files tbody tr').count(), 12);

  const failed = sim.printed.find((l) => l.includes('(failed)')).split(' ')[1];
  await page.goto(`${sim.url}/?endpoint=${sim.url}&jobId=${failed}`);
  await page.locator('.job .reason').waitFor();
  assert.match(await page.locator('.job .reason').innerText(), /dim mismatch/);
  // Failed in pre-import, as real servers fail bad data: the reason names the file.
  assert.equal(await page.locator('.job .reason-file dd').innerText(), 'imports/reviews/corrupt-0002.json');
  assert.equal(await page.locator('.files tbody tr').count(), 0);
  assert.deepEqual(errors, []);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.match(csp, /default-src 'none'/);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
});
