// Startup: navigation to the first rendered form, the monitor's page against the vanilla one,
// both served by the same stand-in, and against references that split the gap: the startup
// floor (Yew drawing the vanilla page's first screen) and the monitor's own first screen written
// by a script as the vanilla page writes its own. Part of make bench; `node bench/quick.mjs
// startup` alone.

import { mkdirSync, writeFileSync } from 'node:fs';
import { median } from './stats.mjs';

const FORM = 'form label[for="endpoint"]';

/**
 * Milliseconds from navigation to the form's first label, two ways: as the test harness sees it
 * (the measure, which includes the harness's own latency, the same for both pages) and
 * as the page itself sees it (a MutationObserver installed before the page's first script).
 */
async function firstForm(browser, url) {
  const page = await browser.newPage();
  await page.addInitScript((form) => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector(form)) return;
      window.__formShownAt = performance.now();
      observer.disconnect();
    }).observe(document, { subtree: true, childList: true });
  }, FORM);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector(FORM);
  const times = await page.evaluate(() => {
    const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
    return { seen: performance.now(), inPage: window.__formShownAt, wasmFetched: wasm ? wasm.responseEnd : null };
  });
  await page.close();
  return times;
}

/**
 * Writes `<dir>/first-screen/index.html`: the monitor's first screen as `url` draws it, inserted
 * by a module script as the vanilla page inserts its own, with `stylesheet` (a path relative to
 * the new page). What it costs over the vanilla page is what the monitor's richer first screen
 * costs to draw, with no framework and no wasm.
 */
export async function writeFirstScreen(browser, url, dir, stylesheet) {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForSelector(FORM);
  const markup = await page.evaluate(() => {
    document.querySelectorAll('noscript').forEach((n) => n.remove());
    return document.body.innerHTML.trim();
  });
  await page.close();
  mkdirSync(`${dir}/first-screen`, { recursive: true });
  writeFileSync(`${dir}/first-screen/index.html`, `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>The monitor's first screen, written by a script</title>
    <link rel="stylesheet" href="${stylesheet}" />
  </head>
  <body>
    <script type="module">
      document.body.insertAdjacentHTML('beforeend', ${JSON.stringify(markup)});
    </script>
  </body>
</html>
`);
}

/**
 * The references' addresses on a stand-in serving `startupFloor`'s folder, into which
 * `writeFirstScreen` has written the first screen: what `measureStartup` takes as `references`.
 */
export const referenceUrls = (url) => ({ floor: `${url}/`, firstScreen: `${url}/first-screen/` });

/**
 * Alternates the pages `rounds` times: the monitor's (`base`/dist/), the vanilla one
 * (`base`/bench/vanilla/) and each of `references` (name → URL). Medians in ms, and the ratios to
 * the vanilla page: `ratio` as the harness sees it, `inPageRatio` as the pages see it; each
 * reference's under `references[name]` the same way. `wasmFetched` is when the widget's wasm had
 * arrived; its compile, instantiation and first render follow.
 */
export async function measureStartup(browser, base, rounds = 15, references = {}) {
  const pages = { widget: `${base}/dist/`, vanilla: `${base}/bench/vanilla/`, ...references };
  const runs = Object.fromEntries(Object.keys(pages).map((which) => [which, []]));
  for (let i = 0; i < rounds; i++) {
    for (const [which, url] of Object.entries(pages)) runs[which].push(await firstForm(browser, url));
  }
  const of = (which, key) => median(runs[which].map((r) => r[key]).filter((v) => typeof v === 'number'));
  const r = {
    widget: of('widget', 'seen'), vanilla: of('vanilla', 'seen'),
    widgetInPage: of('widget', 'inPage'), vanillaInPage: of('vanilla', 'inPage'),
    wasmFetched: of('widget', 'wasmFetched') ?? null,
  };
  const measured = Object.fromEntries(Object.keys(references).map((name) => {
    const seen = of(name, 'seen'), inPage = of(name, 'inPage');
    return [name, { seen, inPage, ratio: seen / r.vanilla, inPageRatio: inPage / r.vanillaInPage }];
  }));
  return { ...r, ratio: r.widget / r.vanilla, inPageRatio: r.widgetInPage / r.vanillaInPage, references: measured };
}
