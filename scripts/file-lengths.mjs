// Fails when a Rust file of src/, wire/src or sim/src is over 400 lines: a longer one holds two
// concerns (docs/ARCHITECTURE.md, "Checks that keep it so").
// Usage: node scripts/file-lengths.mjs [folders…]  (exit 1 if one is over)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const MAX_LINES = 400;
const root = new URL('..', import.meta.url).pathname;
const folders = process.argv.length > 2 ? process.argv.slice(2) : ['src', 'wire/src', 'sim/src'];

const rustFiles = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? rustFiles(path) : name.endsWith('.rs') ? [path] : [];
});

const long = folders
  .flatMap((folder) => rustFiles(join(root, folder)))
  .map((path) => [relative(root, path), readFileSync(path, 'utf8').split('\n').length - 1])
  .filter(([, lines]) => lines > MAX_LINES);
for (const [path, lines] of long) console.error(`${path}: ${lines} lines, over ${MAX_LINES}`);
if (long.length > 0) process.exit(1);
console.log(`file lengths: none over ${MAX_LINES} lines in ${folders.join(', ')}`);
