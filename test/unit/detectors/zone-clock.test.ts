import { describe, expect, it, vi } from 'vitest';
import { createZoneClock, isTimeZone, offsetAt, timeZone, zoneOffsetMs } from '../../../src/detectors/zone-clock.js';
import { rng } from './fixtures.js';

const HOUR = 3_600_000;

describe('zone clock', () => {
  it('gives the offset in winter and summer, switching at the exact second', () => {
    const newYork = timeZone('America/New_York');
    const clock = createZoneClock();
    const at = (iso: string) => zoneOffsetMs(newYork, clock, Date.parse(iso)) / HOUR;
    expect(at('2026-01-05T14:30:00Z')).toBe(-5);
    expect(at('2026-07-06T13:30:00Z')).toBe(-4);
    // 2026-03-08 02:00 EST (07:00 UTC) becomes 03:00 EDT; 2026-11-01 02:00 EDT (06:00 UTC) becomes 01:00 EST.
    expect([at('2026-03-08T06:59:59.999Z'), at('2026-03-08T07:00:00Z')]).toEqual([-5, -4]);
    expect([at('2026-11-01T05:59:59.999Z'), at('2026-11-01T06:00:00Z')]).toEqual([-4, -5]);
  });

  it('finds switches that fall between whole UTC hours (Lord Howe: 30 minutes at 15:30 UTC)', () => {
    const lordHowe = timeZone('Australia/Lord_Howe');
    const clock = createZoneClock();
    const at = (iso: string) => zoneOffsetMs(lordHowe, clock, Date.parse(iso)) / HOUR;
    expect([at('2025-10-04T15:00:00Z'), at('2025-10-04T15:29:59Z'), at('2025-10-04T15:30:00Z')]).toEqual([10.5, 10.5, 11]);
    expect(clock.until).toBe(Date.parse('2025-10-05T15:30:00Z')); // a day ahead: no further switch
  });

  it('agrees with Intl on random instants, in any order, across years and zones', () => {
    const uniform = rng(4);
    for (const name of ['America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Santiago', 'UTC']) {
      const zone = timeZone(name);
      const clock = createZoneClock();
      let ts = Date.parse('2023-01-01T00:00:00Z');
      for (let i = 0; i < 800; i++) {
        ts = uniform() < 0.1 ? ts - uniform() * 30 * 24 * HOUR : ts + uniform() * 12 * HOUR;
        expect(zoneOffsetMs(zone, clock, ts), `${name} ${new Date(ts).toISOString()}`).toBe(offsetAt(zone, ts));
      }
    }
  });

  it('asks Intl about once per day of data, plus a bisection at a switch', () => {
    const zone = timeZone('America/New_York');
    const lookups = vi.spyOn(zone.format, 'formatToParts');
    const clock = createZoneClock();
    const start = Date.parse('2026-03-02T00:00:00Z');
    for (let ts = start; ts < start + 14 * 24 * HOUR; ts += 1000) zoneOffsetMs(zone, clock, ts);
    // 14 days: two lookups a day, and ~17 more to find the switch to the second.
    expect(lookups.mock.calls.length).toBeLessThan(2 * 15 + 20);
  });

  it('knows IANA names and rejects others', () => {
    expect(['America/New_York', 'Europe/London', 'UTC'].every(isTimeZone)).toBe(true);
    expect(['Mars/Olympus', 'New York', ''].some(isTimeZone)).toBe(false);
  });
});
