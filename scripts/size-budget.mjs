// Fails when the built page grows past bench/size-budget.json: its first load (what is fetched
// before the form can be used), the bytes before a job opened by a link is shown, each part,
// and the whole page (scripts/page-sizes.mjs measures them, brotli quality 11). Byte sizes are
// deterministic for a given build, so this is a test, not a benchmark.
import { readFileSync } from 'node:fs';
import { pageSizes } from './page-sizes.mjs';

const root = new URL('..', import.meta.url).pathname;
const budget = JSON.parse(readFileSync(`${root}bench/size-budget.json`, 'utf8'));
const sizes = pageSizes(`${root}dist/`);
const checks = [
  ['the first load', sizes.firstLoad, budget.firstLoadBrotliBytes],
  ['a job opened by a link, until shown,', sizes.jobByLink, budget.jobByLinkBrotliBytes],
  ['the whole page', sizes.total, budget.pageBrotliBytes],
  ...Object.entries(sizes.parts).map(([name, part]) => [`the ${name} part (${part.files} files)`, part.bytes, budget.partBrotliBytes[name]]),
];
// A part that vanished from the split (or a new one) is a change to look at, not a saving.
const names = Object.keys(sizes.parts).sort().join(', ');
let over = names !== budget.partNames.join(', ');
if (over) console.log(`size budget: the parts are ${names}, not ${budget.partNames.join(', ')}`);
for (const [what, bytes, most] of checks) {
  if (typeof most !== 'number') throw new Error(`bench/size-budget.json sets no budget for ${what}`);
  const verdict = bytes <= most ? 'within' : 'OVER';
  over ||= bytes > most;
  console.log(`size budget: ${what} is ${bytes} bytes brotli, ${verdict} ${most}`);
}
if (over) process.exit(1);
