// Fails on an import cycle between the files of a crate (src/, wire/src, sim/src): file A uses
// a name defined in file B, which (directly or through others) uses a name defined in A.
//
// A file's imports are its `use` declarations and its inline `crate::`/`super::`/`self::`
// paths, outside comments, strings and `#[cfg(test)]` modules. Each name is resolved to the
// file that defines it, through `pub use` re-exports (a `mod.rs` that re-exports its children's
// names is not where they live; its re-exports are not imports of its own). So a parent may
// re-export its children, and a child may import its siblings; a child that uses a name its
// parent defines, while the parent uses one of the child's, is a cycle.
// Usage: node scripts/import-cycles.mjs [crate source folders…]  (exit 1 on a cycle)
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const crates = process.argv.length > 2 ? process.argv.slice(2) : ['src', 'wire/src', 'sim/src'];

function rustFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? rustFiles(path) : name.endsWith('.rs') ? [path] : [];
  });
}

/** `src/a/b.rs` → ['a', 'b']; `src/a/mod.rs` → ['a']; `src/lib.rs` → []; binaries: null. */
function modulePath(crateDir, file) {
  const parts = relative(crateDir, file).replace(/\.rs$/, '').split('/');
  if (parts[0] === 'bin') return null;
  if (parts.at(-1) === 'mod') parts.pop();
  if (parts.length === 1 && ['lib', 'main'].includes(parts[0])) return [];
  return parts;
}

/** The source without comments, string contents and `#[cfg(test)]` modules. */
function code(text) {
  let out = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  out = out.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const test = out.search(/#\[cfg\(test\)\]\s*mod\s+\w+\s*\{/);
  return test >= 0 ? out.slice(0, test) : out;
}

/** A `use` tree as paths, each with the name it is known by here (`a::b as c` → c). */
function expand(prefix, tree, out) {
  tree = tree.trim();
  const brace = tree.indexOf('{');
  if (brace < 0) {
    const [path, alias] = tree.split(/\s+as\s+/);
    const segments = [...prefix, ...path.split('::').map((s) => s.trim()).filter(Boolean)];
    out.push({ segments, name: (alias ?? segments.at(-1) ?? '').trim() });
    return;
  }
  const head = tree.slice(0, brace).split('::').map((s) => s.trim()).filter(Boolean);
  const body = tree.slice(brace + 1, tree.lastIndexOf('}'));
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    const c = body[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if ((c === ',' && depth === 0) || i === body.length) {
      const item = body.slice(start, i).trim();
      if (item) expand([...prefix, ...head], item === 'self' ? '' : item, out);
      start = i + 1;
    }
  }
}

let cycles = 0;
for (const crate of crates) {
  const crateDir = join(root, crate);
  if (!existsSync(crateDir)) continue;
  const files = new Map();
  for (const path of rustFiles(crateDir)) {
    const module = modulePath(crateDir, path);
    if (module === null) continue;
    const source = code(readFileSync(path, 'utf8'));
    const defines = new Set([...source.matchAll(/\b(?:fn|struct|enum|const|static|type|trait|union|mod)\s+([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
    for (const m of source.matchAll(/macro_rules!\s*([A-Za-z_][A-Za-z0-9_]*)/g)) defines.add(m[1]);
    const reexports = [];
    const uses = [];
    for (const m of source.matchAll(/\b(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);/g)) expand([], m[2], m[1] ? reexports : uses);
    const body = source.replace(/\buse\s+[^;]+;/g, '');
    const inline = [...body.matchAll(/\b((?:crate|super|self)(?:::[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((m) => ({ segments: m[1].split('::') }));
    files.set(path, { module, defines, reexports, uses: [...uses, ...inline] });
  }
  const byModule = new Map([...files].map(([path, f]) => [f.module.join('::'), path]));

  /** A path as written in the file of `module` → a path from the crate root, or null (another crate). */
  const absolute = (module, segments) => {
    if (segments[0] === 'crate') return segments.slice(1);
    if (segments[0] === 'self') return [...module, ...segments.slice(1)];
    if (segments[0] === 'super') {
      let base = [...module];
      let i = 0;
      while (segments[i] === 'super') { base = base.slice(0, -1); i++; }
      return [...base, ...segments.slice(i)];
    }
    // `use child::Name` where this module declares `mod child;` (2018 paths).
    if (byModule.has([...module, segments[0]].join('::'))) return [...module, ...segments];
    return null;
  };

  /** The file that defines what `path` (from the crate root) names. */
  const resolve = (path, depth = 0) => {
    for (let n = path.length; n >= 0; n--) {
      const file = byModule.get(path.slice(0, n).join('::'));
      if (file === undefined) continue;
      const rest = path.slice(n);
      const f = files.get(file);
      if (rest.length === 0 || f.defines.has(rest[0]) || depth > 16) return file;
      const through = f.reexports.find((r) => r.name === rest[0]);
      if (through) {
        const target = absolute(f.module, through.segments);
        return target ? resolve([...target, ...rest.slice(1)], depth + 1) : file;
      }
      for (const glob of f.reexports.filter((r) => r.name === '*')) {
        const target = absolute(f.module, glob.segments.slice(0, -1));
        if (target) {
          const found = resolve([...target, ...rest], depth + 1);
          if (found !== byModule.get(target.join('::')) || files.get(found)?.defines.has(rest[0])) return found;
        }
      }
      return file;
    }
    return null;
  };

  const edges = new Map([...files.keys()].map((path) => [path, new Set()]));
  for (const [path, f] of files) {
    for (const use of f.uses) {
      const target = absolute(f.module, use.segments.filter((s) => s !== '*'));
      const file = target && resolve(target);
      if (file && file !== path) edges.get(path).add(file);
    }
  }
  // The same graph between the crate's top-level modules (a folder and everything in it, or a
  // file beside lib.rs): `state/` using `batch/` while `batch/` uses `state/` is a cycle too.
  const top = (path) => files.get(path).module[0] ?? '(crate root)';
  const folders = new Map();
  for (const [from, targets] of edges) {
    const a = top(from);
    if (!folders.has(a)) folders.set(a, new Set());
    for (const to of targets) if (top(to) !== a && a !== '(crate root)') folders.get(a).add(top(to));
  }
  report(crate, 'modules', folders, (name) => `${crate}/${name}`);
  report(crate, 'files', edges, (path) => relative(root, path));
}

/** Tarjan's strongly connected components of `graph`: each of more than one node is a cycle. */
function report(crate, level, graph, label) {
  let index = 0;
  const stack = [];
  const info = new Map();
  const visit = (v) => {
    info.set(v, { index, low: index, on: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!info.has(w)) {
        visit(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).on) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
    }
    if (info.get(v).low !== info.get(v).index) return;
    const component = [];
    let w;
    do { w = stack.pop(); info.get(w).on = false; component.push(w); } while (w !== v);
    if (component.length < 2) return;
    cycles++;
    console.error(`import cycle between ${level} of ${crate}: ${component.length}: ${component.map(label).sort().join(', ')}`);
    for (const p of component) {
      const into = [...graph.get(p)].filter((t) => component.includes(t)).map(label);
      console.error(`  ${label(p)} -> ${into.join(', ')}`);
    }
  };
  for (const v of graph.keys()) if (!info.has(v)) visit(v);
}
if (cycles > 0) {
  console.error(`${cycles} import cycle(s): a file must not use a name defined in a file that (through others) uses one of its own.`);
  process.exit(1);
}
console.log(`import cycles: none in ${crates.join(', ')}`);
