import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../src/jobs/job-run.js';
import { generateAdLog } from '../../../pipelines/ad-analytics/ad-log-generator.js';
import type { AdAnalyticsSummaryResults } from '../../../pipelines/ad-analytics/local-run.js';
import { runCli, startCli } from '../../helpers/cli.js';
import { testServers, uniqueName } from '../../helpers/servers.js';

const readSummary = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as JobSummary<AdAnalyticsSummaryResults>;

describe('riskwatch job ad-analytics over Kafka', () => {
  it('two processes in one consumer group, their partials merged, give exactly the totals of one local run', async () => {
    const brokers = testServers().kafkaBrokers.join(',');
    const topic = uniqueName('ads');
    const group = uniqueName('ad-group');
    const dir = await mkdtemp(join(tmpdir(), 'ad-analytics-kafka-'));
    await generateAdLog({ rows: 150_000, hours: 72, out: join(dir, 'ads.csv'), seed: 5 });

    const local = await runCli(['job', 'ad-analytics', '--input', 'ads.csv', '--workers', '1', '--out', 'local', '--progress', 'off'], dir);
    expect(local.code, local.stderr).toBe(0);
    const loaded = await runCli(['job', 'ad-analytics', 'load', '--input', 'ads.csv', '--topic', topic, '--partitions', '4', '--brokers', brokers, '--progress', 'off'], dir);
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(loaded.stderr).toContain(`produced 150000 rows to ${topic}`);

    const members = ['a', 'b'].map((name) =>
      startCli(['job', 'ad-analytics', '--from-kafka', topic, '--group', group, '--members', '2', '--brokers', brokers, '--labels', 'ads.labels.json', '--out', `member-${name}`, '--progress', 'off'], dir),
    );
    const codes = await Promise.all(members.map((member) => member.exited));
    expect(codes, members.map((m) => m.stderr).join('\n')).toEqual([0, 0]);
    // With --members 2 neither reads before both have joined, so each reads a share (its size depends on the rebalance).
    const shares = members.map((member) => Number(/read (\d+) rows/.exec(member.stderr)?.[1]));
    expect(shares[0]! + shares[1]!).toBe(150_000);
    expect(shares.every((share) => share > 0)).toBe(true);
    process.stdout.write(`rows read by the two members: ${shares.join(' + ')}\n`);

    const merged = await runCli(['job', 'ad-analytics', 'merge', '--topic', topic, '--group', group, '--brokers', brokers, '--labels', 'ads.labels.json', '--out', 'merged', '--progress', 'off'], dir);
    expect(merged.code, merged.stderr).toBe(0);
    const one = await readSummary(join(dir, 'local/summary.json'));
    const both = await readSummary(join(dir, 'merged/summary.json'));
    expect(both.results.execution).toEqual({ mode: 'kafka', topic, group, members: 2 });
    expect(both.rows).toMatchObject({ read: 150_000, skipped: 0 });
    expect(both.results.totals).toEqual(one.results.totals);
    expect({ ...both.results, execution: undefined }).toEqual({ ...one.results, execution: undefined });
    // The member that finished last saw every offset covered and wrote the same report.
    const reports = await Promise.all(['a', 'b'].map((name) => readSummary(join(dir, `member-${name}/summary.json`)).catch(() => undefined)));
    expect(reports.filter((r) => r !== undefined).map((r) => r!.results.totals)).toContainEqual(one.results.totals);
  });
});
