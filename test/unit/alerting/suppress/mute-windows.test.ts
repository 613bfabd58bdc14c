import { describe, expect, it } from 'vitest';
import { compileMuteWindow, type MuteWindow, muteWindowSchema } from '../../../../src/alerting/suppress/mute-windows.js';
import { validateConfig } from '../../../../src/config/validate-config.js';

const at = (iso: string): number => Date.parse(iso);

function window(config: unknown): MuteWindow {
  return compileMuteWindow(validateConfig(config, 'rules.yaml', muteWindowSchema, ['muteWindows', 0]));
}

function problems(config: unknown): string {
  try {
    window(config);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a validation error');
}

/** The README example: closed on weekends and outside 09:30-16:00 New York time. */
const outsideTradingHours = {
  name: 'outside-trading-hours',
  timeZone: 'America/New_York',
  intervals: [
    { weekdays: ['saturday', 'sunday'] },
    {
      weekdays: ['monday:friday'],
      times: [
        { start: '00:00', end: '09:30' },
        { start: '16:00', end: '24:00' },
      ],
    },
  ],
};

describe('mute window: outside trading hours in New York', () => {
  const closed = window(outsideTradingHours);

  it.each([
    // Friday before the spring change, EST (UTC-5).
    ['2026-03-06T14:29:00Z', 'Fri 09:29 EST', true],
    ['2026-03-06T14:30:00Z', 'Fri 09:30 EST', false],
    ['2026-03-06T20:59:59Z', 'Fri 15:59:59 EST', false],
    ['2026-03-06T21:00:00Z', 'Fri 16:00 EST', true],
    // Sunday 2026-03-08: 02:00 EST becomes 03:00 EDT; muted all day either way.
    ['2026-03-08T06:59:59Z', 'Sun 01:59:59 EST', true],
    ['2026-03-08T07:00:00Z', 'Sun 03:00 EDT', true],
    // Monday after the spring change, EDT (UTC-4).
    ['2026-03-09T03:59:59Z', 'Sun 23:59:59 EDT', true],
    ['2026-03-09T04:00:00Z', 'Mon 00:00 EDT', true],
    ['2026-03-09T13:29:00Z', 'Mon 09:29 EDT', true],
    ['2026-03-09T13:29:59.999Z', 'Mon 09:29:59.999 EDT', true],
    ['2026-03-09T13:30:00Z', 'Mon 09:30 EDT', false],
    ['2026-03-09T14:29:00Z', 'Mon 10:29 EDT (09:29 if the change were missed)', false],
    ['2026-03-09T19:59:59Z', 'Mon 15:59:59 EDT', false],
    ['2026-03-09T20:00:00Z', 'Mon 16:00 EDT', true],
    // Friday before the autumn change, EDT.
    ['2026-10-30T13:29:00Z', 'Fri 09:29 EDT', true],
    ['2026-10-30T13:30:00Z', 'Fri 09:30 EDT', false],
    // Monday after the autumn change (2026-11-01, 02:00 EDT becomes 01:00 EST), EST.
    ['2026-11-02T14:29:00Z', 'Mon 09:29 EST', true],
    ['2026-11-02T14:30:00Z', 'Mon 09:30 EST', false],
    ['2026-11-02T13:30:00Z', 'Mon 08:30 EST (09:30 if the change were missed)', true],
    ['2026-11-02T20:59:59Z', 'Mon 15:59:59 EST', false],
    ['2026-11-02T21:00:00Z', 'Mon 16:00 EST', true],
  ])('%s (%s) muted: %s', (iso, _local, muted) => {
    expect(closed.isMuted(at(iso))).toBe(muted);
  });

  it('gives the same answers when asked out of order (the cached offset is only a shortcut)', () => {
    const fresh = window(outsideTradingHours);
    expect(fresh.isMuted(at('2026-11-02T14:30:00Z'))).toBe(false);
    expect(fresh.isMuted(at('2026-03-09T13:29:00Z'))).toBe(true);
    expect(fresh.isMuted(at('2026-11-02T14:29:00Z'))).toBe(true);
    expect(fresh.isMuted(at('2026-03-09T13:30:00Z'))).toBe(false);
  });
});

describe('mute window: weekend boundaries', () => {
  const weekend = window({ name: 'weekend', timeZone: 'America/New_York', intervals: [{ weekdays: ['saturday:sunday'] }] });

  it.each([
    ['2026-03-07T04:59:59.999Z', 'Fri 23:59:59.999 EST', false],
    ['2026-03-07T05:00:00Z', 'Sat 00:00 EST', true],
    // The Sunday of the spring change has 23 hours, so it ends at 04:00Z, not 05:00Z.
    ['2026-03-09T03:59:59.999Z', 'Sun 23:59:59.999 EDT', true],
    ['2026-03-09T04:00:00Z', 'Mon 00:00 EDT', false],
    ['2026-10-31T03:59:59.999Z', 'Fri 23:59:59.999 EDT', false],
    ['2026-10-31T04:00:00Z', 'Sat 00:00 EDT', true],
    // The Sunday of the autumn change has 25 hours, so it ends at 05:00Z.
    ['2026-11-02T04:30:00Z', 'Sun 23:30 EST', true],
    ['2026-11-02T04:59:59.999Z', 'Sun 23:59:59.999 EST', true],
    ['2026-11-02T05:00:00Z', 'Mon 00:00 EST', false],
  ])('%s (%s) muted: %s', (iso, _local, muted) => {
    expect(weekend.isMuted(at(iso))).toBe(muted);
  });
});

describe('mute window: the hours that DST skips and repeats', () => {
  it('matches the repeated 01:00-02:00 hour of the autumn change twice, in local time', () => {
    const night = window({ name: 'one-am', timeZone: 'America/New_York', intervals: [{ times: [{ start: '01:00', end: '02:00' }] }] });
    expect(night.isMuted(at('2026-11-01T04:59:59Z'))).toBe(false); // 00:59:59 EDT
    expect(night.isMuted(at('2026-11-01T05:30:00Z'))).toBe(true); // 01:30 EDT
    expect(night.isMuted(at('2026-11-01T06:30:00Z'))).toBe(true); // 01:30 EST, the second time
    expect(night.isMuted(at('2026-11-01T07:00:00Z'))).toBe(false); // 02:00 EST
  });

  it('never matches the 02:00-03:00 hour that the spring change skips', () => {
    const skipped = window({ name: 'two-am', timeZone: 'America/New_York', intervals: [{ weekdays: ['sunday'], times: [{ start: '02:00', end: '03:00' }] }] });
    for (let ts = at('2026-03-08T05:00:00Z'); ts < at('2026-03-08T10:00:00Z'); ts += 60_000) {
      expect(skipped.isMuted(ts)).toBe(false);
    }
    expect(skipped.isMuted(at('2026-03-01T07:30:00Z'))).toBe(true); // a week earlier, 02:30 EST
  });
});

describe('mute window: other zones and defaults', () => {
  it('uses UTC when no time zone is given', () => {
    const lunch = window({ name: 'lunch', intervals: [{ times: [{ start: '12:00', end: '13:00' }] }] });
    expect(lunch.isMuted(at('2026-06-01T11:59:59Z'))).toBe(false);
    expect(lunch.isMuted(at('2026-06-01T12:00:00Z'))).toBe(true);
    expect(lunch.isMuted(at('2026-06-01T13:00:00Z'))).toBe(false);
  });

  it('follows a zone east of UTC with a half-hour offset across the UTC date line', () => {
    // Asia/Kolkata is UTC+05:30: Monday 00:00 local is Sunday 18:30 UTC.
    const monday = window({ name: 'monday-ist', timeZone: 'Asia/Kolkata', intervals: [{ weekdays: ['monday'] }] });
    expect(monday.isMuted(at('2026-03-08T18:29:59Z'))).toBe(false);
    expect(monday.isMuted(at('2026-03-08T18:30:00Z'))).toBe(true);
    expect(monday.isMuted(at('2026-03-09T18:29:59Z'))).toBe(true);
    expect(monday.isMuted(at('2026-03-09T18:30:00Z'))).toBe(false);
  });

  it('accepts weekday ranges that wrap past Saturday, in any letter case', () => {
    const longWeekend = window({ name: 'long-weekend', intervals: [{ weekdays: ['Friday:MONDAY'] }] });
    const days = ['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07'].map((day) =>
      longWeekend.isMuted(at(`${day}T12:00:00Z`)),
    );
    expect(days).toEqual([true, false, false, false, true, true, true]); // Mon..Sun
  });

  it('agrees with Intl at many instants through the year, in random order', () => {
    const closed = window(outsideTradingHours);
    const local = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    let seed = 42;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const ts = at('2026-01-01T00:00:00Z') + Math.floor(next() * 365 * 86_400) * 1000;
      const parts = Object.fromEntries(local.formatToParts(ts).map((part) => [part.type, part.value]));
      const minutes = Number(parts['hour']) * 60 + Number(parts['minute']);
      const weekend = parts['weekday'] === 'Saturday' || parts['weekday'] === 'Sunday';
      expect(closed.isMuted(ts), new Date(ts).toISOString()).toBe(weekend || minutes < 9 * 60 + 30 || minutes >= 16 * 60);
    }
  });
});

