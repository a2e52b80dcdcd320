// make bench: shipped bytes, startup against a vanilla page, decoding against JSON.parse, and
// requests per job; writes docs/BENCHMARKS.md. Medians over repeated, interleaved runs: the
// machine is noisy, the ratios are the figures that count.
import { readFileSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from '../tools/node_modules/playwright-core/index.mjs';
import { startSim, chromiumArgs } from '../e2e/sim.mjs';
import { measureStartup, referenceUrls, writeFirstScreen } from './startup.mjs';
import { measurePolls } from './poll.mjs';
import { measureBatch } from './batch.mjs';
import { measureLongTasks } from './longtasks.mjs';
import { measureReadiness } from './readiness.mjs';
import { sizeProfile } from './size-profile.mjs';
import { versusJsonParse } from './decode.mjs';
import { sizeFloor, startupFloor } from './floor.mjs';
import { brotliBytes } from './stats.mjs';
import { pageSizes } from '../scripts/page-sizes.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const TARGET_DIR = process.env.TARGET_DIR ?? `${ROOT}target`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const lines = [];
const out = (line = '') => { console.log(line); lines.push(line); };

// 1. Shipped bytes.
function sizes(dir, filter) {
  const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => filter.test(f) && statSync(`${dir}/${f}`).isFile());
  let raw = 0, gz = 0, br = 0;
  for (const f of files) {
    const bytes = readFileSync(`${dir}/${f}`);
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
    br += brotliBytes(bytes);
  }
  return { raw, gz, br };
}
out('# Benchmarks');
out();
out(`Measured by \`make bench\` on ${new Date().toISOString().slice(0, 10)} (2 cores; medians; both sides of each ratio interleaved in one run).`);
out();
out('## Shipped bytes');
out();
out('| what | raw | gzip -9 | brotli -11 |');
out('|---|---|---|---|');
// The page as served (its files, not the one-file copy); the one file; what a bundler ships of
// the npm widget (its wasm and the JavaScript the element entry imports); the reader alone.
const PAGE = /^(?!milvus-import-monitor\.html$).*\.(wasm|js|css|html)$/;
const WIDGET = /^(milvus_import_monitor_bg\.wasm|milvus_import_monitor\.js|element(-class)?\.js|declaration\.js|index\.js)$/;
const READER = /^(reader\.js|reader[/\\]milvus_import_reader(_bg\.wasm|\.js))$/;
for (const [name, dir, filter] of [
  ['page: wasm', `${ROOT}dist`, /\.wasm$/],
  ['page: JS', `${ROOT}dist`, /\.js$/],
  ['page: CSS', `${ROOT}dist`, /\.css$/],
  ['page: total (wasm + JS + CSS + HTML)', `${ROOT}dist`, PAGE],
  ['one file: dist/milvus-import-monitor.html (wasm as base64)', `${ROOT}dist`, /^milvus-import-monitor\.html$/],
  ['npm widget: wasm + the JS of `/element`', `${ROOT}pkg`, WIDGET],
  ['npm reader: `/reader`, wasm + JS (no Yew)', `${ROOT}pkg`, READER],
  ['npm package: every file (wasm + JS + d.ts + manifest)', `${ROOT}pkg`, /^(?!.*\.tgz$).*\.(wasm|js|ts|json)$/],
]) {
  const s = sizes(dir, filter);
  out(`| ${name} | ${kb(s.raw)} | ${kb(s.gz)} | ${kb(s.br)} |`);
}
const page = sizes(`${ROOT}dist`, PAGE);
out();
const targets = [];
const target = (what, goal, now, met) => { targets.push({ what, goal, now, met }); return `${now}: ${met ? 'met' : 'not met'}`; };
// The page in parts (scripts/page-sizes.mjs, the measure scripts/size-budget.mjs holds to the budget).
const parts = pageSizes(`${ROOT}dist/`);
const budget = JSON.parse(readFileSync(`${ROOT}bench/size-budget.json`, 'utf8'));
out('### The page in parts (brotli -11)');
out();
out('| what the browser fetches | files | brotli |\n|---|---|---|');
out(`| the first load: HTML, CSS, glue, main module, loader (before the form can be used) | 5 | ${kb(parts.firstLoad)} |`);
out(`| a job opened by a link, before it is shown: the first load and the page's engine (with the requests and the job's view) | ${parts.jobByLinkFiles} | ${kb(parts.jobByLink)} |`);
for (const [name, part] of Object.entries(parts.parts)) out(`| the ${name} part: its module and the chunks it shares | ${part.files} | ${kb(part.bytes)} |`);
out(`| the whole page | | ${kb(parts.total)} |`);
out(`| the same page as one module (what the one file inlines) | | ${kb(parts.oneModule)} |`);
out();
const pageGrowth = parts.total / budget.issue35PageBrotliBytes;
out(`Targets (issue 35): the first load ≤ 128 KB: ${target('first load', '≤ 128 KB brotli', kb(parts.firstLoad), parts.firstLoad <= 128 * 1024)}; a job opened by a link shown after ≤ 180 KB: ${target('job by link', '≤ 180 KB brotli', kb(parts.jobByLink), parts.jobByLink <= 180 * 1024)}; the whole page at most 10 % above the page when the issue was filed (${kb(budget.issue35PageBrotliBytes)}, one module): ${target('whole page', '≤ 1.10× the page of issue 35\'s filing', `${pageGrowth.toFixed(3)}×`, pageGrowth <= 1.1)}.`);
const floor = sizeFloor(ROOT, TARGET_DIR);
out();
out(`The floor under it (bench/floor: the smallest Yew widget that watches a job, a form, one request read with this crate's decoders, a progress bar and a file table, built as the page is): ${kb(floor.total)} brotli (wasm ${kb(floor.wasm)}, JS ${kb(floor.js)}). It leaves ${kb(128 * 1024 - floor.total)} of the 128 KB for everything else the page does; the first load's own share above the floor is ${kb(parts.firstLoad - floor.total)}.`);

