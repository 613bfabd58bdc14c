import { describe, expect, it } from 'vitest';
import { SimilarityIndex } from '../../../../pipelines/news-aggregator/similarity-index.js';
import { UnionFind } from '../../../../pipelines/news-aggregator/union-find.js';
import { words } from '../../../../pipelines/news-aggregator/words.js';

/** Distinct made-up words, so the exact Jaccard similarity of two texts is known by construction. */
const vocabulary = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);

function indexOf(texts: readonly string[]): { index: SimilarityIndex; candidates: number[][] } {
  const index = new SimilarityIndex({ hashes: 64, bands: 16, maxBucket: 64 });
  const candidates: number[][] = [];
  for (const text of texts) {
    const found: number[] = [];
    index.sign(words(text), found);
    candidates.push([...found].sort((a, b) => a - b));
    index.keep();
  }
  return { index, candidates };
}

describe('SimilarityIndex', () => {
  it('estimates Jaccard similarity of word shingles within MinHash error, the same on every run', () => {
    // 40 words; the copy changes the last 2: shingles are 40 words + 39 pairs. Shared: 38 words + 37 pairs = 75;
    // union: 75 + 2·(2 words + 2 pairs) = 83. Exact J = 75/83 = 0.904.
    const base = vocabulary('w', 40);
    const copy = [...base.slice(0, 38), 'zzfirst', 'zzsecond'];
    const other = vocabulary('q', 40);
    const { index } = indexOf([base.join(' '), copy.join(' '), other.join(' ')]);
    expect(Math.abs(index.estimate(0, 1) - 75 / 83)).toBeLessThan(0.15);
    expect(index.estimate(0, 2)).toBeLessThan(0.1);
    expect(indexOf([base.join(' '), copy.join(' ')]).index.estimate(0, 1)).toBe(index.estimate(0, 1));
  });

  it('makes near-duplicates LSH candidates and leaves unrelated texts out', () => {
    const base = vocabulary('w', 40);
    const texts = [base.join(' '), vocabulary('q', 40).join(' '), [...base.slice(0, 39), 'zzlast'].join(' '), vocabulary('r', 40).join(' ')];
    const { candidates } = indexOf(texts);
    expect(candidates).toEqual([[], [], [0], []]);
  });

  it('ignores case and stop words, and never pairs an article that has no content words', () => {
    const { index, candidates } = indexOf(['The Nvidia Results', 'the nvidia results', 'the of and', 'and the of']);
    expect(index.estimate(0, 1)).toBe(1);
    expect(candidates[3]).toEqual([]);
  });

  it('gives the word overlap over the shorter article exactly', () => {
    // Content words: {nvidia, revenue, tops, forecasts} and {nvidia, shares, climb, revenue, surge, strength}: 2 shared of 4.
    const { index } = indexOf(['Nvidia revenue tops forecasts', 'Nvidia shares climb as revenue and strength surge', 'Tesla recalls cars']);
    expect(index.wordOverlap(0, 1)).toBe(0.5);
    expect(index.wordOverlap(1, 0)).toBe(0.5);
    expect(index.wordOverlap(0, 2)).toBe(0);
  });
});

describe('UnionFind', () => {
  it('joins transitively', () => {
    const sets = new UnionFind();
    for (let id = 0; id < 2000; id++) sets.add(id);
    sets.union(1, 2);
    sets.union(2, 1500);
    sets.union(7, 8);
    expect(sets.find(1500)).toBe(sets.find(1));
    expect(sets.find(7)).toBe(sets.find(8));
    expect(sets.find(7)).not.toBe(sets.find(1));
    expect(sets.find(3)).toBe(3);
  });
});
