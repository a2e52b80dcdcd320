// The READMEs' embedding snippets are the tested examples: each block marked
// `<!-- from examples/… -->` must appear, character for character, in that file, which the
// browser tests build from the packed tarball and drive (e2e/examples.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);

for (const readme of ['README.md', 'npm/README.md']) {
  test(`${readme}: the bundler, React and Vue snippets are copied from the tested examples`, () => {
    const text = readFileSync(new URL(readme, root), 'utf8');
    const blocks = [...text.matchAll(/<!-- from (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)];
    assert.deepEqual(blocks.map(([, path]) => path).sort(), ['examples/react/src/ImportStatus.tsx', 'examples/vite/main.js', 'examples/vue/src/ImportStatus.vue']);
    for (const [, path, code] of blocks) {
      assert.ok(readFileSync(new URL(path, root), 'utf8').includes(code), `${readme}: the block from ${path} is in ${path}`);
    }
  });
}