// 1b. Where the page's wasm goes: twiggy on the module before wasm-opt (names kept).
const profile = sizeProfile(`${TARGET_DIR}/wasm-bindgen/release/app_bg.wasm`);
const share = (bytes) => `${kb(bytes)} | ${((100 * bytes) / profile.total).toFixed(1)} %`;
out();
out(`## Size profile (twiggy, the page's wasm before wasm-opt: ${kb(profile.total)})`);
out();
out('Shares of the module wasm-bindgen writes, which still has its function names; wasm-opt -Oz then shrinks it to the shipped wasm above.');
out();
out('| crate | bytes | share |\n|---|---|---|');
for (const [name, bytes] of profile.crates.slice(0, 14)) out(`| ${name} | ${share(bytes)} |`);
out();
const before = JSON.parse(readFileSync(`${ROOT}bench/size-baseline.json`, 'utf8'));
out();
out(`Before issue 19 (make bench at ${before.commit}): the module ${before.totalKB.toFixed(1)} KB, now ${kb(profile.total)}; by crate, before → now:`);
out();
out('| crate | before | now | change |\n|---|---|---|---|');
for (const [name, bytes] of profile.crates.slice(0, 14)) {
  const was = before.crateKB[name];
  out(`| ${name} | ${was === undefined ? '—' : `${was.toFixed(1)} KB`} | ${kb(bytes)} | ${was === undefined ? '' : `${bytes / 1024 - was >= 0 ? '+' : ''}${(bytes / 1024 - was).toFixed(1)} KB`} |`);
}
out();
out('| module of this crate | bytes | share |\n|---|---|---|');
for (const [name, bytes] of profile.modules.slice(0, 14)) out(`| ${name} | ${share(bytes)} |`);
out();
out('| largest functions | bytes | share |\n|---|---|---|');
for (const [name, bytes] of profile.functions.slice(0, 15)) out(`| \`${name.replace(/\|/g, '\\|').slice(0, 110)}\` | ${share(bytes)} |`);

