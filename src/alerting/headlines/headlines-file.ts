import { z } from 'zod';

/** One headline of a symbol, as `riskwatch job news-aggregator` writes it. */
export const headlineSchema = z.strictObject({
  title: z.string().min(1),
  /** Only http(s): the link goes into an e-mail's href. */
  link: z.string().regex(/^https?:\/\/\S+$/i, { error: 'expected an http(s) URL' }),
  outlet: z.string(),
  /** ISO 8601, UTC. */
  publishedAt: z.iso.datetime(),
});
export type Headline = z.infer<typeof headlineSchema>;

/**
 * The headlines index (`reports/news-aggregator/headlines.json`): per symbol its latest
 * headlines, newest first. The news job writes it; alert e-mails read it (`alerts.headlines`).
 */
export const headlinesFileSchema = z.strictObject({
  generatedAt: z.iso.datetime(),
  symbols: z.record(z.string().min(1), z.array(headlineSchema)),
});
export type HeadlinesFile = z.infer<typeof headlinesFileSchema>;

/** The latest headlines tagged with a symbol, newest first (none: empty). */
export interface HeadlinesLookup {
  latest(symbol: string): readonly Headline[];
}

/** Where alert rendering gets the headlines as they are now (a file watcher, or fixed ones). */
export interface HeadlinesSource {
  current(): Promise<HeadlinesLookup>;
}

export const NO_HEADLINES: HeadlinesLookup = { latest: () => [] };

/** A lookup over a parsed headlines file. */
export function headlinesLookup(file: HeadlinesFile): HeadlinesLookup {
  const bySymbol = new Map(Object.entries(file.symbols));
  return { latest: (symbol) => bySymbol.get(symbol) ?? [] };
}
