// Part of make bench, for working on one figure: `node bench/quick.mjs polls|longtasks [secs [rate]]|decode|startup [rounds]|readiness`
// (startup also measures the references if make bench has built them).
import { chromium } from '../tools/node_modules/playwright-core/index.mjs';
import { startSim, chromiumArgs } from '../e2e/sim.mjs';
import { measurePolls } from './poll.mjs';
import { measureLongTasks } from './longtasks.mjs';
import { versusJsonParse } from './decode.mjs';
import { measureStartup, referenceUrls } from './startup.mjs';
import { measureReadiness } from './readiness.mjs';
import { existsSync, readFileSync } from 'node:fs';

const ROOT = new URL('..', import.meta.url).pathname;
const [what, secs = '60', rate] = process.argv.slice(2);
if (what === 'decode') {
  const { initSync, benchDecode } = await import(`${ROOT}pkg/milvus_import_monitor.js`);
  initSync({ module: readFileSync(`${ROOT}pkg/milvus_import_monitor_bg.wasm`) });
  for (const n of [100, 1024, 100, 1024]) console.log(n, versusJsonParse(n, benchDecode).ratio.toFixed(3));
  process.exit(0);
}
const sim = await startSim(['--serve', ROOT]);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
try {
  if (what === 'polls') {
    const r = await measurePolls(browser, sim.url, { cases: [{ label: '1,024', n: 1024 }, { label: '1,024, body unchanged', n: 1024, unchanged: true }], memoryPolls: 0 });
    console.log(JSON.stringify(r.results, null, 1), JSON.stringify(r.chartCost));
  } else if (what === 'readiness') {
    console.log(JSON.stringify(await measureReadiness(browser, sim.url)));
  } else if (what === 'startup') {
    // The references as make bench last built them, if it did (bench/floor.mjs, startup.mjs).
    const floorDir = `${process.env.TARGET_DIR ?? `${ROOT}target`}/startup-floor`;
    const floorSim = existsSync(`${floorDir}/index.html`) ? await startSim(['--serve', floorDir]) : null;
    try {
      const references = floorSim ? referenceUrls(floorSim.url) : {};
      console.log(JSON.stringify(await measureStartup(browser, sim.url, Number(process.argv[3] ?? 15), references)));
    } finally {
      floorSim?.stop();
    }
  } else {
    console.log(JSON.stringify(await measureLongTasks(browser, sim.url, { secs: Number(secs), rates: rate ? [Number(rate)] : [1, 4] })));
  }
} finally {
  await browser.close();
  sim.stop();
}
