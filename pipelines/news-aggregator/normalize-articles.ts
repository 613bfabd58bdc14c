import type { Operator } from '../../src/core/operator.js';
import type { Article, FeedItem } from './article.js';
import { canonicalUrl, feedDateMs, plainText } from './article-text.js';

/**
 * Checks and normalises feed entries: title and summary to plain text, the link to its
 * canonical URL, the date to epoch ms (the channel's date when the entry has none). An entry
 * without a title, a usable link or a readable date is rejected, the reason naming the feed,
 * the line of the entry (or its position) and the field.
 */
export function normalizeArticles(id: string): Operator<FeedItem, Article> {
  return {
    id,
    process(item, out) {
      const { entry } = item;
      const reject = (field: string, message: string, code = 'bad_field'): void =>
        out.reject({ feed: item.feed, entry }, { code, field, message: `item ${entry.index}: field "${field}": ${message}` }, item.origin);
      const title = entry.title === undefined ? '' : plainText(entry.title);
      if (title === '') return reject('title', entry.title === undefined ? 'missing' : 'empty once markup is removed', 'missing_field');
      if (entry.link === undefined) return reject('link', 'missing', 'missing_field');
      const link = canonicalUrl(entry.link);
      if (link === undefined) return reject('link', `expected an absolute http(s) URL, got ${JSON.stringify(entry.link)}`);
      const date = entry.published ?? item.feedUpdated;
      if (date === undefined) return reject('published', 'missing, and the feed has no date either', 'missing_field');
      const publishedMs = feedDateMs(date);
      if (Number.isNaN(publishedMs)) return reject('published', `expected an RFC 822 or ISO 8601 date, got ${JSON.stringify(date)}`);
      out.emit({
        outlet: plainText(item.outlet),
        title,
        link,
        publishedMs,
        summary: entry.summary === undefined ? '' : plainText(entry.summary),
        origin: item.origin,
      });
    },
  };
}
