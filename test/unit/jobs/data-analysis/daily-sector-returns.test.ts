import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dailySectorRows, writeDailySectorFile, type DailyRow } from '../../../../pipelines/data-analysis/daily-sector-returns.js';

function first(count: number, seed: number): DailyRow[] {
  const rows: DailyRow[] = [];
  for (const row of dailySectorRows(seed)) {
    if (rows.length === count) break;
    rows.push(row);
  }
  return rows;
}

describe('daily sector returns generator', () => {
  it('writes 36 stocks in 6 sectors a weekday, the same rows for the same seed', () => {
    const rows = first(36 * 25, 1);
    expect(first(36 * 25, 1)).toEqual(rows);
    expect(first(36, 2)).not.toEqual(rows.slice(0, 36));
    expect(new Set(rows.map((r) => r.symbol)).size).toBe(36);
    expect(new Set(rows.map((r) => r.sector)).size).toBe(6);
    const dates = [...new Set(rows.map((r) => r.date))];
    expect(dates.slice(0, 4)).toEqual(['2025-01-02', '2025-01-03', '2025-01-06', '2025-01-07']);
    expect(rows.every((r) => r.close > 0 && r.volume > 0 && Number.isInteger(r.volume))).toBe(true);
    // Volatility needs 20 returns: missing on each stock's first 19 days.
    expect(rows.filter((r) => r.volatility20d === undefined)).toHaveLength(36 * 19);
  });

  it('streams a CSV with header, or JSONL, of exactly the rows asked for', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'daily-'));
    expect(await writeDailySectorFile(join(dir, 'a.csv'), 100, 1, 'csv')).toBe(100);
    const csv = (await readFile(join(dir, 'a.csv'), 'utf8')).trimEnd().split('\n');
    expect(csv).toHaveLength(101);
    expect(csv[0]).toBe('date,symbol,sector,close,return_pct,volume,turnover_musd,volatility_20d');
    await writeDailySectorFile(join(dir, 'a.jsonl'), 3, 1, 'jsonl');
    const json = (await readFile(join(dir, 'a.jsonl'), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(json).toHaveLength(3);
    expect(json[0]).toMatchObject({ date: '2025-01-02', volatility_20d: null });
    expect(String(json[0]!['close'])).toBe(csv[1]!.split(',')[3]);
  });
});
