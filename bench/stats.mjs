// What the bench's measures share: the median of repeated runs, and brotli's size of some bytes
// (quality 11, as a static host would serve them).
import { brotliCompressSync, constants } from 'node:zlib';

/** The median of `xs` (the upper one of an even count). */
export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** Brotli's size of `bytes` at quality 11. */
export const brotliBytes = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