// 2. Decoding alone, in Node: parseImportProgress against JSON.parse, 1 / 100 / 1,024 file groups.
const { initSync, parseImportProgress, benchDecode } = await import(`${ROOT}pkg/milvus_import_monitor.js`);
initSync({ module: readFileSync(`${ROOT}pkg/milvus_import_monitor_bg.wasm`) });
out();
out('## Decoding (Node, the npm package)');
out();
out('| file groups | body | parseImportProgress (bytes in) | JSON.parse (text in) | ratio |');
out('|---|---|---|---|---|');
const decodeRatios = {};
for (const n of [1, 100, 1024]) {
  const r = versusJsonParse(n, parseImportProgress);
  decodeRatios[n] = r.ratio;
  out(`| ${n} | ${kb(r.size)} | ${(r.ours * 1000).toFixed(1)} µs | ${(r.theirs * 1000).toFixed(1)} µs | ${r.ratio.toFixed(2)}× |`);
}
out();
out('The widget itself decodes into Rust structures without building JS objects; `benchDecode` (a hidden export) measures that path on the same bodies:');
out();
out('| file groups | wasm decode (bytes → Rust structures) | JSON.parse | ratio | the same, measured again | spread |');
out('|---|---|---|---|---|---|');
for (const n of [1, 100, 1024]) {
  // Measured twice, one pass after the other: how far two medians of the same run stand apart.
  const [r, again] = [versusJsonParse(n, benchDecode), versusJsonParse(n, benchDecode)];
  decodeRatios[`wasm-${n}`] = Math.max(r.ratio, again.ratio);
  const spread = Math.abs(r.ratio - again.ratio) / Math.min(r.ratio, again.ratio);
  out(`| ${n} | ${(r.ours * 1000).toFixed(1)} µs | ${(r.theirs * 1000).toFixed(1)} µs | ${r.ratio.toFixed(2)}× | ${again.ratio.toFixed(2)}× | ${(spread * 100).toFixed(0)} % |`);
}
out();
out(`Target: the widget's decoding ≤ 1.2× JSON.parse at 100 and 1,024 groups, the larger of the two passes: ${target('decode, 100 groups', '≤ 1.2× JSON.parse', `${decodeRatios['wasm-100'].toFixed(2)}×`, decodeRatios['wasm-100'] <= 1.2)} at 100; ${target('decode, 1,024 groups', '≤ 1.2× JSON.parse', `${decodeRatios['wasm-1024'].toFixed(2)}×`, decodeRatios['wasm-1024'] <= 1.2)} at 1,024. parseImportProgress (${decodeRatios[1024].toFixed(2)}× at 1,024) also builds the JS object (serde-wasm-bindgen), as JSON.parse does; it is the npm reader's, not the widget's.`);

// 3. Startup, and requests per job, in Chromium against the stand-in.
const sim = await startSim(['--demo', '--serve', ROOT, '--speed', '20']);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
// The references are served by a second stand-in (the same binary), from the target folder:
// the startup floor, and beside it the monitor's first screen written by a script.
const floorDir = startupFloor(ROOT, TARGET_DIR);
await writeFirstScreen(browser, `${sim.url}/dist/`, floorDir, '../style.css');
const floorSim = await startSim(['--serve', floorDir]);
const startup = await measureStartup(browser, sim.url, 15, referenceUrls(floorSim.url));
floorSim.stop();
const startupRatio = startup.ratio;
const { floor: startupFloorRun, firstScreen: firstScreenRun } = startup.references;
out();
out('## Startup (navigation to the first rendered form)');
out();
out('| page | to the form, as the harness sees it | as the page sees it |\n|---|---|---|');
out(`| the monitor (dist/) | ${startup.widget.toFixed(0)} ms | ${startup.widgetInPage.toFixed(0)} ms (its wasm fetched at ${startup.wasmFetched === null ? 'unknown' : `${startup.wasmFetched.toFixed(0)} ms`}) |`);
out(`| vanilla reference (bench/vanilla/) | ${startup.vanilla.toFixed(0)} ms | ${startup.vanillaInPage.toFixed(0)} ms |`);
out(`| the monitor's first screen, written by a script as the vanilla page writes its own | ${firstScreenRun.seen.toFixed(0)} ms | ${firstScreenRun.inPage.toFixed(0)} ms |`);
out(`| the startup floor (bench/floor's \`form\`: Yew drawing the vanilla page's first screen) | ${startupFloorRun.seen.toFixed(0)} ms | ${startupFloorRun.inPage.toFixed(0)} ms |`);
out();
out(`The two references split the gap. The monitor's first screen shows more than the vanilla page's five fields (the hints, the job IDs' text area, the token's remember box, the stall alert, the connection's name, the other servers, the log link and the tabs); written by a script, with no framework and no wasm, it is ${firstScreenRun.ratio.toFixed(2)}× the vanilla page as the harness sees it (${firstScreenRun.inPageRatio.toFixed(2)}× as the pages see it): its first frame's style, layout and paint. The startup floor is the smallest Yew page that draws the vanilla page's first screen, started as Trunk starts the monitor: ${startupFloorRun.ratio.toFixed(2)}× (${startupFloorRun.inPageRatio.toFixed(2)}×), what Yew and a wasm module cost before any of the monitor's own code runs. The monitor is ${(startup.widget / startupFloorRun.seen).toFixed(2)}× the floor.`);
out();
out(`Ratio: ${target('startup', '≤ 1.2× vanilla', `${startupRatio.toFixed(2)}×`, startupRatio <= 1.2)} (target ≤ 1.2×), navigation to the form as the test harness sees it, the measure the target was set with. The monitor's and the vanilla page are served by the same process (the floor by a second one of the same binary). That measure includes the harness's own latency (Playwright noticing the form and answering), about the same for both pages, which narrows the ratio: as the pages themselves see it (a MutationObserver installed before their first script), the ratio is ${startup.inPageRatio.toFixed(2)}×.`);

