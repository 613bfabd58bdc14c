import { describe, expect, it } from 'vitest';
import { createNewYorkClock, localDay, localMinuteOfDay, newYorkLocal } from '../../../src/detectors/new-york-clock.js';

const HOUR = 3_600_000;

describe('new-york clock', () => {
  it('gives New York wall-clock time in winter (UTC-5) and summer (UTC-4)', () => {
    const clock = createNewYorkClock();
    expect(localMinuteOfDay(newYorkLocal(clock, Date.parse('2026-01-05T14:30:00Z')))).toBe(9 * 60 + 30);
    expect(localMinuteOfDay(newYorkLocal(clock, Date.parse('2026-07-06T13:30:00Z')))).toBe(9 * 60 + 30);
    expect(localMinuteOfDay(newYorkLocal(clock, Date.parse('2026-07-06T19:59:30Z')))).toBe(15 * 60 + 59.5);
  });

  it('follows the switches to and from daylight saving time, hour by hour', () => {
    const clock = createNewYorkClock();
    // 2026-03-08 02:00 EST (07:00 UTC) becomes 03:00 EDT; 2026-11-01 02:00 EDT (06:00 UTC) becomes 01:00 EST.
    const spring = Date.parse('2026-03-08T06:00:00Z');
    expect([0, 1, 2].map((h) => localMinuteOfDay(newYorkLocal(clock, spring + h * HOUR)) / 60)).toEqual([1, 3, 4]);
    const autumn = Date.parse('2026-11-01T05:00:00Z');
    expect([0, 1, 2].map((h) => localMinuteOfDay(newYorkLocal(clock, autumn + h * HOUR)) / 60)).toEqual([1, 1, 2]);
  });

  it('puts late-evening UTC instants on the New York day they belong to', () => {
    const clock = createNewYorkClock();
    const monday = localDay(newYorkLocal(clock, Date.parse('2026-01-05T23:30:00Z'))); // 18:30 Monday
    const tuesday = localDay(newYorkLocal(clock, Date.parse('2026-01-06T05:30:00Z'))); // 00:30 Tuesday
    expect(tuesday - monday).toBe(1);
    expect(localDay(newYorkLocal(clock, Date.parse('2026-01-06T04:30:00Z')))).toBe(monday); // 23:30 Monday
  });
});
