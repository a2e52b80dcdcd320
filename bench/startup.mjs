// Startup: navigation to the first rendered form, the monitor's page against the vanilla one,
// both served by the same stand-in. Part of make bench; `node bench/quick.mjs startup` alone.

import { median } from './stats.mjs';

/**
 * Milliseconds from navigation to the form's first label, two ways: as the test harness sees it
 * (the measure, which includes the harness's own latency, the same for both pages) and
 * as the page itself sees it (a MutationObserver installed before the page's first script).
 */
async function firstForm(browser, url) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('form label[for="endpoint"]')) return;
      window.__formShownAt = performance.now();
      observer.disconnect();
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('form label[for="endpoint"]');
  const times = await page.evaluate(() => {
    const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
    return { seen: performance.now(), inPage: window.__formShownAt, wasmFetched: wasm ? wasm.responseEnd : null };
  });
  await page.close();
  return times;
}

/**
 * Alternates the pages `rounds` times: the monitor's (`base`/dist/), the vanilla one
 * (`base`/bench/vanilla/) and, given `floorUrl`, the smallest Yew page that draws the same first
 * screen (bench/floor's `form`). Medians in ms, and the ratios to the vanilla page: `ratio` as
 * the harness sees it, `inPageRatio` as the pages see it; `floorRatio` and `floorInPageRatio`
 * the same for the floor. `wasmFetched` is when the widget's wasm had arrived; its compile,
 * instantiation and first render follow.
 */
export async function measureStartup(browser, base, rounds = 15, floorUrl = null) {
  const pages = { widget: `${base}/dist/`, vanilla: `${base}/bench/vanilla/`, ...(floorUrl ? { floor: floorUrl } : {}) };
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
  const floor = floorUrl ? { floor: of('floor', 'seen'), floorInPage: of('floor', 'inPage') } : {};
  return {
    ...r, ...floor,
    ratio: r.widget / r.vanilla, inPageRatio: r.widgetInPage / r.vanillaInPage,
    ...(floorUrl ? { floorRatio: floor.floor / r.vanilla, floorInPageRatio: floor.floorInPage / r.vanillaInPage } : {}),
  };
}
