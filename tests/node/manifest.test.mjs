// custom-elements.json lists exactly what the element declares, each list checked against the
// thing itself: the attributes the element's class observes, the methods and property on its
// prototype, the event names the widget's WebAssembly dispatches, the part names its views carry
// and the custom properties its stylesheet defines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const pkg = new URL('pkg/', root);
const manifest = JSON.parse(readFileSync(new URL(JSON.parse(readFileSync(new URL('package.json', pkg), 'utf8')).customElements, pkg), 'utf8'));
const [module] = manifest.modules;
const element = module.declarations[0];
const names = (list) => list.map((item) => item.name).sort();

/** The element's class, defined against the smallest stand-in for a DOM registry. */
async function elementClass() {
  const registry = new Map();
  globalThis.HTMLElement = class {};
  globalThis.customElements = {
    get: (name) => registry.get(name),
    define: (name, constructor) => {
      if (registry.has(name)) throw new Error(`${name} has already been defined`);
      registry.set(name, constructor);
    },
  };
  try {
    const { defineMonitorElement } = await import(new URL('element-class.js', pkg));
    const defined = defineMonitorElement();
    // Defining twice is harmless: the registered class comes back, nothing is defined again.
    assert.equal(defineMonitorElement(), defined);
    assert.deepEqual([...registry.keys()], ['milvus-import-monitor']);
    return defined;
  } finally {
    delete globalThis.HTMLElement;
    delete globalThis.customElements;
  }
}

test('the manifest follows the Custom Elements Manifest schema and names the element', () => {
  assert.equal(manifest.schemaVersion, '2.1.0');
  assert.equal(module.kind, 'javascript-module');
  assert.equal(element.tagName, 'milvus-import-monitor');
  assert.equal(element.customElement, true);
  assert.deepEqual(module.exports, [{ kind: 'custom-element-definition', name: 'milvus-import-monitor', declaration: { name: element.name, module: module.path } }]);
  for (const list of ['attributes', 'members', 'events', 'cssParts', 'cssProperties']) {
    assert.ok(element[list].length > 0 && element[list].every((item) => item.name && item.description), `${list} are named and described`);
  }
});

test('attributes, property and methods: exactly those of the element class', async () => {
  const Element = await elementClass();
  assert.deepEqual(names(element.attributes), [...Element.observedAttributes].sort());
  const prototype = Object.getOwnPropertyNames(Element.prototype).filter((name) => name !== 'constructor' && !name.startsWith('_') && !name.endsWith('Callback'));
  assert.deepEqual(names(element.members), prototype.sort());
  const token = Object.getOwnPropertyDescriptor(Element.prototype, 'token');
  assert.ok(token.get && token.set, 'token is a property');
  assert.deepEqual(element.members.filter((m) => m.kind === 'field').map((m) => m.name), ['token']);
  assert.ok(!names(element.attributes).includes('token'), 'the token is never an attribute');
});

test('events: exactly the names the widget dispatches', () => {
  // The widget's WebAssembly holds the names it dispatches, packed together in its data; the
  // tag is the one other name with that prefix. Every declared name is there, and nothing else.
  const wasm = readFileSync(new URL('milvus_import_monitor_bg.wasm', pkg)).toString('latin1');
  for (const event of element.events) assert.ok(wasm.includes(event.name), `the widget has ${event.name}`);
  const others = wasm.split('milvus-import-').slice(1).filter((rest) => !rest.startsWith('monitor'));
  assert.equal(others.length, element.events.length, 'no event name besides the declared ones');
  for (const event of element.events) assert.match(event.type.text, /^CustomEvent<.+>$/);
  // The TypeScript event map declares the same names.
  const types = readFileSync(new URL('element-types.d.ts', pkg), 'utf8');
  const mapped = [...types.slice(types.indexOf('interface MilvusImportMonitorEventMap')).split('\n}')[0].matchAll(/"(milvus-import-[a-z-]+)": CustomEvent</g)].map((m) => m[1]);
  assert.deepEqual(mapped.sort(), names(element.events));
});

test('parts: exactly the part names in the widget\'s views', () => {
  const dir = new URL('src/view/', root);
  const source = readdirSync(dir).filter((f) => f.endsWith('.rs')).map((f) => readFileSync(new URL(f, dir), 'utf8')).join('\n');
  const parts = new Set([...source.matchAll(/\bpart="([a-z-]+)"/g)].map((m) => m[1]));
  // The progress bar names its fill after its own part (`<part>-fill`).
  for (const bar of [...source.matchAll(/<ProgressBar [^>]*\bpart="([a-z-]+)"/g)].map((m) => m[1])) parts.add(`${bar}-fill`);
  assert.deepEqual(names(element.cssParts), [...parts].sort());
});

test('CSS custom properties: exactly the theme the stylesheet defines', () => {
  const css = readFileSync(new URL('static/style.css', root), 'utf8');
  const defined = new Set([...css.matchAll(/(--mim-[a-z-]+)\s*:/g)].map((m) => m[1]));
  assert.deepEqual(names(element.cssProperties), [...defined].sort());
});
