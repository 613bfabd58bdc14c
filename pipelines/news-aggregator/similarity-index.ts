import { contentWordHashes, MinHasher, shingleHashes } from './minhash.js';

export interface SimilarityIndexOptions {
  /** MinHash functions per signature. */
  readonly hashes: number;
  /** LSH bands; `hashes / bands` rows each. */
  readonly bands: number;
  /**
   * Articles kept per LSH bucket, the most recently kept: boilerplate ("X shares rise on upgrade",
   * every day) would otherwise fill a bucket with thousands of ids, all checked for every new one.
   */
  readonly maxBucket: number;
}

/**
 * What is known of each kept article's text, in typed arrays:
 *
 * - a MinHash signature of its word shingles, with LSH banding: a signature is cut into `bands`
 *   bands of `rows` values, and two articles are candidates when any band is equal, which happens
 *   with probability 1 - (1 - J^rows)^bands for Jaccard similarity J. With 64 hashes in 16 bands
 *   of 4, a pair at J = 0.8 is a candidate 99.9% of the time, at J = 0.5 64%, at J = 0.2 2.5%:
 *   finding near-duplicates costs a few bucket look-ups, not a pass over everything read, and at
 *   most `bands × maxBucket` candidates are checked per article;
 * - its set of content words (sorted hashes), for the exact word overlap that decides whether
 *   two articles sharing a ticker tell one story (rewrites share words, not phrasing).
 *
 * About 4 bytes per hash and per content word of each kept article.
 */
export class SimilarityIndex {
  readonly rows: number;
  private readonly hasher: MinHasher;
  /** Per band: band key → the ids in that bucket; a lone id is stored as a number (most buckets hold one). */
  private readonly buckets: Map<number, number | number[]>[];
  private signatures: Uint32Array;
  private words: Uint32Array = new Uint32Array(1 << 16);
  /** Article `id`'s content words are `words[wordStart[id] .. wordStart[id + 1])`. */
  private wordStart = new Int32Array(1024);
  private wordHashes: Uint32Array = new Uint32Array(256);
  private wordCount = 0;
  private shingles: Uint32Array = new Uint32Array(512);
  private shingleCount = 0;
  /** Query stamp per article id, so each candidate is reported once without a Set per query. */
  private seenAt = new Int32Array(1024);
  private query = 0;
  private count = 0;

  constructor(readonly options: SimilarityIndexOptions) {
    if (options.hashes % options.bands !== 0) throw new RangeError(`${options.hashes} hashes do not split into ${options.bands} bands`);
    this.rows = options.hashes / options.bands;
    this.hasher = new MinHasher(options.hashes);
    this.buckets = Array.from({ length: options.bands }, () => new Map<number, number | number[]>());
    this.signatures = new Uint32Array(1024 * options.hashes);
  }

  /** Articles kept so far; also the id the article signed last gets if it is kept. */
  get pending(): number {
    return this.count;
  }

  /**
   * Signs an article's words into the pending slot and lists its LSH candidates among the kept
   * articles. An article with no content words gets none: an empty set is similar to nothing.
   */
  sign(articleWords: readonly string[], candidates: number[]): void {
    const { hashes } = this.options;
    const id = this.count;
    if ((id + 1) * hashes > this.signatures.length) this.signatures = grow(this.signatures, this.signatures.length * 2);
    const content = contentWordHashes(articleWords, this.wordHashes);
    this.wordHashes = content.hashes;
    this.wordCount = content.count;
    const shingles = shingleHashes(content.hashes, content.count, this.shingles);
    this.shingles = shingles.hashes;
    this.shingleCount = shingles.count;
    this.hasher.sign(shingles.hashes, shingles.count, this.signatures, id * hashes);
    candidates.length = 0;
    if (shingles.count === 0) return;
    if (this.seenAt.length <= id) this.seenAt = grow(this.seenAt, this.seenAt.length * 2);
    const stamp = ++this.query;
    for (let band = 0; band < this.options.bands; band++) {
      const bucket = this.buckets[band]!.get(this.bandKey(id, band));
      if (bucket === undefined) continue;
      if (typeof bucket === 'number') {
        this.candidate(bucket, stamp, candidates);
        continue;
      }
      for (const other of bucket) this.candidate(other, stamp, candidates);
    }
  }

  private candidate(other: number, stamp: number, candidates: number[]): void {
    if (this.seenAt[other] === stamp) return;
    this.seenAt[other] = stamp;
    candidates.push(other);
  }

  /** Keeps the article signed last: it gets the pending id, and later articles find it. */
  keep(): number {
    const id = this.count++;
    this.keepWords(id);
    if (this.shingleCount === 0) return id;
    for (let band = 0; band < this.options.bands; band++) {
      const buckets = this.buckets[band]!;
      const key = this.bandKey(id, band);
      const bucket = buckets.get(key);
      if (bucket === undefined) {
        buckets.set(key, id);
      } else if (typeof bucket === 'number') {
        buckets.set(key, [bucket, id]);
      } else {
        bucket.push(id);
        if (bucket.length > this.options.maxBucket) bucket.shift();
      }
    }
    return id;
  }

  /** Estimated Jaccard similarity of the word shingles of two articles (kept or pending): the share of equal MinHash values. */
  estimate(a: number, b: number): number {
    const { hashes } = this.options;
    const sigs = this.signatures;
    let equal = 0;
    for (let i = 0, x = a * hashes, y = b * hashes; i < hashes; i++, x++, y++) if (sigs[x] === sigs[y]) equal++;
    return equal / hashes;
  }

  /**
   * Content words two kept articles share, over the words of the shorter one (the overlap
   * coefficient): a two-line teaser and a full summary of one story score high, as they should,
   * where their Jaccard similarity would be dragged down by the longer text.
   */
  wordOverlap(a: number, b: number): number {
    const words = this.words;
    let i = this.wordStart[a]!;
    const endA = this.wordStart[a + 1]!;
    let j = this.wordStart[b]!;
    const endB = this.wordStart[b + 1]!;
    const shorter = Math.min(endA - i, endB - j);
    if (shorter === 0) return 0;
    let shared = 0;
    while (i < endA && j < endB) {
      const x = words[i]!;
      const y = words[j]!;
      if (x === y) {
        shared++;
        i++;
        j++;
      } else if (x < y) i++;
      else j++;
    }
    return shared / shorter;
  }

  /** Appends the pending article's content words, sorted and unique. */
  private keepWords(id: number): void {
    if (this.wordStart.length <= id + 1) this.wordStart = grow(this.wordStart, this.wordStart.length * 2);
    const start = this.wordStart[id]!;
    if (this.words.length < start + this.wordCount) this.words = grow(this.words, Math.max(this.words.length * 2, start + this.wordCount));
    const sorted = this.wordHashes.subarray(0, this.wordCount).sort();
    let end = start;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) this.words[end++] = sorted[i]!;
    this.wordStart[id + 1] = end;
  }

  private bandKey(id: number, band: number): number {
    let h = band;
    const start = id * this.options.hashes + band * this.rows;
    for (let i = start; i < start + this.rows; i++) h = (Math.imul(h, 0x01000193) ^ this.signatures[i]!) >>> 0;
    return h;
  }
}

function grow<T extends Uint32Array | Int32Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (length: number) => T)(length);
  grown.set(array);
  return grown;
}