// 4. The per-poll cost and the memory of a long watch of the largest job.
const polls = await measurePolls(browser, sim.url, { cases: [
  { label: '1', n: 1 }, { label: '100', n: 100 }, { label: '1,024', n: 1024 }, { label: '1,024, body unchanged', n: 1024, unchanged: true },
] });
out();
out('## Per poll (response bytes to the DOM updated)');
out();
out('Both pages get the same answers from an in-memory `fetch`, alternating two bodies in which the in-progress half of the files moves (or one body, unchanged); the vanilla reference (`bench/vanilla/`) writes the same table markup with `JSON.parse` and a keyed patch of only what changed. A poll is timed from the request to either end point, measured separately: a forced style and layout right after the DOM changed (the work done, no painting), or the next rendered frame (the update on screen, as the user sees it).');
out();
out('| file groups | body | to layout: widget | vanilla | ratio | to the painted frame: widget | vanilla | ratio |');
out('|---|---|---|---|---|---|---|---|');
const ms = (x) => `${x.toFixed(1)} ms`;
for (const r of polls.results) out(`| ${r.label} | ${kb(r.bytes)} | ${ms(r.layout.widget)} | ${ms(r.layout.vanilla)} | ${r.layout.ratio.toFixed(2)}× | ${ms(r.frame.widget)} | ${ms(r.frame.vanilla)} | ${r.frame.ratio.toFixed(2)}× |`);
const big = polls.results.find((r) => r.label === '1,024');
const still = polls.results.find((r) => r.label === '1,024, body unchanged');
const frameMs = 1000 / 60;
out();
out(`Targets (issue 19), 1,024 groups: to layout ≤ 0.35× the vanilla page: ${target('per poll, to layout', '≤ 0.35× vanilla', `${big.layout.ratio.toFixed(2)}×`, big.layout.ratio <= 0.35)}; the painted frame within one frame (16.7 ms) of an unchanged poll's: ${target('per poll, painted frame', '≤ unchanged + 16.7 ms', `${ms(big.frame.widget)} against ${ms(still.frame.widget)}`, big.frame.widget <= still.frame.widget + frameMs)}. The layout end point counts the work up to the new layout; the frame end point also waits for the next frame and its painting, on both sides.`);
const cost = polls.chartCost;
const costMet = Math.max(cost.layout.ratio, cost.frame.ratio) <= 1.1;
out();
out(`The charts' cost (issue 17: within 10 %): polls of 1,024 groups with "Where the time went" open (the chart and the file timeline redrawn at every poll) and closed, in alternating rounds of the same page: to layout ${ms(cost.layout.open)} against ${ms(cost.layout.closed)} (${cost.layout.ratio.toFixed(2)}×), to the painted frame ${ms(cost.frame.open)} against ${ms(cost.frame.closed)} (${cost.frame.ratio.toFixed(2)}×): ${costMet ? 'met' : 'not met'}. The figures above are with the section open, as the page opens.`);
const m = polls.memory;
out();
out('## Memory over a long watch');
out();
out(`${m.polls.toLocaleString('en-US')} polls of a ${m.n.toLocaleString('en-US')}-group job (every other body changed): JS heap ${kb(m.before.heap)} → ${kb(m.after.heap)} (${m.after.heap - m.before.heap >= 0 ? '+' : ''}${kb(m.after.heap - m.before.heap)}), wasm memory ${kb(m.before.wasm)} → ${kb(m.after.wasm)} (+${kb(m.after.wasm - m.before.wasm)}). Target: growth < 2 MB: ${Math.max(m.after.heap - m.before.heap, m.after.wasm - m.before.wasm) < 2 << 20 ? 'met' : 'not met'}.`);

