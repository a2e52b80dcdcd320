// The floor under the page's size: bench/floor, the smallest Yew widget that watches a job,
// built as the page is (release profile, wasm-bindgen for the web, wasm-opt -Oz), in brotli bytes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { brotliBytes } from './stats.mjs';

const brotli = (file) => brotliBytes(readFileSync(file));

/** Builds bench/floor into `<targetDir>/size-floor`; its wasm and JS, brotli -11, in bytes. */
export function sizeFloor(root, targetDir) {
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: `${root}bench/floor`, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CARGO_TARGET_DIR: targetDir } });
  run('cargo', ['build', '--quiet', '--locked', '--release', '--target', 'wasm32-unknown-unknown']);
  const out = `${targetDir}/size-floor`;
  mkdirSync(out, { recursive: true });
  run('wasm-bindgen', ['--target', 'web', '--out-dir', out, `${targetDir}/wasm32-unknown-unknown/release/size-floor.wasm`]);
  run('wasm-opt', ['-Oz', `${out}/size-floor_bg.wasm`, '-o', `${out}/size-floor_bg.wasm`]);
  const wasm = brotli(`${out}/size-floor_bg.wasm`), js = brotli(`${out}/size-floor.js`);
  return { wasm, js, total: wasm + js };
}
