import type { Duplicate, KeptArticle } from './dedupe-articles.js';

const HOUR_MS = 3_600_000;

export interface RankOptions {
  /** A story loses half its weight per this many hours since its latest article. */
  readonly halfLifeHours: number;
  /** The time ages are measured from. */
  readonly nowMs: number;
}

/** A group of articles about one event, ranked. */
export interface Story {
  /** 1 = most important. */
  readonly rank: number;
  readonly score: number;
  /** The earliest article's title and link: who reported it first. */
  readonly headline: string;
  readonly link: string;
  /** Outlets that carried it, duplicates included, alphabetical. */
  readonly outlets: readonly string[];
  readonly tickers: readonly string[];
  readonly firstAt: number;
  readonly lastAt: number;
  /** Kept articles, earliest first. */
  readonly articles: readonly KeptArticle[];
  readonly duplicates: readonly Duplicate[];
}

/**
 * The ranking, in one line: score = outlets × 2^(−age / halfLife) × (1 + titled), where `outlets`
 * counts the distinct outlets that carried the story (duplicates included: a story syndicated
 * widely matters more), `age` is hours from the story's latest article to `nowMs`, and `titled`
 * is the share of its articles whose title names a listed company (0..1), so market-moving
 * company news outranks general news of the same reach and age.
 */
export function storyScore(outlets: number, ageHours: number, titled: number, halfLifeHours: number): number {
  return outlets * 2 ** (-Math.max(0, ageHours) / halfLifeHours) * (1 + titled);
}

/**
 * Builds stories from the clustered articles (`storyOf` gives each article's group) and the
 * duplicates left out of them, ranked by `storyScore`; ties go to the more recent story.
 */
export function rankStories(articles: readonly KeptArticle[], storyOf: (id: number) => number, duplicates: readonly Duplicate[], options: RankOptions): Story[] {
  const groups = new Map<number, { articles: KeptArticle[]; duplicates: Duplicate[] }>();
  const groupOf = (id: number) => {
    const root = storyOf(id);
    let group = groups.get(root);
    if (group === undefined) {
      group = { articles: [], duplicates: [] };
      groups.set(root, group);
    }
    return group;
  };
  for (const article of articles) groupOf(article.id).articles.push(article);
  for (const duplicate of duplicates) groupOf(duplicate.of).duplicates.push(duplicate);

  const unranked = [...groups.values()].map((group) => {
    const members = group.articles.sort((a, b) => a.publishedMs - b.publishedMs || a.id - b.id);
    const first = members[0]!;
    const lastAt = members.reduce((latest, article) => Math.max(latest, article.publishedMs), first.publishedMs);
    const outlets = new Set(members.map((article) => article.outlet));
    for (const duplicate of group.duplicates) outlets.add(duplicate.article.outlet);
    const tickers = new Set(members.flatMap((article) => article.tickers));
    const titled = members.filter((article) => article.titleTickers.length > 0).length / members.length;
    return {
      score: storyScore(outlets.size, (options.nowMs - lastAt) / HOUR_MS, titled, options.halfLifeHours),
      headline: first.title,
      link: first.link,
      outlets: [...outlets].sort(),
      tickers: [...tickers].sort(),
      firstAt: first.publishedMs,
      lastAt,
      articles: members,
      duplicates: group.duplicates,
      firstId: first.id,
    };
  });
  unranked.sort((a, b) => b.score - a.score || b.lastAt - a.lastAt || a.firstId - b.firstId);
  return unranked.map(({ firstId: _firstId, ...story }, i) => ({ rank: i + 1, ...story }));
}
