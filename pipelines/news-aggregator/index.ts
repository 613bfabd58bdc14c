import { readdir, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { PipelineEnvironment } from '../../src/app/pipeline-definition.js';
import { PACKAGE_ROOT } from '../../src/app/package-root.js';
import { validateConfig } from '../../src/config/validate-config.js';
import { ConfigError } from '../../src/core/errors.js';
import type { Sink } from '../../src/core/sink.js';
import { pipeline } from '../../src/core/pipeline.js';
import type { JobDefinition } from '../../src/jobs/job-definition.js';
import { addCommonJobFlags, commonJobFlags, JobRun, runsPipeline, type CommonJobFlags, type JobSummary } from '../../src/jobs/job-run.js';
import { dedupeArticles, DUPLICATES, type Duplicate } from './dedupe-articles.js';
import { digestReport } from './digest-report.js';
import { FeedSource } from './feed-source.js';
import { writeGeneratedFeeds } from './generate-feeds.js';
import { headlinesIndex } from './headlines-index.js';
import { countsBy, storyResult, type NewsResults } from './news-results.js';
import { normalizeArticles } from './normalize-articles.js';
import { SimilarityIndex } from './similarity-index.js';
import { rankStories } from './stories.js';
import { StoryClusterer } from './story-clusterer.js';
import { readSymbolList } from './symbol-list.js';
import { tagTickers } from './tag-tickers.js';
import { TickerTagger } from './ticker-tagger.js';

const JOB = 'news-aggregator';
const HOUR_MS = 3_600_000;
export const BUNDLED_FEEDS = join(PACKAGE_ROOT, 'pipelines', JOB, 'fixtures');
export const BUNDLED_SYMBOLS = join(PACKAGE_ROOT, 'pipelines', JOB, 'symbols.csv');
/** 64 MinHash values in 16 bands of 4 rows (similarity-index.ts has the candidate odds). */
const MINHASH = { hashes: 64, bands: 16, maxBucket: 64 } as const;
const PER_TICKER_CANDIDATES = 64;
const FEED_EXTENSION = /\.(xml|rss|atom)$/i;
export const RANK_FORMULA = 'score = outlets × 2^(−hours since the latest article / half-life) × (1 + share of articles whose title names a listed company)';

const fraction = z.coerce.number().gt(0).max(1);
export const newsFlagsSchema = z.strictObject({
  /** Feed files, folders of them, or http(s) URLs. Default: the bundled fixtures. */
  feed: z.array(z.string().min(1)).default([]),
  symbols: z.string().min(1).optional(),
  dupThreshold: fraction.default(0.8),
  storyOverlap: fraction.default(0.35),
  relatedThreshold: fraction.default(0.5),
  windowHours: z.coerce.number().positive().default(48),
  halfLifeHours: z.coerce.number().positive().default(12),
  /** Ages are measured from here; default the newest article, so a rerun ranks the same. */
  now: z.iso.datetime({ offset: true }).optional(),
  top: z.coerce.number().int().min(1).default(50),
  headlines: z.coerce.number().int().min(1).default(5),
  timeoutMs: z.coerce.number().int().min(1).default(10_000),
  maxFeedBytes: z.coerce.number().int().min(1024).default(32 << 20),
});
export type NewsFlags = z.output<typeof newsFlagsSchema>;

export const generateFlagsSchema = z.strictObject({
  dir: z.string().min(1),
  items: z.coerce.number().int().min(1).max(1e8),
  feeds: z.coerce.number().int().min(1).max(100_000),
  seed: z.coerce.number().int(),
});

/** Files of a folder given as --feed, in name order; files and URLs as they are. */
async function expandFeeds(feeds: readonly string[], baseDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const feed of feeds) {
    if (/^https?:\/\//i.test(feed)) {
      out.push(feed);
      continue;
    }
    const path = resolve(baseDir, feed);
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory() === true) {
      const names = (await readdir(path)).filter((name) => FEED_EXTENSION.test(name)).sort();
      if (names.length === 0) throw new ConfigError(`--feed ${feed}: the folder has no .xml, .rss or .atom files`);
      out.push(...names.map((name) => join(path, name)));
    } else {
      out.push(path);
    }
  }
  return out;
}

