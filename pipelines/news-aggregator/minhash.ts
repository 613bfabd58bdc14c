import { POSSESSIVE_MARK } from './words.js';

/** Words that say nothing about what an article is about; left out of its shingles. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by for from has have he her his in into is it its of on or our says said ' +
    'she that the their them they this to was were will with after before over under than then there these those ' +
    'up down out about more most new also just not no so we you i'
  ).split(' '),
);
STOP_WORDS.add(POSSESSIVE_MARK);

/** murmur3's finaliser: a cheap, well-mixed 32-bit hash of a 32-bit value. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units. */
function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Hashes of an article's content words in order (lower-cased, stop words left out), into `out` (grown when full). */
export function contentWordHashes(articleWords: readonly string[], out: Uint32Array): { readonly hashes: Uint32Array; readonly count: number } {
  let buffer = out;
  let count = 0;
  for (const word of articleWords) {
    const lower = word.toLowerCase();
    if (STOP_WORDS.has(lower)) continue;
    if (count === buffer.length) buffer = grow(buffer, buffer.length * 2);
    buffer[count++] = hashWord(lower);
  }
  return { hashes: buffer, count };
}

/**
 * The shingles of `count` content-word hashes: each word and each pair of consecutive words.
 * Single words make rewrites of one story similar; pairs make a copy far more similar than a
 * rewrite. Written into `out` (grown when full).
 */
export function shingleHashes(wordHashes: Uint32Array, count: number, out: Uint32Array): { readonly hashes: Uint32Array; readonly count: number } {
  const buffer = out.length >= 2 * count ? out : new Uint32Array(Math.max(2 * count, 2 * out.length));
  buffer.set(wordHashes.subarray(0, count));
  let n = count;
  for (let i = 1; i < count; i++) buffer[n++] = mix32(Math.imul(wordHashes[i - 1]!, 31) ^ wordHashes[i]!);
  return { hashes: buffer, count: n };
}

function grow(array: Uint32Array, length: number): Uint32Array {
  const grown = new Uint32Array(length);
  grown.set(array);
  return grown;
}

/**
 * MinHash signatures: `size` hash functions `a_i·x + b_i mod 2^32` (a_i odd, so each is a
 * permutation of 32-bit values) over shingle hashes that are already well mixed, with fixed
 * seeds, so signatures (and every similarity) are the same on every run. Two signatures agree at
 * a position with probability close to the Jaccard similarity of their shingle sets. One multiply
 * and one add per shingle and function: the signing loop is the job's hottest.
 */
export class MinHasher {
  private readonly multipliers: Int32Array;
  private readonly increments: Int32Array;

  constructor(readonly size: number) {
    this.multipliers = new Int32Array(size);
    this.increments = new Int32Array(size);
    // splitmix32 from a fixed start.
    let state = 0x9e3779b9;
    for (let i = 0; i < size; i++) {
      state = (state + 0x9e3779b9) >>> 0;
      this.multipliers[i] = mix32(state) | 1;
      state = (state + 0x9e3779b9) >>> 0;
      this.increments[i] = mix32(state);
    }
  }

  /** Writes the signature of `hashes[0..count)` into `out` at `offset`. An empty set signs as all 0xffffffff. */
  sign(hashes: Uint32Array, count: number, out: Uint32Array, offset: number): void {
    const { multipliers, increments, size } = this;
    out.fill(0xffffffff, offset, offset + size);
    for (let s = 0; s < count; s++) {
      const h = hashes[s]!;
      for (let i = 0; i < size; i++) {
        const v = (Math.imul(h, multipliers[i]!) + increments[i]!) >>> 0;
        if (v < out[offset + i]!) out[offset + i] = v;
      }
    }
  }
}
