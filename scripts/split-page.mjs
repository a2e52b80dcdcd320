// Points dist/index.html at the page cut into parts (scripts/build-page.sh has built them in the
// folder given as the argument): the folder is copied to dist/parts-<hash>/, Trunk's one-module
// script and preloads are pointed at its main module (with their integrity hashes recomputed),
// the parts' loader is preloaded with the glue,
// Trunk's one-module files leave dist/, and the Content-Security-Policy is written again for the
// changed inline script.
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';

const built = process.argv[2];
if (!built) throw new Error('usage: split-page.mjs <folder with app.js, app_bg.wasm, the parts and __wasm_split.js>');
const dist = new URL('../dist/', import.meta.url).pathname;
const files = readdirSync(built).sort();
for (const needed of ['app.js', 'app_bg.wasm', '__wasm_split.js']) {
  if (!files.includes(needed)) throw new Error(`${built}: no ${needed}`);
}
// The splitter's loader streams each part with `instantiateStreaming`, which refuses a module a
// host serves with another type than application/wasm; parts are read as wasm-bindgen's glue
// reads the main module: streamed when so served, else from their bytes, and a failed fetch
// (a 404 page) said as such.
const loaderFile = `${built}/__wasm_split.js`;
const streamed = 'async (imports) => (WebAssembly.instantiateStreaming(src, imports))';
const loader = readFileSync(loaderFile, 'utf8');
const fetches = loader.split('fetch(new URL(').length - 1;
if (loader.split(streamed).length - 1 !== fetches) throw new Error(`${loaderFile}: not every part is instantiated as expected`);
writeFileSync(loaderFile, `${loader.replaceAll(streamed, 'async (imports) => instantiatePart(src, imports)')}
async function instantiatePart(pending, imports) {
    const response = await pending;
    if (!response.ok) throw new Error(\`failed to fetch \${response.url}: \${response.status}\`);
    if ((response.headers.get('Content-Type') ?? '').startsWith('application/wasm')) {
        return WebAssembly.instantiateStreaming(response, imports);
    }
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}
`);

const digest = createHash('sha256');
for (const file of files) digest.update(file).update(readFileSync(`${built}/${file}`));
const folder = `parts-${digest.digest('hex').slice(0, 16)}`;

let index = readFileSync(`${dist}index.html`, 'utf8');
const one = (pattern, what) => {
  const found = [...new Set([...index.matchAll(pattern)].map((m) => m[1]))];
  if (found.length !== 1) throw new Error(`dist/index.html: expected one ${what}, found ${found.length}`);
  return found[0];
};
const jsName = one(/(app-[0-9a-f]+\.js)/g, 'script');
const wasmName = one(/(app-[0-9a-f]+_bg\.wasm)/g, 'wasm');
const integrity = (file) => `sha384-${createHash('sha384').update(readFileSync(`${built}/${file}`)).digest('base64')}`;
// Each preload names one file; its integrity attribute is rewritten for the new file.
index = index.replace(/<link\b[^>]*>/g, (tag) => {
  const file = tag.includes(jsName) ? 'app.js' : tag.includes(wasmName) ? 'app_bg.wasm' : null;
  if (!file) return tag;
  return tag.replace(/integrity="[^"]*"/, `integrity="${integrity(file)}"`);
});
index = index.replaceAll(jsName, `${folder}/app.js`).replaceAll(wasmName, `${folder}/app_bg.wasm`);
// The glue imports the parts' loader, so without a preload the browser asks for it only once
// the glue has arrived and been parsed: a second round trip before the main module can start.
const gluePreload = one(/(<link rel="modulepreload"[^>]*>)/g, 'preload of the glue');
index = index.replace(gluePreload, `${gluePreload}${gluePreload
  .replace(`${folder}/app.js`, `${folder}/__wasm_split.js`)
  .replace(/integrity="[^"]*"/, `integrity="${integrity('__wasm_split.js')}"`)}`);

rmSync(`${dist}${jsName}`);
rmSync(`${dist}${wasmName}`);
for (const old of readdirSync(dist).filter((f) => /^parts-[0-9a-f]+$/.test(f))) rmSync(`${dist}${old}`, { recursive: true });
cpSync(built, `${dist}${folder}`, { recursive: true });
writeFileSync(`${dist}index.html`, index);
execFileSync('node', [new URL('csp.mjs', import.meta.url).pathname, `${dist}index.html`], { stdio: 'inherit' });
console.log(`split page: dist/${folder}/ holds ${files.filter((f) => f.endsWith('.wasm')).length} wasm modules`);
