// The 1,024-group demo job, whose file table draws only the rows in its box's view (issue 19):
// what users relied on when every row was drawn still works. Finding a file by name, the
// table's size and each row's place for a screen reader, keyboard scrolling, sorting, the CSV
// export of every row, and axe at zero.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startSim, launch, DIST, watch, axeViolations } from './helpers.mjs';

const TOTAL = 1024;

/** The drawn rows' `aria-rowindex`, in order, and the table's `aria-rowcount`. */
const drawn = (page) => page.evaluate(() => ({
  count: Number(document.querySelector('.files table').getAttribute('aria-rowcount')),
  rows: [...document.querySelectorAll('.files tbody tr[aria-rowindex]')].map((r) => Number(r.getAttribute('aria-rowindex'))),
  spacers: document.querySelectorAll('.files tbody tr.spacer[aria-hidden="true"]').length,
}));

const contiguous = (rows) => rows.every((r, i) => i === 0 || r === rows[i - 1] + 1);

test('1,024 file groups: rows in view only; find, screen-reader semantics, keyboard, sort, export, axe', async (t) => {
  const sim = await startSim(['--demo', '--serve', DIST]);
  t.after(sim.stop);
  const jobId = sim.printed.find((l) => l.includes('(1,024 file groups')).split(' ')[1];
  const browser = await launch(t);
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(`${sim.url}/`);
  await watch(page, { endpoint: sim.url, jobId, interval: '1' });
  await page.locator(`.files table[aria-rowcount="${TOTAL + 1}"]`).waitFor({ timeout: 60_000 });

  // Semantics: the whole table's size, the header as row 1, the drawn rows in place.
  const top = await drawn(page);
  assert.equal(top.count, TOTAL + 1);
  assert.equal(await page.locator('.files thead tr').getAttribute('aria-rowindex'), '1');
  assert.equal(top.rows[0], 2);
  assert.ok(top.rows.length >= 10 && top.rows.length < 100, `${top.rows.length} rows drawn of ${TOTAL}`);
  assert.ok(contiguous(top.rows));
  assert.equal(top.spacers, 1, 'one spacer, below');
  assert.equal(await page.getByRole('table').count(), 1);

  // Keyboard: the table's box takes focus, End and Home scroll it and the rows follow; Tab
  // goes on to the sort buttons.
  const box = page.getByRole('region', { name: 'File table' });
  await box.focus();
  await page.keyboard.press('End');
  await page.waitForFunction((last) => document.querySelector(`.files tr[aria-rowindex="${last}"]`), TOTAL + 1);
  const bottom = await drawn(page);
  assert.ok(contiguous(bottom.rows) && bottom.rows.at(-1) === TOTAL + 1 && bottom.rows.length < 100, JSON.stringify(bottom.rows));
  assert.ok(await page.locator(`.files tr[aria-rowindex="${TOTAL + 1}"]`).isVisible());
  // Mid-scroll: audited with a spacer either side.
  await box.evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
  await page.waitForFunction(() => document.querySelectorAll('.files tbody tr.spacer').length === 2);
  assert.deepEqual(await axeViolations(page), [], 'axe, scrolled to the middle of the table');
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.querySelector('.files tr[aria-rowindex="2"]'));
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'File ▲');

  // Sort: File again, descending; the first row is now the last name, numbers read by value
  // (bulk/1023 after bulk/999, where text order put bulk/999 last).
  await page.keyboard.press('Enter');
  await page.locator('.files th[aria-sort="descending"]').filter({ hasText: 'File' }).waitFor();
  const firstName = () => page.locator('.files tr[aria-rowindex="2"] td.file').innerText();
  assert.match(await firstName(), /bulk\/1023\/id\.npy/);
  await page.getByRole('button', { name: /^Size/ }).click();
  await page.locator('.files th[aria-sort="ascending"]').filter({ hasText: 'Size' }).waitFor();

  // Find a file far down the table: one row, and the status says so.
  const find = page.getByRole('searchbox', { name: 'Find a file by name or reason' });
  await find.fill('BULK/777/');
  await page.locator('.files table[aria-rowcount="2"]').waitFor();
  assert.match(await page.locator('.files tr[aria-rowindex="2"]').innerText(), /bulk\/777\/id\.npy\s+bulk\/777\/vector\.npy/);
  assert.equal(await page.locator('#files-found').innerText(), `1 of 1,024 files match`);
  await find.fill('');
  await page.locator(`.files table[aria-rowcount="${TOTAL + 1}"]`).waitFor();
  assert.equal(await page.locator('#files-found').innerText(), '');

  // Export: every file, not the rows drawn.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const lines = (await readFile(await csv.path(), 'utf8')).trim().split('\r\n');
  assert.equal(lines.length, 1 + TOTAL, 'a header and a row per file group');

  assert.deepEqual(await axeViolations(page), [], 'axe, at the top');
});
