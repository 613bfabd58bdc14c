import { sideChannel, type Operator, type OperatorOutput } from '../../src/core/operator.js';
import type { Article, TaggedArticle } from './article.js';
import type { SimilarityIndex } from './similarity-index.js';

/** An article as kept in memory once indexed: its summary and words are not needed any more. */
export type ArticleHeader = Omit<Article, 'summary'>;

/** A kept article: tagged and indexed. */
export interface KeptArticle extends ArticleHeader {
  readonly id: number;
  readonly tickers: readonly string[];
  readonly titleTickers: readonly string[];
}

/** A kept article and the earlier ones LSH found similar to it, for clustering. */
export interface IndexedArticle {
  readonly article: KeptArticle;
  /** Ids and estimated Jaccard similarity of earlier kept articles at or above the related threshold: the same story. */
  readonly similar: readonly { readonly id: number; readonly similarity: number }[];
}

/** An article left out because another one read before says the same. */
export interface Duplicate {
  readonly article: ArticleHeader;
  /** Id of the kept article it repeats. */
  readonly of: number;
  /** `url`: the same canonical link; `near`: MinHash similarity at or above the threshold. */
  readonly kind: 'url' | 'near';
  readonly similarity: number;
}

export const DUPLICATES = sideChannel<Duplicate>('duplicates');

export interface DedupeOptions {
  /** Estimated Jaccard similarity from which an article is a near-duplicate. */
  readonly duplicateThreshold: number;
  /** Similar articles below the duplicate threshold, down to this, are passed on as the same story. */
  readonly relatedThreshold: number;
  /** Only articles published this close together are duplicates. */
  readonly windowMs: number;
}

/**
 * Removes duplicates as articles stream in: first the same canonical URL, then near-duplicates
 * (syndicated copies, lightly edited rewrites) found through the MinHash LSH index. The first
 * article read is kept; the ones after it go out on the DUPLICATES side channel with what they
 * repeat, so their outlets still count for the story. State: one map entry per URL and one
 * signature per kept article.
 */
export function dedupeArticles(id: string, index: SimilarityIndex, options: DedupeOptions): Operator<TaggedArticle, IndexedArticle> & { readonly elapsed: { ms: number } } {
  const byUrl = new Map<string, number>();
  const publishedMs: number[] = [];
  const candidates: number[] = [];
  const elapsed = { ms: 0 };
  return {
    id,
    /** Time spent here, for the summary's stage timings. */
    elapsed,
    process(tagged, out) {
      const started = performance.now();
      try {
        dedupe(tagged, out);
      } finally {
        elapsed.ms += performance.now() - started;
      }
    },
  };

  function dedupe(tagged: TaggedArticle, out: OperatorOutput<IndexedArticle>): void {
    const { words, summary: _summary, ...article } = tagged;
    const sameUrl = byUrl.get(article.link);
    if (sameUrl !== undefined) {
      out.side(DUPLICATES, { article, of: sameUrl, kind: 'url', similarity: 1 });
      return;
    }
    index.sign(words, candidates);
    const pending = index.pending;
    let best = -1;
    let bestSimilarity = 0;
    const similar: { id: number; similarity: number }[] = [];
    for (const other of candidates) {
      if (Math.abs(publishedMs[other]! - article.publishedMs) > options.windowMs) continue;
      const similarity = index.estimate(pending, other);
      if (similarity < options.relatedThreshold) continue;
      similar.push({ id: other, similarity });
      if (similarity > bestSimilarity) {
        best = other;
        bestSimilarity = similarity;
      }
    }
    if (best !== -1 && bestSimilarity >= options.duplicateThreshold) {
      out.side(DUPLICATES, { article, of: best, kind: 'near', similarity: bestSimilarity });
      return;
    }
    const kept = index.keep();
    byUrl.set(article.link, kept);
    publishedMs.push(article.publishedMs);
    out.emit({ article: { ...article, id: kept }, similar });
  }
}
