import { readFile, writeFile, mkdtemp, readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_FEEDS, newsFlagsSchema, runNewsAggregator, type NewsFlags } from '../../../../pipelines/news-aggregator/index.js';
import type { NewsResults } from '../../../../pipelines/news-aggregator/news-results.js';
import { storyScore } from '../../../../pipelines/news-aggregator/stories.js';
import { headlinesFileSchema } from '../../../../src/alerting/headlines/headlines-file.js';
import { systemClock } from '../../../../src/core/clock.js';
import { InputError } from '../../../../src/core/errors.js';
import type { JobSummary } from '../../../../src/jobs/job-run.js';
import { createLogger } from '../../../../src/observability/logger.js';

const quiet = { write: () => true } as unknown as NodeJS.WriteStream;

async function run(flags: Partial<NewsFlags> = {}, maxSkipped = 0): Promise<{ dir: string; summary?: JobSummary<NewsResults>; error?: unknown }> {
  const dir = await mkdtemp(join(tmpdir(), 'news-aggregator-'));
  const env = { clock: systemClock, logger: createLogger('silent'), baseDir: dir };
  try {
    return { dir, summary: await runNewsAggregator(newsFlagsSchema.parse(flags), { maxSkipped, progress: 'off' }, env, quiet) };
  } catch (error) {
    return { dir, error };
  }
}

const HOURS = (h: number, m = 0): number => h + m / 60;

