// The page's wasm by crate, by module of this crate and by function, from twiggy 0.8 on the
// module wasm-bindgen wrote for Trunk before wasm-opt (it still has its function names; wasm-opt
// then shrinks it, so these are shares of the code, not shipped bytes). The name section itself
// is left out: it is not shipped.
import { execFileSync } from 'node:child_process';

/** Without the disambiguating hashes rustc puts in names (`core[c5930c85a12de822]::`). */
const clean = (name) => name.replace(/\[[0-9a-f]{16}\]/g, '').replace(/::h[0-9a-f]{16}$/, '');

/** The crate an item belongs to: the first path segment of its demangled name (of the trait,
 *  for a primitive's impl); `null` for what is not shipped (the name section itself). */
function crateOf(name) {
  if (name.includes('subsection') || name.startsWith('custom section')) return null;
  if (name.startsWith('data segment')) return '(data: strings and constants)';
  if (/^(elem|table|memory|global|type|import|export)\[/.test(name)) return '(tables and sections)';
  const first = name.replace(/^<+&?(mut )?(dyn )?/, '').match(/^([A-Za-z_][A-Za-z0-9_]*)::/);
  if (first) return first[1];
  const trait = name.match(/ as ([A-Za-z_][A-Za-z0-9_]*)::/);
  if (trait) return trait[1];
  if (/^<(str|char|f32|f64|[iu](8|16|32|64|128|size)|bool|\[)/.test(name)) return 'core';
  return '(other: glue, allocator, unnamed)';
}

/** `milvus_import_monitor::view::batch::…` → `view::batch`. */
function moduleOf(name) {
  const path = name.replace(/^<+&?(mut )?/, '').match(/^milvus_import_monitor::([a-z_]+)(?:::([a-z_]+))?/);
  return path ? (path[2] && !/^[A-Z]/.test(path[2]) ? `${path[1]}::${path[2]}` : path[1]) : null;
}

const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]);

/** `{ total, crates, modules, functions }`, each a list of `[name, bytes]`, largest first. */
export function sizeProfile(wasm) {
  const items = JSON.parse(execFileSync('twiggy', ['top', '-n', '1000000', '--format', 'json', wasm], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
  const crates = new Map();
  const modules = new Map();
  let total = 0;
  const shipped = items.map((i) => ({ name: clean(i.name), bytes: i.shallow_size })).filter((i) => crateOf(i.name) !== null);
  for (const { name, bytes } of shipped) {
    total += bytes;
    const crate = crateOf(name);
    crates.set(crate, (crates.get(crate) ?? 0) + bytes);
    const module = moduleOf(name);
    if (module) modules.set(module, (modules.get(module) ?? 0) + bytes);
  }
  const functions = shipped.filter((i) => !crateOf(i.name).startsWith('(')).map((i) => [i.name, i.bytes]);
  return { total, crates: sorted(crates), modules: sorted(modules), functions };
}
