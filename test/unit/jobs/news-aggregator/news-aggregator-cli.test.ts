import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NewsResults } from '../../../../pipelines/news-aggregator/news-results.js';
import type { JobSummary } from '../../../../src/jobs/job-run.js';
import { runCli } from '../../../helpers/cli.js';

const summaryIn = async (dir: string): Promise<JobSummary<NewsResults>> =>
  JSON.parse(await readFile(join(dir, 'reports/news-aggregator/summary.json'), 'utf8')) as JobSummary<NewsResults>;

describe('riskwatch job news-aggregator', () => {
  it('runs offline on the bundled feeds with no arguments', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'news-cli-'));
    const { code, stderr } = await runCli(['job', 'news-aggregator', '--progress', 'off'], dir);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('articles        15 kept, 1 same-URL and 1 near-duplicates removed');
    const summary = await summaryIn(dir);
    expect(summary.rows).toMatchObject({ read: 17, skipped: 0 });
    expect(summary.results.stories.count).toBe(11);
    expect(summary.results.topStories[0]?.headline).toBe('Nvidia beats third-quarter estimates as data center sales surge');
    expect(await readFile(join(dir, 'reports/news-aggregator/headlines.json'), 'utf8')).toContain('"AAPL"');
  });

  it('exits 3 on a bad entry, naming file, line and field, with the skipped entry counted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'news-cli-'));
    await writeFile(
      join(dir, 'bad.rss'),
      '<rss version="2.0"><channel><title>Bad Wire</title>\n<item><title>Tesla ($TSLA) recalls trucks</title><link>https://bad.example/1</link><pubDate>Mon, 16 Nov 2026 10:00:00 GMT</pubDate></item>\n<item><title>No link</title><pubDate>Mon, 16 Nov 2026 11:00:00 GMT</pubDate></item>\n</channel></rss>\n',
    );
    const { code, stderr } = await runCli(['job', 'news-aggregator', '--feed', 'bad.rss', '--progress', 'off'], dir);
    expect(code).toBe(3);
    expect(stderr).toContain('bad.rss:3: item 2: field "link": missing');
    const summary = await summaryIn(dir);
    expect(summary.rows).toMatchObject({ read: 2, skipped: 1 });
    expect(summary.results.articles.kept).toBe(1);
  });
});
