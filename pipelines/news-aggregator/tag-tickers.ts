import type { Operator } from '../../src/core/operator.js';
import type { Article, TaggedArticle } from './article.js';
import type { TickerTagger } from './ticker-tagger.js';
import { words } from './words.js';

/** Tags each article with the listed companies its title and summary mention. */
export function tagTickers(id: string, tagger: TickerTagger): Operator<Article, TaggedArticle> {
  const inTitle = new Set<string>();
  const anywhere = new Set<string>();
  return {
    id,
    process(article, out) {
      inTitle.clear();
      anywhere.clear();
      const titleWords = words(article.title);
      const summaryWords = words(article.summary);
      tagger.tag(article.title, titleWords, inTitle);
      for (const symbol of inTitle) anywhere.add(symbol);
      tagger.tag(article.summary, summaryWords, anywhere);
      out.emit({
        ...article,
        tickers: [...anywhere].sort(),
        titleTickers: [...inTitle].sort(),
        words: titleWords.concat(summaryWords),
      });
    },
  };
}
