import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate-config.js';
import { compileProfile, createVolumeClock, readVolumeClock, timeOfDayProfileParams, type TimeOfDayProfileParams } from '../../../src/detectors/time-of-day-profile.js';
import { expectClose } from './fixtures.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function profile(params: TimeOfDayProfileParams) {
  return compileProfile(timeOfDayProfileParams.parse(params));
}

/** Expected volume between two ISO instants, read on a fresh clock. */
function between(params: TimeOfDayProfileParams, from: string, to: string): number {
  const compiled = profile(params);
  const clock = createVolumeClock();
  const start = readVolumeClock(compiled, clock, Date.parse(from));
  return readVolumeClock(compiled, clock, Date.parse(to)) - start;
}

const NEW_YORK_SESSION: TimeOfDayProfileParams = {
  timeZone: 'America/New_York',
  buckets: [
    { from: '09:30', volume: 3 },
    { from: '10:00', volume: 1 },
    { from: '15:30', volume: 2 },
    { from: '16:00', volume: 0 },
  ],
  days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'],
};

describe('time-of-day profile', () => {
  it('integrates the bucket rates over local time, in winter and summer', () => {
    // 09:00-10:30 New York: 30 min closed, 30 at 3, 30 at 1.
    expectClose(between(NEW_YORK_SESSION, '2026-01-05T14:00:00Z', '2026-01-05T15:30:00Z'), 120);
    expectClose(between(NEW_YORK_SESSION, '2026-07-06T13:00:00Z', '2026-07-06T14:30:00Z'), 120);
    // Within a bucket, proportional to the time elapsed: 15 s at the open, 15 s at lunch.
    expectClose(between(NEW_YORK_SESSION, '2026-01-05T14:30:00Z', '2026-01-05T14:30:15Z'), 0.75);
    expectClose(between(NEW_YORK_SESSION, '2026-01-05T17:00:00Z', '2026-01-05T17:00:15Z'), 0.25);
  });

  it('takes no time in closed hours and days: the close and the next open are adjacent', () => {
    // 15:59 Friday to 09:31 Monday: one minute at the close (2), one at the open (3).
    expectClose(between(NEW_YORK_SESSION, '2026-01-09T20:59:00Z', '2026-01-12T14:31:00Z'), 5);
    // A whole day: 30 × 3 + 330 × 1 + 30 × 2; a week: five of them.
    expectClose(between(NEW_YORK_SESSION, '2026-01-05T12:00:00Z', '2026-01-06T12:00:00Z'), 480);
    expectClose(between(NEW_YORK_SESSION, '2026-01-03T12:00:00Z', '2026-01-10T12:00:00Z'), 5 * 480);
    // Without `days`, every day is open, weekends too.
    const everyDay = { ...NEW_YORK_SESSION, days: undefined };
    expectClose(between(everyDay, '2026-01-09T20:59:00Z', '2026-01-12T14:31:00Z'), 5 + 2 * 480);
    // Before the epoch too (weeks counted with floor).
    expectClose(between(NEW_YORK_SESSION, '1969-12-26T20:59:00Z', '1969-12-29T14:31:00Z'), 5);
  });

  it('wraps the last bucket round to the first one the next day', () => {
    const params = { timeZone: 'UTC', buckets: [{ from: '06:00', volume: 1 }, { from: '18:00', volume: 4 }] };
    expectClose(between(params, '2026-01-05T00:00:00Z', '2026-01-05T01:00:00Z'), 240); // 00:00-06:00 is the 18:00 bucket
    expectClose(between(params, '2026-01-05T17:00:00Z', '2026-01-06T07:00:00Z'), 60 + 12 * 240 + 60);
  });

  it('follows real elapsed time across daylight-saving switches', () => {
    // 01:00-02:00 New York is the busy hour; the clocks skip 02:00-03:00 in spring and repeat 01:00-02:00 in autumn.
    const params = { timeZone: 'America/New_York', buckets: [{ from: '00:00', volume: 1 }, { from: '01:00', volume: 10 }, { from: '02:00', volume: 1 }] };
    const day = (midnight: string, hours: number) => between(params, midnight, new Date(Date.parse(midnight) + hours * HOUR).toISOString());
    expectClose(day('2026-03-02T05:00:00Z', 24), 60 * (1 + 10 + 22));
    expectClose(day('2026-03-08T05:00:00Z', 23), 60 * (1 + 10 + 21)); // 23 real hours
    expectClose(day('2026-11-01T04:00:00Z', 25), 60 * (1 + 10 + 10 + 22)); // 25 real hours
  });

  it('never runs backwards: an earlier timestamp reads as the latest', () => {
    const compiled = profile(NEW_YORK_SESSION);
    const clock = createVolumeClock();
    const t = Date.parse('2026-01-05T15:00:00Z');
    readVolumeClock(compiled, clock, t);
    const latest = readVolumeClock(compiled, clock, t + MINUTE);
    expect(readVolumeClock(compiled, clock, t)).toBe(latest);
    expect(readVolumeClock(compiled, clock, Number.NaN)).toBe(latest);
    expectClose(readVolumeClock(compiled, clock, t + 2 * MINUTE) - latest, 1);
  });

  describe('params', () => {
    it.each([
      [{ timeZone: 'America/NewYork', buckets: [{ from: '09:30', volume: 1 }] }, 'profile.timeZone: unknown time zone "America/NewYork": expected an IANA name such as America/New_York'],
      [{ timeZone: 'UTC', buckets: [{ from: '9:30', volume: 1 }] }, 'profile.buckets[0].from: expected a local time of day as HH:MM, 00:00 to 23:59'],
      [{ timeZone: 'UTC', buckets: [{ from: '24:00', volume: 1 }] }, 'profile.buckets[0].from: expected a local time of day as HH:MM'],
      [{ timeZone: 'UTC', buckets: [{ from: '10:00', volume: 1 }, { from: '09:30', volume: 2 }] }, 'profile.buckets[1].from: buckets must start in increasing time order: 09:30 after 10:00'],
      [{ timeZone: 'UTC', buckets: [{ from: '10:00', volume: 1 }, { from: '10:00', volume: 2 }] }, 'profile.buckets[1].from: buckets must start in increasing time order'],
      [{ timeZone: 'UTC', buckets: [{ from: '10:00', volume: -1 }] }, 'profile.buckets[0].volume: Too small'],
      [{ timeZone: 'UTC', buckets: [{ from: '10:00', volume: 0 }] }, 'profile.buckets: at least one bucket needs a volume above 0'],
      [{ timeZone: 'UTC', buckets: [] }, 'profile.buckets: Too small'],
      [{ timeZone: 'UTC', buckets: [{ from: '10:00', volume: 1, until: '11:00' }] }, 'profile.buckets[0].until: unknown key'],
      [{ timeZone: 'UTC', buckets: [{ from: '10:00', volume: 1 }], days: ['Monday'] }, 'profile.days[0]: Invalid option: expected one of "Sun"|"Mon"|'],
    ])('rejects %j: %s', (params, message) => {
      expect(() => validateConfig(params, 'test', timeOfDayProfileParams, ['profile'])).toThrow(`test: ${message}`);
    });
  });
});