describe('news-aggregator on the bundled feeds (answers known by construction, see fixtures/)', () => {
  let summary: JobSummary<NewsResults>;
  let dir: string;
  beforeAll(async () => {
    const result = await run();
    expect(result.error).toBeUndefined();
    summary = result.summary!;
    dir = result.dir;
  });

  it('reads 17 entries from 4 feeds, removes 1 same-URL and 1 near-duplicate, keeps 15', () => {
    expect(summary.rows).toMatchObject({ read: 17, skipped: 0 });
    expect(summary.results.feeds.read).toBe(4);
    expect(summary.results.articles).toEqual({ valid: 17, kept: 15, urlDuplicates: 1, nearDuplicates: 1, tagged: 12 });
  });

  it('groups them into 11 stories, 3 of them with several articles', () => {
    expect(summary.results.stories).toEqual({ count: 11, withSeveralArticles: 3 });
    const [nvidia, apple, banks] = summary.results.topStories;
    expect(nvidia?.articles.map((a) => a.outlet)).toEqual(['Harbor Street Wire', 'Meridian Markets Daily', 'Northgate Business Review']);
    expect(nvidia?.duplicates).toMatchObject([{ outlet: 'Ledger Financial', kind: 'near', of: 'harbor-street-wire.rss:9' }]);
    expect(nvidia?.duplicates[0]?.similarity).toBeGreaterThanOrEqual(0.8);
    expect(apple?.articles.map((a) => a.outlet)).toEqual(['Harbor Street Wire', 'Meridian Markets Daily']);
    expect(apple?.duplicates).toMatchObject([{ outlet: 'Northgate Business Review', kind: 'url', similarity: 1 }]);
    expect(banks?.articles.map((a) => a.outlet)).toEqual(['Ledger Financial', 'Northgate Business Review']);
  });

  it('ranks by outlets × recency × ticker relevance, ages from the newest article (21:45 UTC)', () => {
    expect(summary.results.now).toBe('2026-11-16T21:45:00.000Z');
    const stories = summary.results.topStories;
    expect(stories.map((s) => s.headline)).toEqual([
      'Nvidia beats third-quarter estimates as data center sales surge',
      "Apple's App Store draws $2 billion EU fine over music streaming rules",
      'JPMorgan and Goldman Sachs lead bank stocks higher on rate cut bets',
      'Tesla recalls 120,000 Model Y vehicles over seat belt warning software',
      'Microsoft to invest $10 billion in UK data centers over four years',
      'Exxon Mobil and Chevron gain as crude oil rebounds from two-month low',
      'Target shares tumble after retailer warns on holiday sales',
      'Treasury yields fall as traders price in December rate cut',
      'Apple pie sales soar ahead of Thanksgiving at grocery chains',
      'Fed officials say inflation target is within reach next year',
      'Boeing wins order for 60 widebody jets from Gulf carrier',
    ]);
    // By hand: Nvidia 4 outlets, latest 21:45, all titles name NVDA → 4 × 1 × 2 = 8.
    expect(stories[0]?.score).toBe(8);
    // Apple: 3 outlets, latest kept article 14:40 (7 h 5 min before), both titles name Apple → 3 × 2^(−7.083/12) × 2 = 3.985.
    expect(stories[1]?.score).toBeCloseTo(3 * 2 ** (-HOURS(7, 5) / 12) * 2, 3);
    expect(stories[1]?.score).toBeCloseTo(3.985, 3);
    // Banks: 2 outlets, 16:30 → 2 × 2^(−5.25/12) × 2 = 2.954; Treasury yields: 1 outlet, 20:00, no company → 0.904.
    expect(stories[2]?.score).toBeCloseTo(2.954, 3);
    expect(stories[7]?.score).toBeCloseTo(0.904, 3);
    // Boeing, the day before (35 h 45 min): 1 × 2^(−35.75/12) × 2 = 0.2537.
    expect(stories[10]?.score).toBeCloseTo(0.2537, 3);
    expect(storyScore(4, 0, 1, 12)).toBe(8);
    expect(storyScore(1, 12, 0, 12)).toBe(0.5);
  });

  it('tags each article with the companies it names (cashtags, names, aliases; not "Apple pie" or an inflation target)', () => {
    const tagsByTitle = Object.fromEntries(summary.results.topStories.flatMap((s) => s.articles).map((a) => [a.title, a.tickers.join(' ')]));
    expect(tagsByTitle).toEqual({
      'Nvidia beats third-quarter estimates as data center sales surge': 'NVDA',
      '$NVDA: Nvidia revenue tops forecasts on AI chip demand': 'MSFT NVDA',
      'Nvidia shares climb after earnings beat on data center strength': 'NVDA',
      "Apple's App Store draws $2 billion EU fine over music streaming rules": 'AAPL',
      'Apple Inc. to appeal $2 billion EU fine over App Store music rules': 'AAPL',
      'JPMorgan and Goldman Sachs lead bank stocks higher on rate cut bets': 'GS JPM',
      'Bank stocks rally as JPMorgan, Goldman Sachs gain on rate cut hopes': 'GS JPM',
      'Tesla recalls 120,000 Model Y vehicles over seat belt warning software': 'TSLA',
      'Microsoft to invest $10 billion in UK data centers over four years': 'MSFT',
      'Exxon Mobil and Chevron gain as crude oil rebounds from two-month low': 'CVX XOM',
      'Target shares tumble after retailer warns on holiday sales': 'TGT',
      'Treasury yields fall as traders price in December rate cut': '',
      'Apple pie sales soar ahead of Thanksgiving at grocery chains': '',
      'Fed officials say inflation target is within reach next year': '',
      'Boeing wins order for 60 widebody jets from Gulf carrier': 'BA',
    });
    expect(summary.results.tickers).toEqual({ NVDA: 3, AAPL: 2, GS: 2, JPM: 2, MSFT: 2, BA: 1, CVX: 1, TGT: 1, TSLA: 1, XOM: 1 });
  });

  it('normalises: plain text, canonical links, UTC times (the -0500 feed too)', () => {
    const nvidia = summary.results.topStories[0]!;
    expect(nvidia.link).toBe('https://harborstreetwire.example/markets/2026/11/16/nvidia-beats-third-quarter-estimates');
    expect(nvidia.duplicates[0]?.publishedAt).toBe('2026-11-16T21:20:00.000Z');
    const banks = summary.results.topStories[2]!;
    expect(banks.firstAt).toBe('2026-11-16T16:00:00.000Z');
  });

  it('writes the headlines index: per symbol the latest headlines, newest first', async () => {
    const index = headlinesFileSchema.parse(JSON.parse(await readFile(join(dir, 'reports/news-aggregator/headlines.json'), 'utf8')));
    expect(Object.keys(index.symbols)).toEqual(['AAPL', 'BA', 'CVX', 'GS', 'JPM', 'MSFT', 'NVDA', 'TGT', 'TSLA', 'XOM']);
    expect(index.symbols['AAPL']).toEqual([
      { title: 'Apple Inc. to appeal $2 billion EU fine over App Store music rules', link: 'https://meridianmarkets.example/a/apple-appeal-eu-fine', outlet: 'Meridian Markets Daily', publishedAt: '2026-11-16T14:40:00.000Z' },
      { title: "Apple's App Store draws $2 billion EU fine over music streaming rules", link: 'https://harborstreetwire.example/tech/2026/11/16/apple-eu-fine-app-store', outlet: 'Harbor Street Wire', publishedAt: '2026-11-16T14:00:00.000Z' },
    ]);
    expect(index.symbols['MSFT']?.map((h) => h.publishedAt)).toEqual(['2026-11-16T21:30:00.000Z', '2026-11-16T18:00:00.000Z']);
  });

  it('writes the digest: ranked stories with links, and the two charts as SVG', async () => {
    const html = await readFile(join(dir, 'reports/news-aggregator/report.html'), 'utf8');
    expect(html.match(/<svg/g)).toHaveLength(2);
    expect(html).toContain('<a href="https://harborstreetwire.example/markets/2026/11/16/nvidia-beats-third-quarter-estimates"><strong>Nvidia beats');
    expect(html).toContain('Ledger Financial ran the same (');
    expect(html.indexOf('Nvidia beats')).toBeLessThan(html.indexOf('draws $2 billion'));
  });
});

