import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { NAB_PROFILES, type NabProfile } from '../../../src/nab/nab-profiles.js';
import { scoreNabCorpus } from '../../../src/nab/nab-score.js';
import { descendingOrder } from '../../../src/nab/nab-threshold-sweep.js';
import { minutes, scoresAt, windowOfRows } from './series.js';

const [standard, lowFp] = NAB_PROFILES as [NabProfile, NabProfile, NabProfile];

// 20 rows, one window over rows 10..14; rows 0..2 probationary. Hand-computed worths:
const ROW_11 = 0.9771068409226047; // tanh(2)/tanh(2.5)
const ROW_12 = 0.9174286804284078; // tanh(1.5)/tanh(2.5)
const ROW_13 = 0.7719269398210887; // tanh(1)/tanh(2.5)
const ROW_16 = -0.8482836399575129; // −tanh(1.25): half a window-width past the window
const timestamps = minutes(20);
const labels = new Map([['a/s.csv', [windowOfRows(timestamps, 10, 14)]]]);
const score = (at: Readonly<Record<number, number>>, profile: NabProfile = standard) =>
  scoreNabCorpus([{ series: 'a/s.csv', timestampsMs: timestamps, scores: scoresAt(20, at) }], labels, [profile])[0]!;

describe('scoreNabCorpus', () => {
  it('finds the best threshold: a lone detection inside the window', () => {
    // θ = 0.9: the window at row 12. θ = 0.8 adds a false positive before the window (−0.11);
    // θ = 0.7 one after it (−0.11 · 0.848); θ = 0 every row.
    const result = score({ 12: 0.9, 5: 0.8, 16: 0.7 });
    expect(result.threshold).toBe(0.9);
    expect(result.raw).toBeCloseTo(ROW_12, 12);
    expect(result.null).toBe(-1);
    expect(result.perfect).toBe(1);
    expect(result.normalized).toBeCloseTo((100 * (ROW_12 + 1)) / 2, 10);
    expect(result).toMatchObject({ windowsDetected: 1, windows: 1, falsePositives: 0 });
  });

  it('counts only the earliest detection in a window, and later ones not at all', () => {
    // θ = 0.95: row 13 detects. θ = 0.9: row 12 is earlier and replaces it. θ = 0.85: row 11.
    expect(score({ 13: 0.95 }).raw).toBeCloseTo(ROW_13, 12);
    expect(score({ 13: 0.95, 12: 0.9 }).raw).toBeCloseTo(ROW_12, 12);
    const best = score({ 13: 0.95, 12: 0.9, 11: 0.85 });
    expect(best.raw).toBeCloseTo(ROW_11, 12);
    expect(best.threshold).toBe(0.85);
  });

  it('weighs false positives by the profile: a worthwhile trade under standard, not under reward_low_FP_rate', () => {
    // At 0.9 the window is found at row 13 (0.772); at 0.8 at row 11 (0.977), but with a false
    // positive before the window: −0.11 under standard, −0.22 under reward_low_FP_rate.
    const at = { 13: 0.9, 5: 0.85, 11: 0.8 };
    expect(score(at).raw).toBeCloseTo(ROW_11 - 0.11, 12);
    expect(score(at).threshold).toBe(0.8);
    expect(score(at, lowFp).raw).toBeCloseTo(ROW_13, 12);
    expect(score(at, lowFp).threshold).toBe(0.9);
  });

  it('charges a false positive past a window by its distance from it', () => {
    expect(score({ 16: 0.95, 12: 0.9 }, { ...standard, fpWeight: 0.01 }).raw).toBeCloseTo(ROW_12 + 0.01 * ROW_16, 12);
  });

  it('prefers firing nowhere when every detection costs more than it earns, and then scores null', () => {
    // Even the lowest threshold (every row) loses: 1 for the window, −1 for each of 12 false positives.
    const harsh: NabProfile = { name: 'harsh', tpWeight: 1, fpWeight: 1, fnWeight: 2 };
    const result = score({ 5: 0.9, 6: 0.8 }, harsh);
    expect(result).toMatchObject({ threshold: Infinity, raw: -2, null: -2, perfect: 1, normalized: 0, windowsDetected: 0 });
  });

  it('keeps the higher threshold when two score the same', () => {
    // With free false positives, 0.9 and 0.7 both find the window at its first row.
    const free: NabProfile = { name: 'free', tpWeight: 1, fpWeight: 0, fnWeight: 1 };
    expect(score({ 10: 0.9, 5: 0.7 }, free).threshold).toBe(0.9);
  });

  it('needs scores for every labelled series', () => {
    expect(() => scoreNabCorpus([], labels, NAB_PROFILES)).toThrow(InputError);
  });
});

describe('descendingOrder', () => {
  it('orders rows by descending score, equal scores by row', () => {
    expect([...descendingOrder(new Float64Array([0.5, 1, 0, 0.5, -0, 1]))]).toEqual([1, 5, 0, 3, 2, 4]);
    expect(descendingOrder(new Float64Array(0)).length).toBe(0);
  });
});
