import * as z from 'zod';
import { createZoneClock, timeZone, zoneOffsetMs } from '../../detectors/zone-clock.js';
import { expecting, nameSchema, nonEmptyList, strictObject, timeZoneSchema } from '../config/schema-parts.js';

// Named, recurring periods (nights, weekends, holidays' hours) in which routes send nothing.
// A window is active when any of its intervals matches; an interval matches when all of its
// fields (weekdays, times) match the local date and time in the window's zone.

/** Index = JavaScript weekday number (0 = Sunday), bit `1 << index` in a weekday mask. */
const WEEKDAYS: readonly string[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const ALL_WEEKDAYS = 0b111_1111;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Epoch day 0, 1970-01-01, was a Thursday. */
const EPOCH_WEEKDAY = 4;

const WEEKDAY_HELP = 'weekday (sunday..saturday) or inclusive range like monday:friday';

/** `monday` or `monday:friday` as a weekday mask; ranges may wrap past Saturday (`saturday:sunday`). */
function weekdayMask(text: string): number | undefined {
  const parts = text.toLowerCase().split(':');
  if (parts.length > 2) return undefined;
  const first = WEEKDAYS.indexOf(parts[0] ?? '');
  const last = WEEKDAYS.indexOf(parts[parts.length - 1] ?? '');
  if (first < 0 || last < 0) return undefined;
  let mask = 0;
  for (let day = first; ; day = (day + 1) % 7) {
    mask |= 1 << day;
    if (day === last) return mask;
  }
}

const weekdaysSchema = z.string({ error: expecting(WEEKDAY_HELP) }).transform((text, ctx) => {
  const mask = weekdayMask(text);
  if (mask === undefined) {
    ctx.addIssue({ code: 'custom', message: `unknown weekday ${JSON.stringify(text)}: expected ${WEEKDAY_HELP}` });
    return z.NEVER;
  }
  return mask;
});

const TIME_OF_DAY = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** `HH:MM` as minutes since local midnight; `24:00` is the end of the day. */
const timeOfDaySchema = z.string({ error: expecting('time like "09:30" (HH:MM, quoted)') }).transform((text, ctx) => {
  const match = TIME_OF_DAY.exec(text);
  if (match === null) {
    ctx.addIssue({ code: 'custom', message: expecting('time like "09:30" (HH:MM, 00:00 to 24:00)')({ input: text }) });
    return z.NEVER;
  }
  return match[1] === undefined ? 24 * 60 : Number(match[1]) * 60 + Number(match[2]);
});

function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Local time of day in [start, end), as minutes since midnight. */
const timeRangeSchema = strictObject({ start: timeOfDaySchema, end: timeOfDaySchema }, 'mapping like { start: "09:30", end: "16:00" }').refine(
  (range) => range.start < range.end,
  {
    error: (issue) => {
      const range = issue.input as { start: number; end: number };
      const [start, end] = [formatMinutes(range.start), formatMinutes(range.end)];
      return `start ${start} must be before end ${end}; a range past midnight is two ranges (${start}-24:00 and 00:00-${end})`;
    },
  },
);

const intervalSchema = strictObject(
  {
    weekdays: nonEmptyList(weekdaysSchema, 'array of weekdays like [saturday, "monday:friday"]').optional(),
    times: nonEmptyList(timeRangeSchema, 'array of time ranges like [{ start: "00:00", end: "09:30" }]').optional(),
  },
  'mapping with weekdays, times or both',
).refine((interval) => interval.weekdays !== undefined || interval.times !== undefined, {
  error: 'an interval needs weekdays, times or both',
});

export const muteWindowSchema = strictObject(
  {
    name: nameSchema,
    /** Zone of the local dates and times; UTC when not given, as in Alertmanager. */
    timeZone: timeZoneSchema.default('UTC'),
    intervals: nonEmptyList(intervalSchema, 'array of intervals'),
  },
  'mapping with name, timeZone, intervals',
);

/** Validated: weekdays as masks (bit 0 = Sunday), times as minutes since local midnight. */
export type MuteWindowConfig = z.output<typeof muteWindowSchema>;

export interface MuteWindow {
  readonly name: string;
  isMuted(ts: number): boolean;
}

interface CompiledInterval {
  readonly weekdays: number;
  /** Flat [start, end) pairs in ms since local midnight; empty means any time of day. */
  readonly times: readonly number[];
}

function matches(interval: CompiledInterval, weekdayBit: number, msOfDay: number): boolean {
  if ((interval.weekdays & weekdayBit) === 0) return false;
  const times = interval.times;
  if (times.length === 0) return true;
  for (let i = 0; i < times.length; i += 2) {
    if (msOfDay >= times[i]! && msOfDay < times[i + 1]!) return true;
  }
  return false;
}

/** Everything is decided here, so `isMuted` is a cached offset lookup and a few comparisons. */
export function compileMuteWindow(config: MuteWindowConfig): MuteWindow {
  const zone = timeZone(config.timeZone);
  const clock = createZoneClock();
  const intervals: CompiledInterval[] = config.intervals.map((interval) => ({
    weekdays: interval.weekdays?.reduce((mask, days) => mask | days, 0) ?? ALL_WEEKDAYS,
    times: (interval.times ?? []).flatMap((range) => [range.start * MINUTE_MS, range.end * MINUTE_MS]),
  }));
  return {
    name: config.name,
    isMuted(ts: number): boolean {
      const local = ts + zoneOffsetMs(zone, clock, ts);
      const day = Math.floor(local / DAY_MS);
      const weekdayBit = 1 << ((((day + EPOCH_WEEKDAY) % 7) + 7) % 7);
      const msOfDay = local - day * DAY_MS;
      for (let i = 0; i < intervals.length; i++) {
        if (matches(intervals[i]!, weekdayBit, msOfDay)) return true;
      }
      return false;
    },
  };
}
