import { mean, variance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { rollingMean, rollingStd } from '../../../src/detectors/rolling/rolling-stats.js';
import type { TimeOfDayProfileParams } from '../../../src/detectors/time-of-day-profile.js';
import { createVolumeSpike, volumeSpikeParams } from '../../../src/detectors/volume-spike.js';
import { intradayActivity, SESSION_MS } from '../../../src/sources/simulator/trading-session.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { expectClose, rng, run, T0, ticks } from './fixtures.js';
import { outside, recall, streamMarket } from './market-stream.js';

interface Expected {
  burstMean: number;
  baselineMean: number;
  baselineStd: number;
  z: number;
}

/**
 * For each tick, from scratch: the mean of ln(1 + size) over the last `burst` trades (itself
 * included) and the mean and population σ over the `window` trades before them, once both are full.
 */
function reference(sizes: readonly number[], burst: number, window: number): (Expected | undefined)[] {
  const logs = sizes.map((size) => Math.log1p(size));
  return logs.map((_, i) => {
    if (i + 1 < burst + window) return undefined;
    const recent = logs.slice(i + 1 - burst, i + 1);
    const before = logs.slice(i + 1 - burst - window, i + 1 - burst);
    const baselineMean = mean(before);
    const baselineStd = Math.sqrt(variance(before));
    const burstMean = mean(recent);
    return { burstMean, baselineMean, baselineStd, z: (burstMean - baselineMean) / (baselineStd / Math.sqrt(burst)) };
  });
}

/** The edge-triggered flag rule, replayed on reference scores. */
function referenceFlags(expected: readonly (Expected | undefined)[], p: { k: number; ratio: number; rearm: number }): boolean[] {
  let armed = true;
  return expected.map((e) => {
    if (e === undefined || !(e.baselineStd > 0)) return false;
    if (!armed) {
      if (e.z < p.rearm * p.k) armed = true;
      return false;
    }
    if (e.z < p.k || e.burstMean - e.baselineMean < Math.log(p.ratio)) return false;
    armed = false;
    return true;
  });
}

/**
 * Heavy-tailed trade sizes like the simulator's: Pareto (tail index 2.2) lots of 100 shares.
 * `scale` multiplies the lots of the trades it maps (a burst); `round` false keeps them continuous.
 */
function paretoSizes(n: number, seed: number, scale: (i: number) => number = () => 1, round = true): number[] {
  const uniform = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const lots = 2 * (1 - uniform()) ** (-1 / 2.2) * scale(i);
    return round ? Math.max(1, Math.round(lots)) * 100 : lots * 100;
  });
}

function burstAt(from: number, to: number, factor: number): (i: number) => number {
  return (i) => (i >= from && i < to ? factor : 1);
}

function sizeTicks(symbol: string, sizes: readonly number[]) {
  return ticks(symbol, sizes.map(() => 50), sizes);
}

function flagged(events: readonly unknown[]): number[] {
  return events.flatMap((event, i) => (event === undefined ? [] : [i]));
}

/** Trades of `sizes` from the ISO instant `start`, `gapMs(i)` apart (default one a second). */
function tradesFrom(start: string, sizes: readonly number[], gapMs: (i: number) => number = () => 1000): Tick[] {
  let ts = Date.parse(start);
  return sizes.map((size, i) => ({ symbol: 'ACME', ts: (ts += i === 0 ? 0 : gapMs(i)), price: 50, size }));
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] as const;

/** Four times the volume rate from 09:30 to 10:30 New York time, weekdays. */
const OPEN_PROFILE: TimeOfDayProfileParams = {
  timeZone: 'America/New_York',
  buckets: [
    { from: '04:00', volume: 1 },
    { from: '09:30', volume: 4 },
    { from: '10:30', volume: 1 },
    { from: '20:00', volume: 0 },
  ],
  days: [...WEEKDAYS],
};

/** An hour of trades, one a second from 09:00 New York time, four times the size from 09:30 on (index 1800). */
const OPEN_RISE = paretoSizes(3600, 21, (i) => (i >= 1800 ? 4 : 1));

