import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdAggregate, HOUR_MS, type CellSums } from '../../../../pipelines/ad-analytics/ad-aggregate.js';
import { generateAdLog } from '../../../../pipelines/ad-analytics/ad-log-generator.js';
import { chunkAggregation } from '../../../../pipelines/ad-analytics/chunk-aggregation.js';
import { metricOf } from '../../../../pipelines/ad-analytics/hourly-anomalies.js';
import { tempDir } from './helpers.js';

async function aggregateFile(path: string, dir: string): Promise<CellSums[]> {
  const size = (await stat(path)).size;
  const result = await chunkAggregation({ path, format: path.endsWith('.csv') ? 'csv' : 'jsonl', startByte: 0, endByte: size, skippedPath: join(dir, 'skipped.jsonl') }).run(new AbortController().signal);
  const aggregate = new AdAggregate();
  aggregate.merge(result.partial);
  return aggregate.sortedCells();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

describe('ad log generator', () => {
  it('writes exactly the rows asked for, in time order, the same for the same seed, CSV and JSONL alike', async () => {
    const dir = await tempDir();
    const options = { rows: 5000, hours: 72, campaigns: 3, exchanges: 2, seed: 7 };
    const csv = await generateAdLog({ ...options, out: join(dir, 'a.csv') });
    await generateAdLog({ ...options, out: join(dir, 'b.csv') });
    await generateAdLog({ ...options, out: join(dir, 'c.jsonl') });
    const lines = (await readFile(csv.path, 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('ts,campaign,exchange,impressions,clicks,conversions,cost');
    expect(lines).toHaveLength(5001);
    const times = lines.slice(1).map((line) => Date.parse(line.split(',')[0]!));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    expect(await readFile(join(dir, 'b.csv'), 'utf8')).toBe(await readFile(csv.path, 'utf8'));
    expect(await aggregateFile(join(dir, 'c.jsonl'), dir)).toEqual(await aggregateFile(csv.path, dir));
    const labels = JSON.parse(await readFile(join(dir, 'a.labels.json'), 'utf8')) as { planted: unknown[] };
    expect(labels.planted).toEqual(csv.planted);
    expect(csv.planted).toHaveLength(6); // three of each kind, but only 6 cells to plant them in
  });

  it('plants each anomaly in its cell: CTR ×5, no conversions, CPM ×4', async () => {
    const dir = await tempDir();
    const log = await generateAdLog({ rows: 40_000, hours: 96, campaigns: 4, exchanges: 2, out: join(dir, 'ads.csv'), seed: 3 });
    const cells = await aggregateFile(log.path, dir);
    for (const planted of log.planted) {
      const own = cells.filter((c) => c.campaign === planted.campaign && c.exchange === planted.exchange);
      const hit = own.find((c) => c.hour * HOUR_MS === Date.parse(planted.hour))!;
      const usual = median(own.map((c) => metricOf(c, planted.metric)));
      const ratio = metricOf(hit, planted.metric) / usual;
      if (planted.kind === 'click-fraud') expect(ratio).toBeGreaterThan(4);
      if (planted.kind === 'click-fraud') expect(ratio).toBeLessThan(6);
      if (planted.kind === 'tracking-outage') expect(hit.conversions).toBe(0);
      if (planted.kind === 'cost-spike') expect(ratio).toBeGreaterThan(3.4);
      if (planted.kind === 'cost-spike') expect(ratio).toBeLessThan(4.6);
    }
  });
});