// 5. A batch of 50 jobs × 100 file groups against one such job.
const batch = await measureBatch(browser, sim.url, { count: 50, answers: 5_000 });
const b = batch.batch, one = batch.single;
out();
out('## A batch of 50 jobs');
out();
out(`Each page watched at the 0.5 s minimum interval with in-memory answers of 100 file groups per job (the in-progress half moving at every answer); main-thread time is Chromium's TaskDuration over the run, divided by the answers served; memory after a forced collection, before and after. The batch: ${b.served} answers; the single job: ${one.served}.`);
out();
out('| watching | requests per interval | main thread per answer | JS heap growth | wasm memory growth |');
out('|---|---|---|---|---|');
const growth = (x) => `${x >= 0 ? '+' : ''}${kb(x)}`;
out(`| one job | ${one.perIntervalRequests.toFixed(2)} | ${one.perAnswerMs.toFixed(2)} ms | ${growth(one.heap)} | ${growth(one.wasm)} |`);
out(`| 50 jobs | ${b.perIntervalRequests.toFixed(2)} | ${b.perAnswerMs.toFixed(2)} ms | ${growth(b.heap)} | ${growth(b.wasm)} |`);
out();
out(`Targets: at most one request per unfinished job per interval (≤ 50 for 50 jobs): ${b.perIntervalRequests.toFixed(2)}, the busiest job ${b.busiestJob.toFixed(3)} (each job's requests over its own span in the run; ${b.perIntervalRequests <= 50 * 1.01 && b.busiestJob <= 1.01 ? 'met' : 'not met'}, to 1 %); per answer, no more than the single job's: ${target('batch, per answer', '≤ 1× a single job', `${(b.perAnswerMs / one.perAnswerMs).toFixed(2)}×`, b.perAnswerMs <= one.perAnswerMs)}. A batch answer redraws the batch's table (50 rows) and its summary; a single job's redraws its 100-row file table.`);

// 6. Long tasks in a long watch, at this machine's speed and under 4× CPU throttling.
const longSecs = Number(process.env.LONG_TASK_SECS ?? 600);
const longTasks = await measureLongTasks(browser, sim.url, { n: 1024, secs: longSecs, rates: [1, 4] });
out();
out('## Long tasks while watching a 1,024-group job');
out();
out(`A batch of 50 jobs polled on its own every 2 s for ${longSecs} s, its 1,024-group job opened with "Where the time went" open and the page scrolled to the file table, the other 49 jobs (100 groups each) polled by the batch behind it; answers from memory (half of each job's rows move at every poll). Long tasks (> 50 ms) from the Long Tasks API, after the first render.`);
out();
out('| CPU | polls (all jobs) | of the 1,024-group job | long tasks | the longest |\n|---|---|---|---|---|');
for (const r of longTasks) out(`| ${r.rate === 1 ? 'this machine' : `${r.rate}× throttled`} | ${r.polls} | ${r.bigPolls} | ${r.count} | ${r.count ? `${r.max.toFixed(0)} ms` : '—'} |`);
out();
// What each long task's frame spent its time on (Long Animation Frames), to say where to cut.
const msOrUnknown = (x) => (x === null ? 'unknown' : `${x.toFixed(0)} ms`);
for (const r of longTasks.filter((r) => r.count)) {
  const scripts = (t) => (t.longest.length ? ` [${t.longest.map((s) => `${s.invoker} ${s.duration.toFixed(0)} ms`).join(', ')}]` : '');
  const parts = r.tasks.map((t) => `${msOrUnknown(t.duration)} (scripts ${msOrUnknown(t.script)}${scripts(t)}, rendering ${msOrUnknown(t.render)}, the rest ${msOrUnknown(t.other)})`);
  out(`Long tasks at ${r.rate}×, with their frame's parts (Long Animation Frames; scripts hold the widget's wasm, the longest in brackets by what invoked them; rendering is style, layout and paint; the rest is the frame's other time: the browser's own work such as a garbage collection, scripts under 5 ms, which the API does not list, and any wait between its tasks): ${parts.join('; ')}.`);
  out();
}
for (const r of longTasks) target(`long tasks, ${r.rate}× CPU`, 'none in the watch', `${r.count} (longest ${r.max.toFixed(0)} ms)`, r.count === 0);
out(`Target (issue 19): no long task, also under 4× throttling: ${longTasks.every((r) => r.count === 0) ? 'met' : 'not met'}.`);

