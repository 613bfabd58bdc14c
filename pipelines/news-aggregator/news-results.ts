import type { Duplicate, KeptArticle } from './dedupe-articles.js';
import type { Story } from './stories.js';

export interface NewsParameters {
  readonly duplicateThreshold: number;
  readonly storyOverlap: number;
  readonly relatedThreshold: number;
  readonly windowHours: number;
  readonly halfLifeHours: number;
  readonly minhashHashes: number;
  readonly lshBands: number;
  readonly symbols: number;
}

/** The job's `results` in summary.json. */
export interface NewsResults {
  readonly now: string;
  readonly parameters: NewsParameters;
  readonly rankFormula: string;
  readonly articles: {
    /** Entries that passed the checks (kept + duplicates). */
    readonly valid: number;
    readonly kept: number;
    readonly urlDuplicates: number;
    readonly nearDuplicates: number;
    /** Kept articles naming at least one listed company. */
    readonly tagged: number;
  };
  readonly feeds: { readonly read: number };
  readonly stories: { readonly count: number; readonly withSeveralArticles: number };
  /** Kept articles per symbol, most first. */
  readonly tickers: Readonly<Record<string, number>>;
  /** Kept articles per outlet, most first. */
  readonly outlets: Readonly<Record<string, number>>;
  /** Wall time of the stages that hold state: MinHash and duplicate checks, story joining, building and ranking stories. */
  readonly timings: { readonly dedupeMs: number; readonly clusterMs: number; readonly rankMs: number };
  /** The top stories, with their articles (tags included) and duplicates. */
  readonly topStories: readonly StoryResult[];
  /** The headlines index for alert e-mails. */
  readonly headlines: string;
}

interface ArticleResult {
  readonly title: string;
  readonly outlet: string;
  readonly link: string;
  readonly publishedAt: string;
  readonly tickers: readonly string[];
  readonly origin: string;
}

interface StoryResult {
  readonly rank: number;
  readonly score: number;
  readonly headline: string;
  readonly link: string;
  readonly outlets: readonly string[];
  readonly tickers: readonly string[];
  readonly firstAt: string;
  readonly lastAt: string;
  readonly articles: readonly ArticleResult[];
  readonly duplicates: readonly (Omit<ArticleResult, 'tickers'> & { readonly kind: Duplicate['kind']; readonly similarity: number; readonly of: string })[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

function articleResult(article: KeptArticle): ArticleResult {
  return { title: article.title, outlet: article.outlet, link: article.link, publishedAt: iso(article.publishedMs), tickers: article.tickers, origin: article.origin };
}

export function storyResult(story: Story, articles: readonly KeptArticle[]): StoryResult {
  return {
    rank: story.rank,
    score: Math.round(story.score * 1e4) / 1e4,
    headline: story.headline,
    link: story.link,
    outlets: story.outlets,
    tickers: story.tickers,
    firstAt: iso(story.firstAt),
    lastAt: iso(story.lastAt),
    articles: story.articles.map(articleResult),
    duplicates: story.duplicates.map(({ article, kind, similarity, of }) => ({
      title: article.title,
      outlet: article.outlet,
      link: article.link,
      publishedAt: iso(article.publishedMs),
      origin: article.origin,
      kind,
      similarity: Math.round(similarity * 1e4) / 1e4,
      of: articles[of]!.origin,
    })),
  };
}

/** Counts by key, most first (ties alphabetical), as a JSON object. */
export function countsBy(articles: readonly KeptArticle[], keys: (article: KeptArticle) => readonly string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const article of articles) for (const key of keys(article)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}
