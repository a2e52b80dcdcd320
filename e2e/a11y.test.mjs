// Accessibility and layout: axe (WCAG 2.1 A/AA) on the form, the job view, the file table, the
// job list and the create form, in light and dark; full keyboard use; a polite live region;
// no animation; no sideways scrolling at 375 px or on a desktop. Also takes the README's
// screenshots (into docs/screenshots/ with UPDATE_SCREENSHOTS=1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSim, launch, DIST, ROOT, createJob, watch, jobBar, axeViolations, screenshot } from './helpers.mjs';

async function demo(t) {
  const sim = await startSim(['--demo', '--serve', DIST]);
  t.after(sim.stop);
  const id = (label) => sim.printed.find((l) => l.includes(`(${label}`)).split(' ')[1];
  return { sim, id };
}

for (const scheme of ['light', 'dark']) {
  test(`axe finds no violation in any view (${scheme})`, async (t) => {
    const { sim, id } = await demo(t);
    const browser = await launch(t);
    const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 1200, height: 900 } });
    const audit = async (view) => assert.deepEqual(await axeViolations(page), [], `${view} (${scheme})`);

    await page.goto(`${sim.url}/`);
    await page.getByLabel('Endpoint', { exact: true }).waitFor();
    await audit('the empty form');
    if (scheme === 'light') await screenshot(page, 'form');

    await watch(page, { endpoint: sim.url, jobId: id('running'), interval: '1' });
    await jobBar(page).waitFor();
    // Audited (and photographed) once every field of a writing job is there.
    await page.locator('.facts .eta').waitFor({ timeout: 60_000 });
    await audit('a running job with its file table');
    await screenshot(page, scheme === 'light' ? 'running' : 'dark', { fullPage: true });

    await watch(page, { endpoint: sim.url, jobId: id('failed') });
    await page.getByRole('note').filter({ hasText: 'as the server sent it' }).waitFor();
    await audit('a failed job');
    if (scheme === 'light') await screenshot(page, 'failed', { fullPage: true });

    await watch(page, { endpoint: sim.url, jobId: id('finalising') });
    await page.getByText('All rows written').waitFor();
    await audit('a finalising job');
    if (scheme === 'light') await screenshot(page, 'finalising');

    await page.getByRole('tab', { name: 'All jobs' }).click();
    await page.getByRole('button', { name: `Watch job ${id('completed')}` }).waitFor();
    await audit('the job list');
    if (scheme === 'light') await screenshot(page, 'job-list');

    await page.getByRole('tab', { name: 'New import' }).click();
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('alert').waitFor();
    await audit('the create form with an error');
  });
}

test('keyboard: tab order, Enter watches, Escape stops; a polite live region; no bar animates', async (t) => {
  const { sim, id } = await demo(t);
  const browser = await launch(t);
  const page = await browser.newPage({ reducedMotion: 'reduce' });
  await page.goto(`${sim.url}/`);
  await page.getByLabel('Endpoint', { exact: true }).waitFor();
  const order = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => {
      const el = document.activeElement;
      return el.labels?.[0]?.textContent.trim() || el.textContent.trim() || el.getAttribute('aria-label');
    }));
  }
  assert.deepEqual(order, ['Endpoint', 'Token', 'Remember on this device', 'Job ID', 'Database', 'Poll every (s)', 'Stall alert after (min)', 'Watch']);

  await page.getByLabel('Endpoint', { exact: true }).fill(sim.url);
  await page.getByLabel('Job ID', { exact: true }).fill(id('running'));
  await page.getByLabel('Job ID', { exact: true }).press('Enter');
  await jobBar(page).waitFor();
  assert.match(await page.locator('.status').innerText(), /Polling every/);
  const live = page.locator('.sr-only[aria-live="polite"]');
  await page.waitForFunction(() => document.querySelector('.sr-only[aria-live="polite"]')?.textContent.includes('writing rows'));
  assert.match(await live.innerText(), new RegExp(`^Job ${id('running')}: Importing, writing rows\\.$`));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('.status')?.textContent === 'Stopped.');
  // No bar animates, reduced motion or not (a gliding bar re-laid out the table every frame).
  const transitions = await page.evaluate(() => [...document.querySelectorAll('.bar-fill')].map((fill) => getComputedStyle(fill).transitionDuration));
  assert.ok(transitions.length > 1, 'the job bar and the rows\' bars are shown');
  assert.deepEqual([...new Set(transitions)], ['0s'], 'no bar animates');

  // The sort buttons and tabs work from the keyboard too.
  await page.getByRole('button', { name: 'Size' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.getByRole('columnheader', { name: 'Size' }).getAttribute('aria-sort'), 'ascending');
});

for (const [name, width] of [['phone', 375], ['desktop', 1280]]) {
  test(`layout at ${width} px: no sideways scroll; the table scrolls in its own box`, async (t) => {
    const { sim, id } = await demo(t);
    const browser = await launch(t);
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    await page.goto(`${sim.url}/?endpoint=${sim.url}&jobId=${id('running')}`);
    await page.getByRole('region', { name: 'Files' }).waitFor();
    const sizes = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      view: document.documentElement.clientWidth,
      box: document.querySelector('.table-scroll').clientWidth,
      table: document.querySelector('.table-scroll table').scrollWidth,
    }));
    assert.ok(sizes.page <= sizes.view, `the page scrolls sideways: ${JSON.stringify(sizes)}`);
    if (name === 'phone') {
      assert.ok(sizes.table > sizes.box, `the wide table scrolls inside its box: ${JSON.stringify(sizes)}`);
      await screenshot(page, 'phone', { fullPage: true });
    }
  });
}

test('the embedded widget in the admin example (screenshot)', async (t) => {
  const sim = await startSim(['--demo', '--serve', ROOT]);
  t.after(sim.stop);
  const browser = await launch(t);
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const running = sim.printed.find((l) => l.includes('(running')).split(' ')[1];
  await page.goto(`${sim.url}/examples/admin.html?endpoint=${sim.url}&jobId=${running}`);
  await page.waitForFunction(() => window.monitorReady === true);
  await page.getByRole('button', { name: 'Follow job' }).click();
  await page.locator('milvus-import-monitor').getByRole('progressbar', { name: 'Job progress' }).waitFor();
  await page.locator('milvus-import-monitor').locator('.facts .eta').waitFor({ timeout: 60_000 });
  assert.deepEqual(await axeViolations(page), [], 'the embedded widget');
  await screenshot(page, 'embedded');
});