describe('volume-spike', () => {
  it('keeps burst and baseline statistics like a brute-force recompute, on every tick', () => {
    for (const [burst, window] of [[15, 150], [10, 40], [1, 20]] as const) {
      const sizes = paretoSizes(1500, burst, burstAt(700, 760, 10), false);
      const expected = reference(sizes, burst, window);
      const detector = createVolumeSpike({ burst, window });
      const state = detector.createState();
      sizeTicks('ACME', sizes).forEach((tick, i) => {
        detector.update(state, tick);
        const e = expected[i];
        if (e === undefined) return;
        expectClose(rollingMean(state.burst), e.burstMean);
        expectClose(rollingMean(state.baseline), e.baselineMean);
        expectClose(rollingStd(state.baseline), e.baselineStd);
        const z = (rollingMean(state.burst) - rollingMean(state.baseline)) / (rollingStd(state.baseline) / Math.sqrt(burst));
        expectClose(z, e.z, 1e-9, 1e-3);
      });
    }
  });

  it('flags like the brute-force rule, scoring and filling each event to 1e-9', () => {
    const cases = [
      { burst: 10, window: 50, k: 1, ratio: 1, rearm: 0.5 },
      { burst: 15, window: 150, k: 0.5, ratio: 1.2, rearm: 1 },
      { burst: 5, window: 30, k: 2, ratio: 1.5, rearm: 0.1 },
    ];
    for (const p of cases) {
      const sizes = paretoSizes(4000, p.window, burstAt(2000, 2100, 12), false);
      const expected = reference(sizes, p.burst, p.window);
      const shouldFlag = referenceFlags(expected, p);
      const events = run(createVolumeSpike(p), sizeTicks('ACME', sizes));
      expect(flagged(events), JSON.stringify(p)).toEqual(flagged(shouldFlag.map((flag) => (flag ? 1 : undefined))));
      expect(flagged(events).length, JSON.stringify(p)).toBeGreaterThan(20);
      events.forEach((event, i) => {
        const e = expected[i];
        if (event === undefined || e === undefined) return;
        expectClose(event.score, e.z);
        expectClose(event.observed, Math.expm1(e.burstMean));
        expectClose(event.expected, Math.expm1(e.baselineMean));
        const needed = Math.max((p.k * e.baselineStd) / Math.sqrt(p.burst), Math.log(p.ratio));
        expectClose(event.upper!, Math.expm1(e.baselineMean + needed));
        expect(event.severity).toBe(e.z >= 1.75 * p.k ? 'critical' : 'warning');
      });
    }
  });

  it('raises nothing on 50k heavy-tailed quiet trades, nor on isolated block prints', () => {
    expect(flagged(run(createVolumeSpike(), sizeTicks('ACME', paretoSizes(50_000, 99))))).toEqual([]);
    const blocks = paretoSizes(20_000, 7).map((size, i) => (i % 400 === 399 ? 500_000 : size));
    expect(flagged(run(createVolumeSpike(), sizeTicks('ACME', blocks)))).toEqual([]);
  });

  it('catches a burst once, early, and re-arms after it ends', () => {
    const sizes = paretoSizes(3000, 5, (i) => (i >= 1000 && i < 1100) || (i >= 2000 && i < 2060) ? 10 : 1);
    const detector = createVolumeSpike();
    const state = detector.createState();
    const events = sizeTicks('ACME', sizes).map((tick) => detector.update(state, tick));
    const at = flagged(events);
    expect(at).toHaveLength(2);
    expect(at[0]).toBeGreaterThanOrEqual(1000);
    expect(at[0]).toBeLessThan(1015);
    expect(at[1]).toBeGreaterThanOrEqual(2000);
    expect(at[1]).toBeLessThan(2015);
    expect(state.armed).toBe(true);
  });

  it('raises one event for a long burst, not one per trade', () => {
    const sizes = paretoSizes(6000, 11, burstAt(3000, 3400, 15));
    const at = flagged(run(createVolumeSpike(), sizeTicks('ACME', sizes)));
    expect(at).toHaveLength(1);
    expect(at[0]).toBeGreaterThanOrEqual(3000);
    expect(at[0]).toBeLessThan(3015);
  });

  it('needs both tests: the ratio on a calm baseline, z on a noisy one', () => {
    // Calm: every size 100 or 101, then a burst at 2.5×: a huge z, but under the ratio.
    const calm = Array.from({ length: 200 }, (_, i) => 100 + (i % 2));
    const calmEvents = (factor: number) => run(createVolumeSpike(), sizeTicks('CALM', [...calm, ...Array.from({ length: 15 }, () => 100 * factor)]));
    expect(flagged(calmEvents(2.5))).toEqual([]);
    expect(flagged(calmEvents(4)).length).toBe(1);
    // Noisy: sizes alternate 10 and 10,000 (σ of ln(1 + size) ≈ 3.4), so a burst needs far more than the ratio.
    const noisy = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 10 : 10_000));
    const noisyEvents = (size: number) => run(createVolumeSpike(), sizeTicks('NOISY', [...noisy, ...Array.from({ length: 15 }, () => size)]));
    expect(flagged(noisyEvents(1600))).toEqual([]); // 4.8× the geometric mean of 331, but z ≈ 1.8
    expect(flagged(noisyEvents(100_000)).length).toBe(1); // z ≈ 6.5
  });

  it('waits for a full baseline: burst + window trades', () => {
    const sizes = [...paretoSizes(24, 3), ...Array.from({ length: 20 }, () => 1_000_000)];
    const events = run(createVolumeSpike({ burst: 5, window: 20 }), sizeTicks('ACME', sizes));
    expect(flagged(events)).toEqual([24]);
  });

  it('fills the event and explains it in one line', () => {
    const sizes = paretoSizes(400, 5, burstAt(300, 330, 20));
    const events = run(createVolumeSpike(), sizeTicks('AAPL', sizes));
    const [index] = flagged(events);
    const event = events[index!]!;
    expect(event).toMatchObject({ id: `AAPL|volume-spike|${T0 + index! * 1000}`, detector: 'volume-spike', symbol: 'AAPL' });
    expect(event.observed).toBeGreaterThan(event.upper!);
    expect(event.upper!).toBeGreaterThanOrEqual(3 * event.expected);
    expect(event.lower).toBeUndefined();
    expect(event.reason).toMatch(
      /^AAPL volume burst: last 15 trades average [\d,]+ shares \(geometric mean\), \d+\.\d× the usual [\d,]+ of the 150 before \(z \d+\.\d\)$/,
    );
  });

  it('never flags or produces NaN on constant sizes; a burst after them is flagged once it reaches the baseline', () => {
    for (const size of [100, 0]) {
      const flat = Array.from({ length: 500 }, () => size);
      expect(flagged(run(createVolumeSpike(), sizeTicks('FLAT', flat)))).toEqual([]);
      const events = run(createVolumeSpike(), sizeTicks('FLAT', [...flat, ...Array.from({ length: 30 }, () => 100_000)]));
      const at = flagged(events);
      expect(at).toEqual([515]); // σ 0 until the burst's first trade joins the baseline
      const event = events[515]!;
      expect([event.score, event.observed, event.expected, event.upper].every(Number.isFinite)).toBe(true);
    }
  });

  it('skips ticks whose size is not a finite non-negative number, leaving state as it was', () => {
    const sizes = paretoSizes(600, 8, burstAt(400, 430, 15));
    const clean = run(createVolumeSpike(), sizeTicks('ACME', sizes));
    const dirty = sizeTicks('ACME', sizes).flatMap((tick, i) =>
      i % 50 === 7 ? [{ ...tick, size: Number.NaN }, { ...tick, size: -100 }, { ...tick, size: Infinity }, tick] : [tick],
    );
    const detector = createVolumeSpike();
    const state = detector.createState();
    const events = dirty.map((tick) => detector.update(state, tick)).filter((e) => e !== undefined);
    expect(events).toHaveLength(1);
    expect(events).toEqual(clean.filter((e) => e !== undefined));
  });

  describe('with a time-of-day profile', () => {
    const withProfile = (profile: TimeOfDayProfileParams = OPEN_PROFILE) => createVolumeSpike({ profile });

    it('takes a rise at the open that the profile expects for granted, in winter and summer time', () => {
      const winter = tradesFrom('2026-01-05T14:00:00Z', OPEN_RISE); // 09:00 EST
      const summer = tradesFrom('2026-07-06T13:00:00Z', OPEN_RISE); // 09:00 EDT
      const first = (events: readonly unknown[]) => flagged(events)[0];
      expect(first(run(createVolumeSpike(), winter))).toBeGreaterThanOrEqual(1800);
      expect(first(run(createVolumeSpike(), winter))).toBeLessThan(1815);
      expect(flagged(run(withProfile(), winter))).toEqual([]);
      expect(flagged(run(withProfile(), summer))).toEqual([]);
      // The day after clocks go forward: 09:00 is 13:00 UTC, no longer 14:00.
      expect(flagged(run(withProfile(), tradesFrom('2026-03-09T13:00:00Z', OPEN_RISE)))).toEqual([]);
      // Winter's UTC times in summer: the rise comes at 10:30 New York, when the profile expects a fall.
      expect(first(run(withProfile(), tradesFrom('2026-07-06T14:00:00Z', OPEN_RISE)))).toBeGreaterThanOrEqual(1800);
    });

    it('still catches a burst far above what the profile expects, once, and says by how much', () => {
      const sizes = paretoSizes(3600, 22, (i) => (i >= 3000 && i < 3060 ? 40 : i >= 1800 ? 4 : 1));
      const events = run(withProfile(), tradesFrom('2026-01-05T14:00:00Z', sizes));
      const at = flagged(events);
      expect(at).toHaveLength(1);
      expect(at[0]).toBeGreaterThanOrEqual(3000);
      expect(at[0]).toBeLessThan(3015);
      const rate = /; volume rate (\d+\.\d)× what the time-of-day profile expects$/.exec(events[at[0]!]!.reason);
      expect(Number(rate?.[1])).toBeGreaterThan(3);
    });

    it('compares volume rates: sizes that grow only as trades thin out are no spike', () => {
      // From trade 1000 on, one trade every 4 s at 4 × the size: the same volume per second.
      const sizes = paretoSizes(2000, 23, (i) => (i >= 1000 ? 4 : 1));
      const thinning = tradesFrom('2026-01-05T12:00:00Z', sizes, (i) => (i > 1000 ? 4000 : 1000));
      expect(flagged(run(createVolumeSpike(), thinning)).length).toBe(1);
      expect(flagged(run(withProfile({ timeZone: 'UTC', buckets: [{ from: '00:00', volume: 1 }] }), thinning))).toEqual([]);
    });

    it('with a flat profile and one trade a second, flags exactly as without one', () => {
      for (const p of [{ burst: 15, window: 150, k: 0.5, ratio: 1.2, rearm: 1 }, { burst: 5, window: 30, k: 2, ratio: 1.5, rearm: 0.1 }]) {
        const input = tradesFrom('2026-01-05T12:00:00Z', paretoSizes(4000, p.window, burstAt(2000, 2100, 12), false));
        const plain = run(createVolumeSpike(p), input);
        const profiled = run(createVolumeSpike({ ...p, profile: { timeZone: 'Asia/Kolkata', buckets: [{ from: '09:15', volume: 2 }] } }), input);
        expect(flagged(profiled)).toEqual(flagged(plain));
        profiled.forEach((event, i) => {
          if (event === undefined) return;
          const [, times, rate] = /(\d+\.\d)× the usual .*; volume rate (\d+\.\d)×/.exec(event.reason) ?? [];
          expect(rate).toBe(times); // the size ratio: arrivals as steady as the profile expects
          expect({ ...event, reason: '' }).toEqual({ ...plain[i]!, reason: '' });
        });
      }
    });

    it('skips closed hours and days: the Monday open is judged against the Friday close', () => {
      const profile: TimeOfDayProfileParams = { ...OPEN_PROFILE, buckets: [{ from: '09:30', volume: 4 }, { from: '10:30', volume: 1 }, { from: '16:00', volume: 0 }] };
      // Friday 15:50-16:00 at 1 ×, then Monday 09:30-09:40 at 4 × the size, one trade a second.
      const sizes = paretoSizes(1200, 24, (i) => (i >= 600 ? 4 : 1));
      const input = tradesFrom('2026-01-09T20:50:00Z', sizes, (i) => (i === 600 ? Date.parse('2026-01-12T14:30:00Z') - Date.parse('2026-01-09T20:59:59Z') : 1000));
      expect(flagged(run(createVolumeSpike(), input)).length).toBe(1);
      expect(flagged(run(withProfile(profile), input))).toEqual([]);
      // Counting the weekend as open would make Friday's baseline look slow, and the open a spike.
      const { days: _weekdays, ...everyDay } = profile;
      expect(flagged(run(withProfile(everyDay), input)).length).toBe(1);
    });

    // The simulator's U-shape as a profile: volume per second follows activity^1.5 (tick rate ×
    // activity, size × √activity), in five-minute buckets; closed from 16:00 and at weekends.
    const simulatorProfile: TimeOfDayProfileParams = {
      timeZone: 'America/New_York',
      buckets: [
        ...Array.from({ length: 78 }, (_, i) => {
          const minute = 9 * 60 + 30 + 5 * i;
          return { from: `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`, volume: intradayActivity((i + 0.5) / 78) ** 1.5 };
        }),
        { from: '16:00', volume: 0 },
      ],
      days: [...WEEKDAYS],
    };
    const twoSessions = { seed: 5, symbols: 8, durationMs: 24 * 3_600_000 + SESSION_MS };

    it('on simulated sessions, with the simulator U-shape as profile, catches the injected spikes as often and raises nothing else', () => {
      const plain = streamMarket(createVolumeSpike(), { ...twoSessions, perSymbolHour: 6 });
      const profiled = streamMarket(createVolumeSpike({ profile: simulatorProfile }), { ...twoSessions, perSymbolHour: 6 });
      const caught = recall(profiled, 'volume_spike', 10_000);
      expect(caught.labels).toBeGreaterThan(50);
      expect(caught.caught).toBe(recall(plain, 'volume_spike', 10_000).caught);
      expect(outside(profiled, 10_000, ['volume_spike'])).toEqual([]);
      expect(outside(plain, 10_000, ['volume_spike'])).toEqual([]);
    });

    it('on clean simulated sessions, removes the false alarms of a loose ratio that the time of day explains', () => {
      const loose = { ratio: 1.5 };
      const plain = streamMarket(createVolumeSpike(loose), twoSessions).events.length;
      const profiled = streamMarket(createVolumeSpike({ ...loose, profile: simulatorProfile }), twoSessions).events.length;
      expect(plain).toBeGreaterThan(20);
      expect(profiled).toBeLessThan(0.8 * plain);
    });
  });

  describe('params', () => {
    it('has documented defaults', () => {
      expect(volumeSpikeParams.parse({})).toEqual({ burst: 15, window: 150, k: 5, ratio: 3, rearm: 0.25 });
    });

    it.each([
      [{ burst: 0 }, 'volume-spike.burst'],
      [{ window: 1 }, 'volume-spike.window'],
      [{ k: 0 }, 'volume-spike.k'],
      [{ ratio: 0.5 }, 'volume-spike.ratio'],
      [{ rearm: 0 }, 'volume-spike.rearm'],
      [{ rearm: 1.5 }, 'volume-spike.rearm'],
      [{ k: 6, criticalK: 5 }, 'volume-spike.criticalK'],
      [{ threshold: 3 }, 'volume-spike'],
      [{ profile: { timeZone: 'New York', buckets: [{ from: '09:30', volume: 2 }] } }, 'volume-spike.profile.timeZone: unknown time zone "New York"'],
      [{ profile: { timeZone: 'UTC', buckets: [{ from: '9:30', volume: 2 }] } }, 'volume-spike.profile.buckets[0].from: expected a local time of day as HH:MM'],
      [{ profile: { timeZone: 'UTC', buckets: [{ from: '10:00', volume: 2 }, { from: '09:30', volume: 1 }] } }, 'volume-spike.profile.buckets[1].from: buckets must start in increasing time order'],
      [{ profile: { timeZone: 'UTC', buckets: [{ from: '10:00', volume: -2 }] } }, 'volume-spike.profile.buckets[0].volume'],
      [{ profile: { buckets: [{ from: '10:00', volume: 2 }] } }, 'volume-spike.profile.timeZone'],
    ])('rejects %j at build time, naming %s', (params, path) => {
      expect(() => createVolumeSpike(params as never)).toThrow(ConfigError);
      expect(() => createVolumeSpike(params as never)).toThrow(path);
    });
  });
});