describe('mute window schema', () => {
  const base = { name: 'w', timeZone: 'UTC' };

  it.each([
    [{ ...base, name: 'bad name', intervals: [{ weekdays: ['monday'] }] }, 'rules.yaml: muteWindows[0].name: expected name of letters, digits'],
    [{ ...base, timeZone: 'Mars/Olympus', intervals: [{ weekdays: ['monday'] }] }, 'muteWindows[0].timeZone: expected IANA time zone'],
    [{ ...base, intervals: [{ weekdays: ['mondy'] }] }, 'muteWindows[0].intervals[0].weekdays[0]: unknown weekday "mondy": expected weekday (sunday..saturday) or inclusive range like monday:friday'],
    [{ ...base, intervals: [{ weekdays: ['monday:fri'] }] }, 'unknown weekday "monday:fri"'],
    [{ ...base, intervals: [{ weekdays: ['monday:tuesday:friday'] }] }, 'unknown weekday "monday:tuesday:friday"'],
    [{ ...base, intervals: [{ times: [{ start: '9:30', end: '16:00' }] }] }, 'muteWindows[0].intervals[0].times[0].start: expected time like "09:30" (HH:MM, 00:00 to 24:00), got string "9:30"'],
    [{ ...base, intervals: [{ times: [{ start: '09:30', end: '24:01' }] }] }, 'times[0].end: expected time like "09:30"'],
    [{ ...base, intervals: [{ times: [{ start: 570, end: '16:00' }] }] }, 'times[0].start: expected time like "09:30" (HH:MM, quoted), got number 570'],
    [
      { ...base, intervals: [{ times: [{ start: '16:00', end: '09:30' }] }] },
      'muteWindows[0].intervals[0].times[0]: start 16:00 must be before end 09:30; a range past midnight is two ranges (16:00-24:00 and 00:00-09:30)',
    ],
    [{ ...base, intervals: [{ times: [{ start: '10:00', end: '10:00' }] }] }, 'start 10:00 must be before end 10:00'],
    [{ ...base, intervals: [{}] }, 'muteWindows[0].intervals[0]: an interval needs weekdays, times or both'],
    [{ ...base, intervals: [{ weekdays: [] }] }, 'intervals[0].weekdays: expected array of weekdays like [saturday, "monday:friday"] with at least one entry'],
    [{ ...base, intervals: [] }, 'muteWindows[0].intervals: expected array of intervals with at least one entry'],
    [{ ...base }, 'muteWindows[0].intervals: missing: expected array of intervals'],
    [{ ...base, intervals: [{ days: ['monday'] }] }, 'muteWindows[0].intervals[0].days: unknown key; allowed keys: weekdays, times'],
    [{ ...base, intervals: [{ times: [{ start: '09:00' }] }] }, 'times[0].end: missing: expected time like "09:30"'],
  ])('rejects %j', (config, message) => {
    expect(problems(config)).toContain(message);
  });

  it('accepts 24:00 as an end and keeps the name', () => {
    const late = window({ ...base, name: 'late', intervals: [{ times: [{ start: '23:00', end: '24:00' }] }] });
    expect(late.name).toBe('late');
    expect(late.isMuted(at('2026-06-01T23:59:59.999Z'))).toBe(true);
    expect(late.isMuted(at('2026-06-02T00:00:00Z'))).toBe(false);
  });
});
