import type { Sink } from '../../src/core/sink.js';
import type { IndexedArticle, KeptArticle } from './dedupe-articles.js';
import type { SimilarityIndex } from './similarity-index.js';
import { UnionFind } from './union-find.js';

export interface ClusterOptions {
  /** Word overlap (SimilarityIndex.wordOverlap) from which two articles that share a ticker are one story. */
  readonly storyOverlap: number;
  /** Only articles published this close together join. */
  readonly windowMs: number;
  /** Articles per ticker compared with each new one: the most recently read. */
  readonly perTickerCandidates: number;
}

/**
 * Groups kept articles into stories as they arrive (union-find, so joining is transitive): two
 * articles join when deduplication found them related (MinHash, any tags, untagged news too), or
 * when they share a ticker, were published within the window, and share `storyOverlap` of their
 * content words. Rewrites of one event share its company and some words but little phrasing,
 * below what LSH finds reliably, so the ticker comparison looks at the latest
 * `perTickerCandidates` articles of each of the new one's tickers: cost per article is bounded
 * by its tickers times that, not by the input size.
 */
export class StoryClusterer implements Sink<IndexedArticle> {
  readonly id = 'stories';
  readonly articles: KeptArticle[] = [];
  /** Time spent clustering, for the summary's stage timings. */
  elapsedMs = 0;
  private readonly sets = new UnionFind();
  private readonly latestByTicker = new Map<string, number[]>();
  private readonly compared = new Set<number>();

  constructor(
    private readonly index: SimilarityIndex,
    private readonly options: ClusterOptions,
  ) {}

  async write(records: readonly IndexedArticle[]): Promise<void> {
    const started = performance.now();
    for (const record of records) this.add(record);
    this.elapsedMs += performance.now() - started;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}

  /** The story (its root article id) an article belongs to. */
  storyOf(id: number): number {
    return this.sets.find(id);
  }

  private add({ article, similar }: IndexedArticle): void {
    const { storyOverlap, windowMs, perTickerCandidates } = this.options;
    this.articles.push(article);
    this.sets.add(article.id);
    const compared = this.compared;
    compared.clear();
    for (const { id } of similar) {
      compared.add(id);
      this.sets.union(article.id, id);
    }
    for (const ticker of article.tickers) {
      let latest = this.latestByTicker.get(ticker);
      if (latest === undefined) {
        latest = [];
        this.latestByTicker.set(ticker, latest);
      }
      for (const other of latest) {
        if (compared.has(other)) continue;
        compared.add(other);
        if (Math.abs(this.articles[other]!.publishedMs - article.publishedMs) > windowMs) continue;
        if (this.index.wordOverlap(article.id, other) >= storyOverlap) this.sets.union(article.id, other);
      }
      latest.push(article.id);
      if (latest.length > perTickerCandidates) latest.shift();
    }
  }
}