// 7. What reading readiness costs a poll in the index band (issue 30).
const readiness = await measureReadiness(browser, sim.url);
out();
out('## Readiness reads in the index band');
out();
out(`A 1,024-group job in the index band polled every 0.5 s, its collection's index read as often as the policy lets it (\`indexes/describe\`, pending rows falling; at most one request per two polls and none sooner than 5 s), against the same page whose index reads are refused (one read, then none), in the same run (3 rounds of 60 polls each, medians): ${readiness.withReadsMs.toFixed(2)} ms against ${readiness.withoutMs.toFixed(2)} ms of main-thread time per job poll, **${readiness.ratio.toFixed(3)}×**; ${readiness.readsPerPoll.toFixed(2)} readiness requests per job poll; ${readiness.longTasks} long tasks meanwhile.`);
target('readiness reads, main-thread time per poll at 1,024 groups', '≤ 1.05× without them, no long task', `${readiness.ratio.toFixed(3)}×, ${readiness.longTasks} long tasks`, readiness.ratio <= 1.05 && readiness.longTasks === 0);

const p = await browser.newPage();
// A job of known length on a stand-in at real time: about 25 s from creation to Completed.
const timed = await startSim(['--serve', ROOT]);
const running = (await (await fetch(`${timed.url}/_sim/create`, { method: 'POST', body: JSON.stringify({ files: [['bench/part-1.parquet']], rows: 16000, rowsPerSec: 1000, indexSecs: 3, queueSecs: 1 }) })).json()).jobId;
const started = Date.now();
await p.goto(`${timed.url}/dist/?endpoint=${timed.url}&jobId=${running}`);
await p.waitForFunction(() => document.querySelector('[aria-label="Job progress"]')?.getAttribute('aria-valuetext') === 'Completed, 100 %', null, { timeout: 300_000 });
const seconds = (Date.now() - started) / 1000;
const atEnd = (await (await fetch(`${timed.url}/_sim/stats`)).json()).byJob[running];
await p.waitForTimeout(6_000);
const later = (await (await fetch(`${timed.url}/_sim/stats`)).json()).byJob[running];
timed.stop();
out();
out('## Requests per job');
out();
out(`A job of ${seconds.toFixed(0)} s, watched at the default 2 s interval from its creation to Completed: ${atEnd} requests (one per interval: ${Math.ceil(seconds / 2)} expected); ${later - atEnd} requests in the 6 s after the terminal state (target 0).`);
await browser.close();
sim.stop();

