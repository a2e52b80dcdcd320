// The built page's bytes as the browser fetches them (brotli, quality 11), read from dist/:
// - firstLoad: what is fetched before the form can be used: the HTML, the stylesheet, the
//   wasm-bindgen glue, the main module and __wasm_split.js (the glue imports it);
// - parts: each part's own module and the shared chunks it needs (__wasm_split.js lists them);
// - jobByLink: the first load and the page's engine (with the chunks it needs): what a link to
//   a job fetches before the job is shown (the engine holds the requests and the job's view);
// - total: every file of the page (the one-file copy, dist/milvus-import-monitor.html, is the
//   same page again, inlined, and is not counted);
// - oneModule: the page as one module (the wasm and glue the one-file copy inlines), what the
//   split is weighed against.
// scripts/size-budget.mjs holds them to bench/size-budget.json; make bench reports them.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** The sizes of the page in `dist` (a path ending in `/`). */
export function pageSizes(dist) {
  const files = readdirSync(dist, { recursive: true }).map(String)
    .filter((f) => /\.(wasm|js|css|html)$/.test(f) && f !== 'milvus-import-monitor.html' && statSync(`${dist}${f}`).isFile());
  const size = new Map(files.map((f) => [f, brotli(readFileSync(`${dist}${f}`))]));
  const sum = (names) => names.reduce((n, f) => n + (size.get(f) ?? missing(f)), 0);
  const missing = (f) => { throw new Error(`dist/${f}: not built`); };
  const folder = files.find((f) => /^parts-[0-9a-f]+[/\\]app\.js$/.test(f))?.replace(/app\.js$/, '');
  if (!folder) throw new Error('dist/: no parts-<hash>/app.js (scripts/build-page.sh has not run)');
  const first = ['index.html', ...files.filter((f) => f.endsWith('.css')), `${folder}app.js`, `${folder}app_bg.wasm`, `${folder}__wasm_split.js`];
  const wasm = partFiles(readFileSync(`${dist}${folder}__wasm_split.js`, 'utf8'));
  const parts = Object.fromEntries(Object.entries(wasm)
    .map(([name, wasm]) => [name, { files: wasm.length, bytes: sum(wasm.map((f) => `${folder}${f}`)) }]));
  const firstLoad = sum(first);
  const byLink = ['engine'].map((name) => wasm[name] ?? (() => { throw new Error(`__wasm_split.js: no ${name} part`); })());
  const byLinkFiles = [...new Set(byLink.flat())].map((f) => `${folder}${f}`);
  const jobByLink = firstLoad + sum(byLinkFiles);
  return { firstLoad, jobByLink, jobByLinkFiles: first.length + byLinkFiles.length, parts, total: sum(files), oneModule: oneModule(dist, sum(first.slice(0, -3))), folder };
}

/** The same page as one module, as Trunk built it: the HTML and CSS (`htmlAndCss`), and the
 *  wasm and glue the one-file page inlines (scripts/single-file.mjs), each as a file of its own. */
function oneModule(dist, htmlAndCss) {
  const page = readFileSync(`${dist}milvus-import-monitor.html`, 'utf8');
  const wasm = page.match(/<script type="application\/octet-stream" id="mim-wasm" data-mim-page>([^<]*)<\/script>/)?.[1];
  const glue = page.match(/<script type="module" data-mim-page>([\s\S]*?)<\/script>/)?.[1];
  if (!wasm || !glue) throw new Error('dist/milvus-import-monitor.html: no inlined wasm or script');
  return htmlAndCss + brotli(Buffer.from(wasm, 'base64')) + brotli(Buffer.from(glue));
}

/** Each part's wasm files (its own and the chunks it waits for), as __wasm_split.js loads them. */
export function partFiles(loader) {
  const chunks = new Map([...loader.matchAll(/const (__chunk_\d+) = makeLoad\([\s\S]*?"\.\/([\w.]+\.wasm)"/g)].map((m) => [m[1], m[2]]));
  const parts = {};
  // Each loader: `makeLoad(<fetch of its own file, or none when it is empty>, [<chunks>]))`.
  for (const [, name, body, list] of loader.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(([\s\S]*?), \[([^\]]*)\]\)\);/g)) {
    const own = [...body.matchAll(/"\.\/([\w.]+\.wasm)"/g)].map((m) => m[1]);
    const deps = list.split(',').map((d) => d.trim()).filter(Boolean);
    parts[name] = [...own, ...deps.map((d) => chunks.get(d) ?? (() => { throw new Error(`__wasm_split.js: no ${d}`); })())];
  }
  return parts;
}
