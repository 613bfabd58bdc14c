import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeGeneratedFeeds } from '../../../../pipelines/news-aggregator/generate-feeds.js';
import { newsFlagsSchema, runNewsAggregator } from '../../../../pipelines/news-aggregator/index.js';
import { systemClock } from '../../../../src/core/clock.js';
import { createLogger } from '../../../../src/observability/logger.js';

describe('news-aggregator generate', () => {
  it('writes the same feeds for the same seed, RSS and Atom, that the job reads with duplicates and stories to find', async () => {
    const [a, b] = [await mkdtemp(join(tmpdir(), 'news-gen-')), await mkdtemp(join(tmpdir(), 'news-gen-'))];
    expect(await writeGeneratedFeeds(a, { items: 400, feeds: 4, seed: 7 })).toEqual({ items: 400, feeds: 4 });
    await writeGeneratedFeeds(b, { items: 400, feeds: 4, seed: 7 });
    const names = await readdir(a);
    expect(names).toEqual(['feed-00000.xml', 'feed-00001.xml', 'feed-00002.xml', 'feed-00003.xml']);
    for (const name of names) expect(await readFile(join(a, name), 'utf8')).toBe(await readFile(join(b, name), 'utf8'));
    expect(await readFile(join(a, 'feed-00000.xml'), 'utf8')).toContain('<rss version="2.0">');
    expect(await readFile(join(a, 'feed-00001.xml'), 'utf8')).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');

    const env = { clock: systemClock, logger: createLogger('silent'), baseDir: a };
    const summary = await runNewsAggregator(newsFlagsSchema.parse({ feed: [a] }), { maxSkipped: 0, progress: 'off' }, env, { write: () => true } as unknown as NodeJS.WriteStream);
    expect(summary.rows).toMatchObject({ read: 400, skipped: 0 });
    const { articles, stories } = summary.results;
    expect(articles.kept + articles.urlDuplicates + articles.nearDuplicates).toBe(400);
    expect(articles.urlDuplicates).toBeGreaterThan(20);
    expect(articles.nearDuplicates).toBeGreaterThan(20);
    expect(articles.tagged).toBe(articles.kept);
    expect(stories.count).toBeLessThan(articles.kept);
  });
});