out();
out('## Issue 19\'s targets in this run');
out();
out('| target | goal | now | |\n|---|---|---|---|');
for (const t of targets) out(`| ${t.what} | ${t.goal} | ${t.now} | ${t.met ? 'met' : '**not met**'} |`);
out();
out('## What was done for each target, and what a missed one would take');
out();
out('Read with the figures above; this part is written by hand (bench/bench.mjs) from profiles of this build.');
out();
out(`- **Size (issue 35: the first load ≤ 128 KB, a job by link ≤ 180 KB).** ${parts.firstLoad <= 128 * 1024 && parts.jobByLink <= 180 * 1024 ? 'Met.' : `The first load: ${parts.firstLoad <= 128 * 1024 ? 'met' : 'not met'}; a job by link: ${parts.jobByLink <= 180 * 1024 ? 'met' : 'not met'}.`} Two stable levers came first, each measured alone: decimal text read by the wire crate's own reader instead of \`str::parse::<f64>\` (−14.5 KB on the page, the floor 95.5 → 83.1 KB) and the file search lowercased by the browser's \`toLowerCase\` so that Unicode's case tables are not linked (−7.8 KB); Yew's tracing compiled out saved nothing (+72 B), nor did the \`{:.N}\` float formats written from integers (+14 B: f64's Display, and core's formatter with it, is still reached from other \`{}\`s), nor request bodies written by the page's own small JSON writer (\`flat_json\`) instead of serde_json's \`Value\` maps (+473 B on the page, +441 B on the engine: serde_json's serializer stays linked for the exports). A smaller panic hook cannot save: Yew's \`Renderer::render\` installs \`console_error_panic_hook\` unless a hook was set, so its code is linked whatever the page sets. Then the split: \`wasm_split_cli_support\` 0.2.4 with \`wasm_split_helpers\` 0.2.3 works with wasm-bindgen 0.2.130 (\`--keep-lld-exports\`), LTO and one codegen unit. The main module holds the root with the form and the tabs; the page's engine is a part (every reducer, what the page says of its state, the panel with a job's view, the job list and the create form, every request to a server with the client and the decoding of every answer, the report of what is shown): actions other than the form's and the tabs' wait for it, and it is fetched as soon as one does or another tab is opened, else a second after the first render. The batch view, History, the history's keeper and the exports are parts of their own; the split page leaves out the exported report's reader (reports are made of the one-file page: −18.5 KB). Each further part costs the whole page the chunks it shares: with the job list, the create form and a job's details as parts of their own, the whole page measured 1.10× to 1.17× the filing's. The first load ${kb(parts.firstLoad)} is the floor (${kb(floor.total)}: Yew, serde_json and core) and the root's own share: the form with its server rows, saved connections and pair option, the tabs, the page's state types and the hooks of what the page keeps${parts.firstLoad <= 128 * 1024 ? '' : '; reaching 128 KB needs that share cut further'}. A job by link needs the engine whole (${kb(parts.jobByLink)}). A first look at the job, measured as a part of its own (one progress request through the same client and routes, then the job's state, bar, sentence and rows, drawn until the engine's view has the job), showed the job after 191.3 KB; it cost the first load 2.2 KB (128.6 KB, over 128 KB) and the whole page 17.4 KB (1.135× the filing; 39 modules where there were 24), since what it shares with the engine (the client, the decoding of a progress answer, the bar and the job's sentences) moved into chunks both load. So within the whole page's 1.10×, a job shown by link after 180 KB is out of reach of this split: it needs one of the three targets changed, or the engine's code cut by more than a first look adds. The split costs ${((parts.total / parts.oneModule - 1) * 100).toFixed(1)} % on the whole page against the same code as one module (${kb(parts.oneModule)}): calls between modules go through the table, and wasm-opt cannot inline or drop across them.`);
out('- **Decoding (≤ 1.2× JSON.parse, every run).** The body\'s UTF-8 is checked once (`str::from_utf8`, word at a time) and parsed as text: `from_slice` checked each string on its own, a third of the decode in a CPU profile. The model and its decoders are a crate of their own (`wire/`) at `opt-level = 3`, and serde_json too (its string scanning is not generic, so it is compiled in its own crate). Bytes go straight in; a known state is read without copying its text; paths are split when a row is drawn, not at every decode; identical bodies are not decoded at all. What remains is a Rust string per text field and the previous answer\'s memory freed, which JSON.parse leaves to the garbage collector.');
out('- **Per poll (≤ 0.35× the vanilla page at 1,024 groups).** The file table draws only the rows in its scroll box\'s view (`RowWindow`: the rows seen, a margin of 12 either side, edges moved in steps of 8) with spacer rows standing in for the rest. Chosen over `content-visibility: auto` on a non-table grid because containment skips layout and paint but not script: Yew would still diff 1,024 keyed rows and re-render the 512 that changed, about 30 ms a poll in the CPU profile before this step, most of the 0.35× budget by itself. What it costs and what stands in: find-in-page sees only the rows drawn, so *Find a file* searches every row by path or reason; `aria-rowcount`/`aria-rowindex` give screen readers the whole; the box takes focus and scrolls by keyboard; sorting, filtering and the exports work on every row (e2e/bigtable.test.mjs).');
out('- **Long tasks.** The batch behind an opened job rewrote every kept job\'s copy (~1 MB of JSON in one local-storage key) whenever one of its 50 jobs was due to be kept: each job now has its own key and a small index. An unchanged timeline or snapshot is recognised by pointer at each of the page\'s renders, not compared field by field. An answer is rendered in a task after the one that read and decoded it (`spawn_fetch`), each section of the open view is contained (`contain: content`) and "Where the time went" is skipped far off screen (`content-visibility: auto`), which cut the paint in a 60 s trace under 4× throttling by 58 %: that trace under 4× throttling showed the 1,024-group poll\'s frame repainting the whole 2,934 px page (Paint ~31 ms, Layout ~20 ms) and its decoding and render in one task. The in-memory answers no longer clone each request: that work ran on the page\'s main thread, about 1.3 ms an answer. Then, with the frames below 45 ms, the long tasks left were the answer\'s render: one task drew a 1,024-group job\'s figures, its timelines and its file table (in 5-minute watches at 4× with the Long Animation Frames API: a median of 40 ms, the longest 51 ms). A large job\'s (200 groups or more) timelines and file table are now drawn each in a task after its figures (`view/later.rs`); times in the server\'s layout are read by position (each file\'s at each poll); the page\'s requests compare the page\'s count of changes, not the whole page; the share link is escaped without `format!`. In the same watch: a median of 16 ms, the longest 40 ms; the frames, 42 ms at most.');
out(`- **Startup (≤ 1.2×).** ${startupRatio <= 1.2 ? 'Met.' : 'Not met.'} Of the 1.2× the target allows, the monitor's own first screen written by a script takes ${firstScreenRun.ratio.toFixed(2)}× and Yew's floor ${startupFloorRun.ratio.toFixed(2)}× (above). Issue 35 found that the gap does not follow the main module's bytes: cutting the first load from 224 to 154 KB left startup where it was (1.41× before, 1.40× after; with ${kb(parts.firstLoad)}, ${startupRatio.toFixed(2)}× in this run). One-off A/B builds at 154 KB, two quick runs of 25 rounds each: without the root's effects (the stored settings, the title, the address bar, the listeners), or without the tabs and the panel, the ratio did not move (1.40–1.43×, 1.34–1.49×); with the form cut to one field, it fell to 1.19–1.20× while the form was drawn no sooner in-page (114–125 ms). At 126.4 KB, without the log link's settings and the other servers' rows (three quick runs of 25 rounds): 1.32–1.38×, against 1.35–1.52× for the same build with them (four runs). The monitor's whole first screen written by a script costs the vanilla page little (the reference above), so what the one-field form saved is in how the page draws the form (its components, their hooks, their code run for the first time), not in its markup; where exactly, those runs do not say. In-page, the monitor draws its form ${(startup.widgetInPage - startupFloorRun.inPage).toFixed(0)} ms after the floor: its main module (${kb(statSync(`${ROOT}dist/${parts.folder}app_bg.wasm`).size)} before compression, the floor's ${kb(statSync(`${floorDir}/form_bg.wasm`).size)}) and glue arrive later, and at 154 KB its first render compiled about 500 functions on first call (Chromium's trace) against about 160 for the floor. Before issue 35: prerendering the first frame into index.html with Yew's server renderer and hydrating it showed the form at 39 ms in-page, before the vanilla page's 60 ms, but the measure the target was set with did not move (196 against 199 ms: the main thread is still busy compiling and hydrating when the form can be seen), it cost 7.3 KB brotli of hydration code, and hydrating overwrites what a user typed before it.`);
writeFileSync(`${ROOT}docs/BENCHMARKS.md`, lines.join('\n') + '\n');
