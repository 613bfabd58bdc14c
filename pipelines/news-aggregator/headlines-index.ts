import type { Headline, HeadlinesFile } from '../../src/alerting/headlines/headlines-file.js';
import type { KeptArticle } from './dedupe-articles.js';

/**
 * The headlines index for alert e-mails: per tagged symbol, its `perSymbol` latest kept articles
 * (duplicates are already out), newest first, symbols in alphabetical order.
 */
export function headlinesIndex(articles: readonly KeptArticle[], perSymbol: number, generatedAtMs: number): HeadlinesFile {
  const bySymbol = new Map<string, KeptArticle[]>();
  for (const article of articles) {
    for (const symbol of article.tickers) {
      const list = bySymbol.get(symbol);
      if (list === undefined) bySymbol.set(symbol, [article]);
      else list.push(article);
    }
  }
  const symbols: Record<string, Headline[]> = {};
  for (const symbol of [...bySymbol.keys()].sort()) {
    symbols[symbol] = bySymbol
      .get(symbol)!
      .sort((a, b) => b.publishedMs - a.publishedMs || a.id - b.id)
      .slice(0, perSymbol)
      .map((article) => ({ title: article.title, link: article.link, outlet: article.outlet, publishedAt: new Date(article.publishedMs).toISOString() }));
  }
  return { generatedAt: new Date(generatedAtMs).toISOString(), symbols };
}
