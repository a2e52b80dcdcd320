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

    // The jobs watched above, kept in this browser: the list, a collection's trend, a comparison.
    await page.getByRole('tab', { name: 'History' }).click();
    await page.locator('.history-table tbody tr').first().waitFor();
    await page.locator('.history-filters label', { hasText: 'Collection' }).locator('select').selectOption('book_embeddings');
    for (const box of (await page.getByRole('checkbox', { name: /^Compare job / }).all()).slice(0, 2)) await box.check();
    await page.locator('.history-compare').waitFor();
    await audit('the history with a trend and a comparison');
  });
}

test('keyboard: tab order, Enter watches, Escape stops; a polite live region; no bar animates', async (t) => {
  const { sim, id } = await demo(t);
  const browser = await launch(t);
  const page = await browser.newPage({ reducedMotion: 'reduce' });
  await page.goto(`${sim.url}/`);
  await page.getByLabel('Endpoint', { exact: true }).waitFor();
  const order = [];
  for (let i = 0; i < 11; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => {
      const el = document.activeElement;
      return el.labels?.[0]?.textContent.trim() || el.textContent.trim() || el.getAttribute('aria-label');
    }));
  }
  // The everyday fields first; naming the connection and adding servers after them.
  assert.deepEqual(order, ['Endpoint', 'Token', 'Remember on this device', 'Job ID', 'Database', 'Poll every (s)', 'Stall alert after (min)', 'Name', 'Add a server', 'Log link', 'Watch']);

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

test('keyboard only: every tab is reached by Tab and the arrow keys, and an import is started', async (t) => {
  const { sim } = await demo(t);
  const browser = await launch(t);
  const page = await browser.newPage();
  await page.goto(`${sim.url}/`);
  await page.getByLabel('Endpoint', { exact: true }).waitFor();
  // A fresh page offers nothing to export or be notified of, and no placeholder reads as a value.
  assert.equal(await page.getByRole('checkbox', { name: 'Notify me when it ends' }).count(), 0);
  for (const label of ['Endpoint', 'Job ID', 'Database']) {
    assert.match(await page.getByLabel(label, { exact: true }).getAttribute('placeholder'), /^e\.g\. /, label);
  }
  const active = () => page.evaluate(() => {
    const el = document.activeElement;
    return { role: el.getAttribute('role'), text: el.labels?.[0]?.textContent.trim() || el.textContent.trim(), selected: el.getAttribute('aria-selected') };
  });
  const tabUntil = async (wanted) => {
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const now = await active();
      if (wanted(now)) return now;
    }
    throw new Error('not reached by Tab');
  };
  await tabUntil((el) => el.text === 'Endpoint');
  await page.keyboard.type(sim.url);
  // The tab list: one Tab stop (the selected tab), then the arrow keys, as the ARIA tabs pattern has it.
  const job = await tabUntil((el) => el.role === 'tab');
  assert.deepEqual(job, { role: 'tab', text: 'Job', selected: 'true' });
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await active(), { role: 'tab', text: 'All jobs', selected: 'true' });
  await page.getByRole('button', { name: /^Watch job / }).first().waitFor();
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await active(), { role: 'tab', text: 'New import', selected: 'true' });
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await active(), { role: 'tab', text: 'History', selected: 'true' });
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await active(), { role: 'tab', text: 'Job', selected: 'true' }, 'the arrows wrap');
  await page.keyboard.press('End');
  assert.deepEqual(await active(), { role: 'tab', text: 'History', selected: 'true' });
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await active(), { role: 'tab', text: 'New import', selected: 'true' });
  // Into the create form, filled and submitted from the keyboard alone.
  await tabUntil((el) => el.text === 'Collection');
  await page.keyboard.type('book_embeddings');
  await tabUntil((el) => el.text === 'Files');
  await page.keyboard.type('keyboard/part-1.parquet');
  await tabUntil((el) => el.text === 'Start import');
  await page.keyboard.press('Enter');
  await jobBar(page).waitFor();
  assert.match(await page.locator('.job h2').innerText(), /^Job \d+$/);
  // Escape stops watching wherever the focus is, not only in a field.
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('.status')?.textContent === 'Stopped.');
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
    // The file timeline's labels keep a readable size (they scaled to ~5 px at 375 px), and a
    // file name breaks only after a "/", never inside a name.
    await page.locator('.timeline-plot text').first().waitFor({ timeout: 60_000 });
    const label = await page.evaluate(() => {
      const svg = document.querySelector('.timeline-plot');
      svg.scrollIntoView();
      return (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width) * parseFloat(getComputedStyle(svg.querySelector('text')).fontSize);
    });
    assert.ok(label >= 9, `timeline labels drawn at ${label.toFixed(1)} px`);
    const broken = await page.evaluate(() => [...document.querySelectorAll('.files td.file .path')].flatMap((path) => {
      // Each part of the path up to its slash, and whether its characters sit on two lines.
      const range = document.createRange();
      const walker = document.createTreeWalker(path, NodeFilter.SHOW_TEXT);
      const lines = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (rect) lines.push([node.data[i], Math.round(rect.top)]);
        }
      }
      const names = [];
      let current = [];
      for (const [ch, top] of lines) {
        current.push(top);
        if (ch === '/') { names.push(current); current = []; }
      }
      names.push(current);
      return names.filter((tops) => new Set(tops).size > 1).map(() => path.textContent);
    }));
    assert.deepEqual(broken, [], 'names broken across lines');
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
