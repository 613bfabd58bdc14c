import type { FeedEntry } from './feed-document.js';

/** One entry as the feed source read it, with the feed it came from. */
export interface FeedItem {
  /** The feed's file name or URL, as shown in messages. */
  readonly feed: string;
  /** The channel's title, or the feed's name when it has none. */
  readonly outlet: string;
  /** The channel's own date, for entries without one. */
  readonly feedUpdated: string | undefined;
  readonly entry: FeedEntry;
  /** `wire.xml:42` when the entry's line is known, `wire.xml#3` otherwise. */
  readonly origin: string;
}

/** An entry checked and normalised: plain text, canonical link, UTC time. */
export interface Article {
  readonly outlet: string;
  readonly title: string;
  /** Canonical URL (article-text.ts): what exact duplicates share. */
  readonly link: string;
  readonly publishedMs: number;
  readonly summary: string;
  readonly origin: string;
}

/** An article with the listed companies it mentions. */
export interface TaggedArticle extends Article {
  /** Symbols mentioned anywhere, sorted. */
  readonly tickers: readonly string[];
  /** Those mentioned in the title: the article is about them, not just naming them. */
  readonly titleTickers: readonly string[];
  /** Title and summary words, for shingling; not kept after indexing. */
  readonly words: readonly string[];
}