const BAD_FEED = [
  '<?xml version="1.0"?>',
  '<rss version="2.0"><channel><title>Bad Wire</title>',
  '<item><title>Tesla ($TSLA) recalls trucks</title><link>https://bad.example/1</link><pubDate>Mon, 16 Nov 2026 10:00:00 GMT</pubDate></item>',
  '<item><link>https://bad.example/2</link><pubDate>Mon, 16 Nov 2026 11:00:00 GMT</pubDate></item>',
  '<item><title>No date here</title><link>https://bad.example/3</link><pubDate>someday</pubDate></item>',
  '</channel></rss>',
].join('\n');

describe('news-aggregator on bad input', () => {
  it('skips entries without a title or with a bad date, naming feed, line, item and field, and fails over --max-skipped', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'news-bad-'));
    await writeFile(join(folder, 'bad.rss'), BAD_FEED);
    const { dir, error } = await run({ feed: [join(folder, 'bad.rss')] });
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain('2 bad row(s) skipped');
    expect((error as Error).message).toContain('bad.rss:4: item 2: field "title": missing');
    expect((error as Error).message).toContain('bad.rss:5: item 3: field "published": expected an RFC 822 or ISO 8601 date, got "someday"');
    const written = JSON.parse(await readFile(join(dir, 'reports/news-aggregator/summary.json'), 'utf8')) as JobSummary<NewsResults>;
    expect(written.rows).toMatchObject({ read: 3, skipped: 2 });
    expect(written.skipped.byReason).toEqual({ missing_field: 1, bad_field: 1 });
    expect(written.results.articles.kept).toBe(1);
  });

  it('skips a feed that is not well-formed XML with the line the parser names, and reads the others', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'news-bad-'));
    await writeFile(join(folder, 'broken.xml'), '<rss><channel>\n<title>x</title>\n<item><title>a</title></channel></rss>');
    const { summary, error } = await run({ feed: [join(folder, 'broken.xml'), BUNDLED_FEEDS] }, 1);
    expect(error).toBeUndefined();
    expect(summary?.skipped.examples[0]).toMatch(/^broken\.xml:3: feed skipped: not well-formed XML: Expected closing tag 'item'/);
    expect(summary?.results.articles.kept).toBe(15);
  });
});

describe('news-aggregator over http', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const files = await readdir(BUNDLED_FEEDS);
    server = createServer((request, response) => {
      const name = (request.url ?? '').slice(1);
      if (name === 'slow.xml') return; // never answers
      if (!files.includes(name)) {
        response.writeHead(404).end();
        return;
      }
      void readFile(join(BUNDLED_FEEDS, name)).then((body) => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads feeds from URLs with the same result as from files, and skips one that fails or times out', async () => {
    const files = (await readdir(BUNDLED_FEEDS)).sort();
    const { summary, error } = await run({ feed: [...files.map((name) => `${base}/${name}`), `${base}/missing.xml`, `${base}/slow.xml`], timeoutMs: 300 }, 2);
    expect(error).toBeUndefined();
    expect(summary?.results.articles).toEqual({ valid: 17, kept: 15, urlDuplicates: 1, nearDuplicates: 1, tagged: 12 });
    expect(summary?.results.topStories[0]?.score).toBe(8);
    expect(summary?.skipped.examples).toEqual([`${base}/missing.xml: feed not read: HTTP 404 Not Found`, `${base}/slow.xml: feed not read: no complete answer within 300 ms`]);
  });
});
