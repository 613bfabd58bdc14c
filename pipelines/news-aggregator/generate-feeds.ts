import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { seededRandom } from '../../src/core/seeded-random.js';

const COMPANIES = [
  ['AAPL', 'Apple'],
  ['MSFT', 'Microsoft'],
  ['NVDA', 'Nvidia'],
  ['AMZN', 'Amazon.com'],
  ['GOOGL', 'Alphabet'],
  ['TSLA', 'Tesla'],
  ['JPM', 'JPMorgan Chase'],
  ['XOM', 'Exxon Mobil'],
  ['WMT', 'Walmart'],
  ['NFLX', 'Netflix'],
  ['INTC', 'Intel'],
  ['BA', 'Boeing'],
  ['PFE', 'Pfizer'],
  ['DIS', 'Walt Disney'],
  ['GS', 'Goldman Sachs'],
  ['UBER', 'Uber'],
] as const;

const EVENTS = [
  ['beats quarterly earnings estimates', 'reported quarterly profit above analyst forecasts on stronger demand'],
  ['cuts full-year revenue guidance', 'lowered its outlook for the year citing weaker orders and higher costs'],
  ['announces share buyback program', 'said its board approved a new repurchase plan worth billions of dollars'],
  ['faces antitrust probe in Europe', 'is under investigation by regulators over its market practices'],
  ['names new chief financial officer', 'appointed a veteran executive to lead its finance team'],
  ['shares jump on upgrade', 'was upgraded by analysts who raised their price target'],
  ['shares slide after downgrade', 'was downgraded by analysts who cited slowing growth'],
  ['agrees to acquire software startup', 'agreed to buy a privately held developer in a cash deal'],
] as const;

/** Words of the details that make unrelated articles differ as real ones do: a large made-up vocabulary. */
const SYLLABLES = 'ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu'.split(' ');
const DETAIL = Array.from({ length: 5000 }, (_, i) => {
  const n = SYLLABLES.length;
  return `${SYLLABLES[i % n]}${SYLLABLES[Math.floor(i / n) % n]}${SYLLABLES[Math.floor(i / n / n) % n]}`;
});

interface Entry {
  readonly title: string;
  readonly link: string;
  readonly publishedMs: number;
  readonly summary: string;
}

const START_MS = Date.UTC(2026, 10, 1);
const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Writes `items` entries over `feeds` feed files (even ones RSS 2.0, odd ones Atom), one outlet
 * each. Entries come in events: a company and what happened, covered by 1 to 4 outlets within
 * hours, as the original, a rewrite, a syndicated copy (one word changed) or the same link with
 * tracking parameters, so deduplication and clustering have real work at any size.
 */
export async function writeGeneratedFeeds(dir: string, options: { readonly items: number; readonly feeds: number; readonly seed: number }): Promise<{ items: number; feeds: number }> {
  const next = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const perFeed: Entry[][] = Array.from({ length: options.feeds }, () => []);
  const spanMs = Math.max(1, options.items / 50) * 3_600_000;
  let written = 0;
  for (let event = 0; written < options.items; event++) {
    const [symbol, company] = pick(COMPANIES);
    const [headline, body] = pick(EVENTS);
    const at = START_MS + Math.floor(next() * spanMs);
    const details = Array.from({ length: 8 }, () => pick(DETAIL)).join(' ');
    // What sets this event apart from the same kind of news about the company on other days.
    const angle = `${pick(DETAIL)} ${pick(DETAIL)}`;
    const original: Entry = {
      title: `${company} ${headline} amid ${angle}`,
      link: `https://news.example/${event}/${symbol.toLowerCase()}`,
      publishedMs: at,
      summary: `${company} ($${symbol}) ${body}. Coverage ${event}: ${details}.`,
    };
    const coverage = 1 + Math.floor(next() * 4);
    for (let c = 0; c < coverage && written < options.items; c++, written++) {
      const feed = Math.floor(next() * options.feeds);
      const kind = c === 0 ? 'original' : pick(['rewrite', 'copy', 'same-link'] as const);
      const delay = Math.floor(next() * 6 * 3_600_000);
      const entry: Entry =
        kind === 'original'
          ? original
          : kind === 'copy'
            ? { ...original, link: `https://outlet${feed}.example/${event}-${c}`, publishedMs: at + delay, summary: original.summary.replace('Coverage', 'Report') }
            : kind === 'same-link'
              ? { ...original, link: `${original.link}?utm_source=feed${feed}`, publishedMs: at + delay }
              : {
                  title: `${company} stock in focus: ${headline.split(' ').slice(0, 3).join(' ')}`,
                  link: `https://outlet${feed}.example/${event}-${c}`,
                  publishedMs: at + delay,
                  summary: `Investors weighed news that ${company} ${body}, with ${angle} in focus. ${Array.from({ length: 6 }, () => pick(DETAIL)).join(' ')}.`,
                };
      perFeed[feed]!.push(entry);
    }
  }
  await mkdir(dir, { recursive: true });
  for (let feed = 0; feed < options.feeds; feed++) {
    const entries = perFeed[feed]!;
    const name = `feed-${String(feed).padStart(5, '0')}`;
    const xml = feed % 2 === 0 ? rss(`Outlet ${feed}`, entries) : atom(`Outlet ${feed}`, entries);
    await writeFile(join(dir, `${name}.xml`), xml);
  }
  return { items: written, feeds: options.feeds };
}

function rss(outlet: string, entries: readonly Entry[]): string {
  const items = entries.map(
    (e) =>
      `<item><title>${escapeXml(e.title)}</title><link>${escapeXml(e.link)}</link><pubDate>${new Date(e.publishedMs).toUTCString()}</pubDate>` +
      `<description>${escapeXml(`<p>${e.summary}</p>`)}</description></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${outlet}</title>\n${items.join('\n')}\n</channel></rss>\n`;
}

function atom(outlet: string, entries: readonly Entry[]): string {
  const items = entries.map(
    (e) =>
      `<entry><title>${escapeXml(e.title)}</title><link rel="alternate" href="${escapeXml(e.link)}"/><published>${new Date(e.publishedMs).toISOString()}</published>` +
      `<summary type="html">${escapeXml(e.summary)}</summary></entry>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>${outlet}</title>\n${items.join('\n')}\n</feed>\n`;
}
