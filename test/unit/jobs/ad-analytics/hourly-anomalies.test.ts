import { describe, expect, it } from 'vitest';
import { HOUR_MS, type CellSums } from '../../../../pipelines/ad-analytics/ad-aggregate.js';
import { findAnomalousHours } from '../../../../pipelines/ad-analytics/hourly-anomalies.js';

const FIRST_HOUR = Date.UTC(2026, 0, 5) / HOUR_MS;
const iso = (i: number): string => new Date((FIRST_HOUR + i) * HOUR_MS).toISOString();

/** A steady hourly series (CTR 2%, CVR 10%, CPM 3) with a few percent of deterministic wobble, edited per hour by `at`. */
function series(hours: number, at: (i: number, cell: CellSums) => CellSums = (_, cell) => cell): CellSums[] {
  return Array.from({ length: hours }, (_, i) => {
    const impressions = 100_000;
    const clicks = Math.round(impressions * 0.02 * (1 + 0.03 * Math.sin(i * 1.7)));
    const cell: CellSums = {
      campaign: 'c',
      exchange: 'x',
      hour: FIRST_HOUR + i,
      impressions,
      clicks,
      conversions: Math.round(clicks * 0.1 * (1 + 0.03 * Math.cos(i))),
      costMicros: Math.round(300e6 * (1 + 0.02 * Math.sin(i * 0.7))),
      rows: 10,
    };
    return at(i, cell);
  });
}

const flagged = (cells: CellSums[]) => findAnomalousHours(cells).map((a) => `${a.hour} ${a.metric} ${a.direction}`).sort();

describe('findAnomalousHours (robust-zscore over hourly metrics)', () => {
  it('flags nothing on a steady series', () => {
    expect(findAnomalousHours(series(120))).toEqual([]);
  });

  it('flags click fraud, a tracking outage and a cost spike in their hour, in the metrics they move, after the warm-up only', () => {
    const cells = series(120, (i, cell) => {
      if (i === 10 || i === 60) return { ...cell, clicks: cell.clicks * 5 };
      if (i === 80) return { ...cell, conversions: 0 };
      if (i === 90) return { ...cell, costMicros: cell.costMicros * 4 };
      return cell;
    });
    expect(flagged(cells)).toEqual(
      [
        // Five times the clicks: CTR up, and per click, conversions and cost down.
        `${iso(60)} ctr up`,
        `${iso(60)} cvr down`,
        `${iso(60)} cpc down`,
        `${iso(80)} cvr down`,
        `${iso(90)} cpc up`,
        `${iso(90)} cpm up`,
      ].sort(),
    );
    const fraud = findAnomalousHours(cells).find((a) => a.metric === 'ctr')!;
    expect(fraud.value).toBeCloseTo((cells[60]!.clicks / 100_000), 10);
    expect(fraud.typical).toBeGreaterThan(0.019);
    expect(fraud.typical).toBeLessThan(0.021);
  });

  it('keeps scoring a long series whose level shifts a thousandfold (the synthetic price is rebased, not overflowed)', () => {
    const cells = series(2000, (i, cell) => (i >= 1000 ? { ...cell, clicks: cell.clicks * 40, impressions: cell.impressions / 25 } : cell));
    const ctr = findAnomalousHours(cells).filter((a) => a.metric === 'ctr');
    expect(ctr[0]).toMatchObject({ hour: iso(1000), direction: 'up' });
    expect(ctr.length).toBeGreaterThan(20);
    expect(ctr.every((a) => a.direction === 'up' && a.hour >= iso(1000) && a.hour < iso(1025))).toBe(true);
  });
});
