// Decoding against JSON.parse, in Node: the median time per call of a decoder and of
// JSON.parse on the same body, rounds interleaved so the machine's drift falls on both alike.
import { importBody } from './poll.mjs';
import { median } from './stats.mjs';


/** `{ size, ours, theirs, ratio }` (ms per call) for `decode` (bytes in) on `n` file groups. */
export function versusJsonParse(n, decode, { rounds = 31, budgetMs = 40 } = {}) {
  const text = importBody(n);
  const bytes = new TextEncoder().encode(text);
  // Enough calls per round for ~`budgetMs` of JSON.parse: short rounds are noise.
  let reps = 1;
  for (let t = 0; t < 5; reps *= 2) {
    const start = performance.now();
    for (let i = 0; i < reps; i++) JSON.parse(text);
    t = performance.now() - start;
    if (t * 2 > budgetMs) break;
  }
  for (let i = 0; i < reps; i++) { decode(bytes); JSON.parse(text); }
  const mine = [], theirs = [];
  for (let round = 0; round < rounds; round++) {
    let t = performance.now();
    for (let i = 0; i < reps; i++) decode(bytes);
    mine.push((performance.now() - t) / reps);
    t = performance.now();
    for (let i = 0; i < reps; i++) JSON.parse(text);
    theirs.push((performance.now() - t) / reps);
  }
  return { size: bytes.length, ours: median(mine), theirs: median(theirs), ratio: median(mine) / median(theirs) };
}
