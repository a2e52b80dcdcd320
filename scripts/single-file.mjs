// Writes dist/milvus-import-monitor.html: the whole page in one file that works opened from
// disk (file://, where the browser blocks a module script or a wasm fetched beside the page) and
// from any static host, and that can be attached to a ticket. The stylesheet is inlined; the
// wasm-bindgen script is inlined as the page's one module script (its exports dropped); the wasm
// travels as base64 in a non-executed <script> and is instantiated from those bytes. The
// Content-Security-Policy is kept: the one script by hash, WebAssembly compilation, inline styles,
// and connections to the user's Milvus (any http(s) origin; a report narrows that to none).
// `make build` runs it after Trunk.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const dist = new URL('../dist/', import.meta.url);
const read = (name) => readFileSync(new URL(name, dist));
const index = read('index.html').toString('utf8');
const find = (pattern, what) => index.match(pattern)?.[1] ?? (() => { throw new Error(`dist/index.html: no ${what}`); })();
const jsName = find(/from '\.\/(app-[0-9a-f]+\.js)'/, 'script');
const wasmName = find(/module_or_path: '\.\/(app-[0-9a-f]+_bg\.wasm)'/, 'wasm');
const cssName = find(/href="\.\/(style-[0-9a-f]+\.css)"/, 'stylesheet');

// The module's exports are dropped: in one file nothing imports them.
const glue = read(jsName).toString('utf8')
  .replace(/^export (function|class|const|let) /gm, '$1 ')
  .replace(/^export \{[^}]*\};?[ \t]*$/gm, '');
if (/^\s*(import|export)\b/m.test(glue)) throw new Error(`${jsName} still imports or exports after inlining`);
if (!glue.includes('async function __wbg_init(')) throw new Error(`${jsName} has no __wbg_init`);
const boot = `${glue}
// The page's WebAssembly, from the base64 beside this script: no request, so it works from disk.
const wasmText = document.getElementById("mim-wasm").textContent.trim();
const wasmBytes = Uint8Array.from(atob(wasmText), (c) => c.charCodeAt(0));
await __wbg_init({ module_or_path: wasmBytes });
`;
const hash = createHash('sha256').update(boot).digest('base64');
const policy = [
  "default-src 'none'",
  `script-src 'wasm-unsafe-eval' 'sha256-${hash}'`,
  "style-src 'unsafe-inline'",
  'img-src data:',
  'connect-src http: https:',
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
const css = read(cssName).toString('utf8');
if (css.includes('</style')) throw new Error('the stylesheet would close its <style>');
if (/<\/script|<!--|<script/i.test(boot)) throw new Error('the script holds text that would end or escape its <script>');
const title = find(/<title>([^<]*)<\/title>/, 'title');

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta http-equiv="Content-Security-Policy" content="${policy}" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="color-scheme" content="light dark" />
<title>${title}</title>
<style>
${css}
</style>
</head>
<body>
<noscript>The Milvus import monitor needs JavaScript and WebAssembly.</noscript>
<script type="application/octet-stream" id="mim-wasm" data-mim-page>${read(wasmName).toString('base64')}</script>
<script type="module" data-mim-page>${boot}</script>
</body>
</html>
`;
writeFileSync(new URL('milvus-import-monitor.html', dist), html);
console.log(`dist/milvus-import-monitor.html: ${html.length} bytes`);
