import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/errors.js';
import { MAX_DISTINCT } from '../../../../pipelines/data-analysis/categorical-column.js';
import { MAX_GROUPS, OTHER_GROUPS } from '../../../../pipelines/data-analysis/group-summaries.js';
import { correlationOf, numericOf, profileRows } from './profile-rows.js';

/** Hand-computed: x = 1..4, y = 2x (r = +1), z = 10 − 2x (r = −1), two groups of two rows. */
const TINY = [
  { g: 'a', x: '1', y: '2', z: '8' },
  { g: 'a', x: '2', y: '4', z: '6' },
  { g: 'b', x: '3', y: '6', z: '4' },
  { g: 'b', x: '4', y: '8', z: '2' },
];

describe('data-analysis column profiler', () => {
  it('gives the hand-computed count, mean, std, quantiles and extremes', async () => {
    const { profile } = await profileRows(TINY);
    expect(profile.rows).toBe(4);
    const x = numericOf(profile, 'x');
    // mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; sample std √(5/3).
    expect(x).toMatchObject({ count: 4, missing: 0, mean: 2.5, min: 1, max: 4, quantilesExact: true });
    expect(x.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    // Linear interpolation: p25 at rank 0.75 → 1.75, median at 1.5 → 2.5, p95 at 2.85 → 3.85.
    expect(x.p25).toBeCloseTo(1.75, 12);
    expect(x.median).toBeCloseTo(2.5, 12);
    expect(x.p75).toBeCloseTo(3.25, 12);
    expect(x.p05).toBeCloseTo(1.15, 12);
    expect(x.p95).toBeCloseTo(3.85, 12);
    expect(numericOf(profile, 'y').mean).toBe(5);
    expect(profile.categorical).toEqual([{ column: 'g', count: 4, missing: 0, distinct: 2, distinctCapped: false, top: [['a', 2], ['b', 2]] }]);
  });

  it('finds r = +1 for proportional columns and −1 for opposed ones', async () => {
    const { profile } = await profileRows(TINY);
    expect(profile.correlations.columns).toEqual(['x', 'y', 'z']);
    expect(correlationOf(profile, 'x', 'y')).toBeCloseTo(1, 12);
    expect(correlationOf(profile, 'x', 'z')).toBeCloseTo(-1, 12);
    expect(correlationOf(profile, 'z', 'y')).toBeCloseTo(-1, 12);
    expect(correlationOf(profile, 'x', 'x')).toBe(1);
  });

  it('summarises each group exactly', async () => {
    const { profile } = await profileRows(TINY, { groupBy: 'g' });
    const [a, b] = profile.groupBy!.groups;
    expect(a).toMatchObject({ group: 'a', rows: 2, columns: { x: { count: 2, mean: 1.5, min: 1, max: 2 }, y: { mean: 3 } } });
    expect(b).toMatchObject({ group: 'b', rows: 2, columns: { x: { mean: 3.5 }, z: { mean: 3 } } });
    // y in group a: 2 and 4, sample std √2.
    expect(a!.columns['y']!.std).toBeCloseTo(Math.SQRT2, 12);
  });

  it('counts missing cells and correlates only the rows where both values are present', async () => {
    const rows = [
      { x: '1', w: '2' },
      { x: '2', w: '' },
      { x: '3', w: '6' },
      { x: '4', w: 'NA' },
      { x: '5', w: '10' },
    ];
    const { profile } = await profileRows(rows);
    expect(numericOf(profile, 'w')).toMatchObject({ count: 3, missing: 2, mean: 6, median: 6 });
    // Shared rows (1, 2), (3, 6), (5, 10): w = 2x there.
    expect(correlationOf(profile, 'x', 'w')).toBeCloseTo(1, 12);
  });

  it('gives no correlation for a constant column or fewer than 3 shared rows', async () => {
    const { profile } = await profileRows([
      { x: '1', c: '7', s: '1' },
      { x: '2', c: '7', s: '' },
      { x: '3', c: '7', s: '5' },
    ]);
    expect(correlationOf(profile, 'x', 'c')).toBeNull();
    expect(correlationOf(profile, 'x', 's')).toBeNull();
    expect(numericOf(profile, 'c').std).toBe(0);
  });

  it('rejects a row whose numeric cell is not a number, naming line and field, and counts none of its cells', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ name: i === 7 ? 'bad' : 'ok', x: String(i), y: String(2 * i) }));
    rows[7]!.y = '14 apples';
    const { profile, rejected } = await profileRows(rows);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ origin: 'data.csv:9', reason: { code: 'bad_field', field: 'y', message: 'field "y": expected a number, got "14 apples"' } });
    expect(profile.rows).toBe(19);
    // x = 0..19 without 7: mean (190 − 7) / 19; the row's text cell is not counted either.
    expect(numericOf(profile, 'x')).toMatchObject({ count: 19, missing: 0 });
    expect(numericOf(profile, 'x').mean).toBeCloseTo(183 / 19, 12);
    expect(profile.categorical[0]).toMatchObject({ column: 'name', count: 19, distinct: 1 });
    expect(correlationOf(profile, 'x', 'y')).toBeCloseTo(1, 12);
  });

  it('treats a column as text when under 90 % of its first values are numbers', async () => {
    const { profile, rejected } = await profileRows([{ v: 'oops' }, { v: '10' }, { v: '12' }, { v: '14' }]);
    expect(rejected).toEqual([]);
    expect(profile.numeric).toEqual([]);
    expect(profile.categorical[0]).toMatchObject({ column: 'v', count: 4, distinct: 4 });
  });

  it('decides types on the first rows, so a bad first cell is rejected rather than turning the column to text', async () => {
    const rows = [{ price: 'oops', size: '1' }, ...Array.from({ length: 20 }, (_, i) => ({ price: String(10 + i), size: '1' }))];
    const { profile, rejected } = await profileRows(rows);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ origin: 'data.csv:2', reason: { code: 'bad_field', field: 'price', message: 'field "price": expected a number, got "oops"' } });
    expect(profile.rows).toBe(20);
    // 10..29: mean 19.5, and the rejected row's size is not counted either.
    expect(numericOf(profile, 'price')).toMatchObject({ count: 20, mean: 19.5, min: 10, max: 29 });
    expect(numericOf(profile, 'size').count).toBe(20);
  });

  it('reads JSON objects whose keys appear late: earlier rows count as missing', async () => {
    const rows = [{ a: 1 }, { a: 2 }, { a: 3, b: 30 }, { a: 4, b: 'x-ray', c: true }];
    const { profile, rejected } = await profileRows(rows);
    expect(rejected).toEqual([]);
    expect(numericOf(profile, 'a').mean).toBe(2.5);
    expect(profile.categorical).toEqual([
      { column: 'b', count: 2, missing: 2, distinct: 2, distinctCapped: false, top: [['30', 1], ['x-ray', 1]] },
      { column: 'c', count: 1, missing: 3, distinct: 1, distinctCapped: false, top: [['true', 1]] },
    ]);
  });

  it('rejects a line that is not an object', async () => {
    const { profile, rejected } = await profileRows([{ a: 1 }, [1, 2], { a: 3 }]);
    expect(profile.rows).toBe(2);
    expect(rejected[0]).toMatchObject({ origin: 'data.csv:3', reason: { code: 'not_an_object' } });
  });

  it('fails with a configuration error naming the columns when --group-by is not one of them', async () => {
    await expect(profileRows(TINY, { groupBy: 'sector' })).rejects.toThrow(ConfigError);
    await expect(profileRows(TINY, { groupBy: 'sector' })).rejects.toThrow('its columns are g, x, y, z');
  });

  it('caps distinct values and groups, so memory stays bounded', async () => {
    const rows = Array.from({ length: MAX_DISTINCT + 5 }, (_, i) => ({ id: `id${i}`, g: `g${i % (MAX_GROUPS + 10)}`, v: String(i % 2) }));
    const { profile } = await profileRows(rows, { groupBy: 'g' });
    const id = profile.categorical.find((s) => s.column === 'id')!;
    expect(id).toMatchObject({ count: MAX_DISTINCT + 5, distinct: MAX_DISTINCT, distinctCapped: true });
    const groups = profile.groupBy!;
    expect(groups.capped).toBe(true);
    expect(groups.groups).toHaveLength(MAX_GROUPS + 1);
    const other = groups.groups.find((g) => g.group === OTHER_GROUPS)!;
    // i mod 1010 over 10,005 rows: residues 0..914 get 10 rows, 915..1009 get 9; g1000..g1009 are the pooled ones.
    expect(other.rows).toBe(10 * 9);
    expect(groups.groups.reduce((sum, g) => sum + g.rows, 0)).toBe(MAX_DISTINCT + 5);
  });
});
