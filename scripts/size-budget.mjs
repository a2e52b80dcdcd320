// Fails when the built page's brotli size grows past the budget in bench/size-budget.json.
// Byte sizes are deterministic for a given build, so this is a test, not a benchmark.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const { pageBrotliBytes: budget } = JSON.parse(readFileSync(`${root}bench/size-budget.json`, 'utf8'));
let total = 0;
for (const file of readdirSync(`${root}dist`, { recursive: true }).map(String)) {
  const path = `${root}dist/${file}`;
  // The page as served: its files, not the one-file copy (the same page again, inlined).
  if (!/\.(wasm|js|css|html)$/.test(file) || file === 'milvus-import-monitor.html' || !statSync(path).isFile()) continue;
  total += brotliCompressSync(readFileSync(path), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}
const verdict = total <= budget ? 'within' : 'OVER';
console.log(`size budget: the page is ${total} bytes brotli, ${verdict} the budget of ${budget}`);
if (total > budget) process.exit(1);
