// Adds a Content-Security-Policy to the built page (dist/index.html) that allows exactly what
// it needs: its own scripts (the inline bootstrap Trunk writes, by hash), WebAssembly
// compilation, its stylesheet and the inline widths of progress bars, and connections to the
// user's Milvus endpoint, which is only known at run time, so any http(s) origin.
// Trunk runs it as a post_build hook (Trunk.toml), on the staged page, so `trunk build` and
// `trunk serve` both serve the page with its policy.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const staged = process.env.TRUNK_STAGING_DIR;
const file = process.argv[2] ?? (staged ? `${staged}/index.html` : 'dist/index.html');
let html = readFileSync(file, 'utf8').replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, '');
const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .map(([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' http: https:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
html = html.replace(/<head>/, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
writeFileSync(file, html);
console.log(`CSP: ${hashes.length} inline script(s) allowed by hash`);