/** Reads the feeds, dedupes, clusters, tags and ranks; writes the digest, summary and headlines index. */
export async function runNewsAggregator(flags: NewsFlags, common: CommonJobFlags, env: PipelineEnvironment, out?: NodeJS.WriteStream): Promise<JobSummary<NewsResults>> {
  const feeds = await expandFeeds(flags.feed.length === 0 ? [BUNDLED_FEEDS] : flags.feed, env.baseDir);
  const companies = await readSymbolList(flags.symbols === undefined ? BUNDLED_SYMBOLS : resolve(env.baseDir, flags.symbols));
  const run = new JobRun(JOB, common, env, out);
  const windowMs = flags.windowHours * HOUR_MS;
  const index = new SimilarityIndex(MINHASH);
  const source = new FeedSource({ id: 'feeds', feeds, timeoutMs: flags.timeoutMs, maxFeedBytes: flags.maxFeedBytes, batchSize: 500 });
  const clusterer = new StoryClusterer(index, { storyOverlap: flags.storyOverlap, windowMs, perTickerCandidates: PER_TICKER_CANDIDATES });
  const duplicates: Duplicate[] = [];
  const duplicateSink: Sink<Duplicate> = {
    id: 'duplicates',
    async write(records) {
      for (const record of records) duplicates.push(record);
    },
    async flush() {},
    async close() {},
  };
  const dedupe = dedupeArticles('dedupe', index, { duplicateThreshold: flags.dupThreshold, relatedThreshold: flags.relatedThreshold, windowMs });
  const built = pipeline(JOB)
    .from(source)
    .through(normalizeArticles('normalize'))
    .through(tagTickers('tag-tickers', new TickerTagger(companies)))
    .through(dedupe)
    .to(clusterer)
    .sideTo(DUPLICATES, duplicateSink)
    .deadLettersTo(run.skipped)
    .build();

  return run.execute({
    inputs: feeds.map((feed) => (/^https?:/i.test(feed) ? feed : relative(env.baseDir, feed) || feed)),
    progress: { unit: 'items', total: undefined, done: () => source.progress.itemsEmitted, rows: () => source.progress.itemsEmitted },
    run: runsPipeline(built, env),
    async finish() {
      const articles = clusterer.articles;
      const newest = articles.reduce((latest, article) => Math.max(latest, article.publishedMs), 0);
      const nowMs = flags.now === undefined ? newest : Date.parse(flags.now);
      const rankStarted = performance.now();
      const stories = rankStories(articles, (id) => clusterer.storyOf(id), duplicates, { halfLifeHours: flags.halfLifeHours, nowMs });
      const rankMs = performance.now() - rankStarted;
      const top = stories.slice(0, flags.top);
      const headlinesPath = run.file('headlines.json');
      await writeFile(headlinesPath, `${JSON.stringify(headlinesIndex(articles, flags.headlines, env.clock.now()), null, 2)}\n`);
      const urlDuplicates = duplicates.filter((duplicate) => duplicate.kind === 'url').length;
      const tagged = articles.filter((article) => article.tickers.length > 0).length;
      const results: NewsResults = {
        now: new Date(nowMs).toISOString(),
        parameters: {
          duplicateThreshold: flags.dupThreshold,
          storyOverlap: flags.storyOverlap,
          relatedThreshold: flags.relatedThreshold,
          windowHours: flags.windowHours,
          halfLifeHours: flags.halfLifeHours,
          minhashHashes: MINHASH.hashes,
          lshBands: MINHASH.bands,
          symbols: companies.length,
        },
        rankFormula: RANK_FORMULA,
        articles: { valid: articles.length + duplicates.length, kept: articles.length, urlDuplicates, nearDuplicates: duplicates.length - urlDuplicates, tagged },
        feeds: { read: source.progress.feedsRead },
        stories: { count: stories.length, withSeveralArticles: stories.filter((story) => story.articles.length + story.duplicates.length > 1).length },
        tickers: countsBy(articles, (article) => article.tickers),
        outlets: countsBy(articles, (article) => [article.outlet]),
        timings: { dedupeMs: Math.round(dedupe.elapsed.ms), clusterMs: Math.round(clusterer.elapsedMs), rankMs: Math.round(rankMs) },
        topStories: top.map((story) => storyResult(story, articles)),
        headlines: headlinesPath,
      };
      const report = digestReport(
        top,
        articles,
        { read: source.progress.itemsEmitted, kept: articles.length, urlDuplicates, nearDuplicates: results.articles.nearDuplicates, stories: stories.length, taggedArticles: tagged, nowMs },
        RANK_FORMULA,
      );
      const lead = top[0];
      const lines = [
        `articles        ${articles.length} kept, ${urlDuplicates} same-URL and ${results.articles.nearDuplicates} near-duplicates removed`,
        `stories         ${stories.length}${lead === undefined ? '' : `; top: ${lead.headline}`}`,
        `headlines       ${relative(env.baseDir, headlinesPath) || headlinesPath}`,
        `stage times     dedupe ${results.timings.dedupeMs} ms, cluster ${results.timings.clusterMs} ms, rank ${results.timings.rankMs} ms`,
      ];
      return { results, report, lines };
    },
  });
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** `riskwatch job news-aggregator [--feed FILE_OR_URL ...] [--symbols FILE]` and its `generate` sub-command. */
export const newsAggregatorJob: JobDefinition = {
  name: JOB,
  description: 'RSS/Atom feeds → deduplicated, clustered, ticker-tagged, ranked news digest and per-symbol headlines for alert e-mails',
  register(command: Command, env: () => PipelineEnvironment) {
    addCommonJobFlags(
      command
        .option('--feed <file-or-url>', 'RSS or Atom feed: a file, a folder of .xml/.rss/.atom files, or an http(s) URL; repeat for more (default: the bundled fixtures)', collect)
        .option('--symbols <file>', 'symbol list CSV: symbol,name,aliases,common_words (default: the bundled 54 large US companies)')
        .option('--dup-threshold <j>', 'estimated Jaccard similarity from which an article is a near-duplicate', '0.8')
        .option('--story-overlap <x>', 'share of the shorter article\'s content words two articles with a common ticker must share to be one story', '0.35')
        .option('--related-threshold <j>', 'estimated Jaccard similarity of word shingles from which two articles are one story whatever they tag', '0.5')
        .option('--window-hours <h>', 'only articles this close in time are duplicates or one story', '48')
        .option('--half-life-hours <h>', 'a story loses half its rank score per this many hours of age', '12')
        .option('--now <iso>', 'time ages are measured from (default: the newest article)')
        .option('--top <n>', 'stories in the digest and summary', '50')
        .option('--headlines <n>', 'latest headlines kept per symbol in headlines.json', '5')
        .option('--timeout-ms <ms>', 'how long a feed URL may take', '10000')
        .option('--max-feed-bytes <n>', 'larger feeds are skipped (one feed is held in memory at a time)', String(32 << 20)),
    ).action(async (raw: Record<string, unknown>) => {
      const flags = validateConfig(
        {
          feed: raw['feed'],
          symbols: raw['symbols'],
          dupThreshold: raw['dupThreshold'],
          storyOverlap: raw['storyOverlap'],
          relatedThreshold: raw['relatedThreshold'],
          windowHours: raw['windowHours'],
          halfLifeHours: raw['halfLifeHours'],
          now: raw['now'],
          top: raw['top'],
          headlines: raw['headlines'],
          timeoutMs: raw['timeoutMs'],
          maxFeedBytes: raw['maxFeedBytes'],
        },
        'news-aggregator flags',
        newsFlagsSchema,
      );
      await runNewsAggregator(flags, commonJobFlags(raw), env());
    });
    command
      .command('generate')
      .description('write synthetic RSS and Atom feeds (deterministic) with syndicated copies and multi-outlet stories, e.g. a large input to measure throughput')
      // --dir, not --out: the job's own --out names its report folder.
      .requiredOption('--dir <dir>', 'folder to write the feed files into')
      .option('--items <n>', 'entries in all, spread over the feeds', '100000')
      .option('--feeds <n>', 'feed files', '200')
      .option('--seed <n>', 'random seed: the same seed writes the same feeds', '1')
      .action(async (raw: Record<string, unknown>) => {
        const flags = validateConfig({ dir: raw['dir'], items: raw['items'], feeds: raw['feeds'], seed: raw['seed'] }, 'news-aggregator generate flags', generateFlagsSchema);
        const written = await writeGeneratedFeeds(resolve(env().baseDir, flags.dir), flags);
        process.stderr.write(`riskwatch job news-aggregator generate: ${written.items} entries in ${written.feeds} feeds → ${flags.dir}\n`);
      });
  },
};
