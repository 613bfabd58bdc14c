import type { HeadlinesLookup } from '../headlines/headlines-file.js';
import type { Notification } from '../model/notification.js';
import { oneLine } from '../one-line.js';
import type { TimeView } from './alert-view.js';
import { formatUtc, formatZonedTime } from './zoned-time.js';

/** At most this many headlines per symbol in one e-mail, whatever the file holds. */
export const MAX_HEADLINES_PER_SYMBOL = 5;

export interface HeadlineView {
  readonly title: string;
  readonly outlet: string;
  /** An http(s) URL (checked when the file was read). */
  readonly link: string;
  readonly time: TimeView;
}

export interface SymbolHeadlinesView {
  readonly symbol: string;
  readonly items: readonly HeadlineView[];
}

/**
 * The latest headlines of the notification's symbols, in the order the alerts name them, each
 * symbol once; symbols without headlines are left out, so no alert shows an empty block.
 */
export function headlinesView(n: Notification, lookup: HeadlinesLookup): SymbolHeadlinesView[] {
  const symbols = [...new Set(n.alerts.map((alert) => alert.labels.symbol))];
  return symbols.flatMap((symbol) => {
    const headlines = lookup.latest(symbol).slice(0, MAX_HEADLINES_PER_SYMBOL);
    if (headlines.length === 0) return [];
    const items = headlines.map((headline) => {
      const ts = Date.parse(headline.publishedAt);
      return { title: oneLine(headline.title), outlet: oneLine(headline.outlet), link: headline.link, time: { local: formatZonedTime(ts, n.timeZone), utc: formatUtc(ts) } };
    });
    return [{ symbol: oneLine(symbol), items }];
  });
}
