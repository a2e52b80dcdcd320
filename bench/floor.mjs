// The floors under the page (bench/floor, built as the page is: release profile, wasm-bindgen
// for the web, wasm-opt -Oz): the smallest Yew widget that watches a job, in brotli bytes, under
// the page's size; and the smallest Yew page that draws the vanilla page's first screen, under
// its startup.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliBytes } from './stats.mjs';

const brotli = (file) => brotliBytes(readFileSync(file));

/** Builds bench/floor's two binaries and runs wasm-bindgen and wasm-opt on `bin` into `out`. */
function buildFloor(root, targetDir, bin, out) {
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: `${root}bench/floor`, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CARGO_TARGET_DIR: targetDir } });
  run('cargo', ['build', '--quiet', '--locked', '--release', '--target', 'wasm32-unknown-unknown']);
  mkdirSync(out, { recursive: true });
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', out, `${targetDir}/wasm32-unknown-unknown/release/${bin}.wasm`]);
  run('wasm-opt', ['-Oz', `${out}/${bin}_bg.wasm`, '-o', `${out}/${bin}_bg.wasm`]);
}

/** Builds bench/floor into `<targetDir>/size-floor`; its wasm and JS, brotli -11, in bytes. */
export function sizeFloor(root, targetDir) {
  const out = `${targetDir}/size-floor`;
  buildFloor(root, targetDir, 'size-floor', out);
  const wasm = brotli(`${out}/size-floor_bg.wasm`), js = brotli(`${out}/size-floor.js`);
  return { wasm, js, total: wasm + js };
}

/**
 * Builds bench/floor's `form` into `<targetDir>/startup-floor/`, a page started as Trunk starts
 * the monitor's (a module script, its glue preloaded, its wasm preloaded as a fetch), with the
 * same stylesheet as bench/vanilla. Returns the folder, for a stand-in to serve.
 */
export function startupFloor(root, targetDir) {
  const out = `${targetDir}/startup-floor`;
  buildFloor(root, targetDir, 'form', out);
  copyFileSync(`${root}static/style.css`, `${out}/style.css`);
  writeFileSync(`${out}/index.html`, `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Startup floor</title>
    <link rel="stylesheet" href="./style.css" />
    <script type="module">
import init from './form.js';
await init({ module_or_path: './form_bg.wasm' });
    </script>
    <link rel="modulepreload" href="./form.js" crossorigin="anonymous"><link rel="preload" href="./form_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm">
  </head>
  <body></body>
</html>
`);
  return out;
}
