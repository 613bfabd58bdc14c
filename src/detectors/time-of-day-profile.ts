import { z } from 'zod';
import { createZoneClock, isTimeZone, timeZone, zoneOffsetMs, type TimeZone, type ZoneClock } from './zone-clock.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/**
 * When in the day volume is expected: the relative traded volume per unit of time in each
 * time-of-day bucket of a time zone, the same on every trading day (`days`; the others are
 * closed, and holidays are not known). A bucket starts at its `from` (local wall-clock time) and
 * lasts until the next one's; the last lasts until the first one's `from` the next day. A US
 * equity profile is U-shaped: heavy at the open and close, light at lunch.
 *
 * The profile works as a clock that runs at the expected volume rate (a "volume clock"): the
 * reading difference between two instants is the volume expected between them (in the profile's
 * units, × minutes), so a count or volume divided by it is a rate with the time of day taken
 * out. Volume 0 marks hours the market is closed: they take no time on this clock, so yesterday's
 * close and today's open are adjacent. The clock follows real elapsed time, so the hour skipped
 * when clocks go forward adds nothing and the hour repeated when they go back adds twice.
 */
export const timeOfDayProfileParams = z
  .strictObject({
    timeZone: z
      .string()
      .refine(isTimeZone, { error: (issue) => `unknown time zone ${JSON.stringify(issue.input)}: expected an IANA name such as America/New_York` })
      .describe('IANA time zone the bucket times are in, e.g. America/New_York (daylight saving followed).'),
    buckets: z
      .array(
        z.strictObject({
          from: z
            .string()
            .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time of day as HH:MM, 00:00 to 23:59')
            .describe('Local time the bucket starts, HH:MM; it lasts until the next bucket starts.'),
          volume: z.number().min(0).describe('Relative expected volume per unit of time (any scale; only ratios matter); 0: market closed.'),
        }),
      )
      .min(1)
      .max(1440)
      .superRefine((buckets, ctx) => {
        for (let i = 1; i < buckets.length; i++) {
          if (minuteOfDay(buckets[i]!.from) <= minuteOfDay(buckets[i - 1]!.from)) {
            ctx.addIssue({ code: 'custom', path: [i, 'from'], message: `buckets must start in increasing time order: ${buckets[i]!.from} after ${buckets[i - 1]!.from}` });
          }
        }
        if (buckets.every((bucket) => !(bucket.volume > 0))) ctx.addIssue({ code: 'custom', message: 'at least one bucket needs a volume above 0' });
      })
      .describe('Time-of-day buckets in increasing order of `from`.'),
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .optional()
      .describe('Local weekdays the profile applies to, e.g. [Mon, Tue, Wed, Thu, Fri]; the others are closed (no expected volume). Default: every day.'),
  })
  .describe('Expected volume rate by time of day.');

export type TimeOfDayProfileParams = z.input<typeof timeOfDayProfileParams>;

/**
 * A profile ready for the hot path: the day cut into segments at local minutes `starts` (the
 * first at 0, where the last bucket wraps round from the day before), each with its volume rate
 * and the expected volume from midnight to its start; and which days of the week are open.
 */
export interface TimeOfDayProfile {
  readonly zone: TimeZone;
  readonly starts: Float64Array;
  readonly rates: Float64Array;
  readonly volumeBefore: Float64Array;
  readonly volumePerDay: number;
  /** Whether day d since the epoch is open: openDay[d mod 7] (the epoch was a Thursday). */
  readonly openDay: Uint8Array;
  /** Open days among the first r of the 7-day cycle, r = 0..7. */
  readonly openBefore: Uint8Array;
}

/** The running reading of a profile's volume clock: plain data, kept per symbol. */
export interface VolumeClock {
  readonly zone: ZoneClock;
  /** Latest timestamp read; NaN before the first. */
  ts: number;
  /** Expected volume from the first timestamp to `ts`. */
  reading: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DAY_MINUTES = 1440;
/** 1970-01-01 was a Thursday. */
const EPOCH_WEEKDAY = 4;

export function compileProfile(params: z.output<typeof timeOfDayProfileParams>): TimeOfDayProfile {
  const buckets = params.buckets.map((bucket) => ({ start: minuteOfDay(bucket.from), rate: bucket.volume }));
  const last = buckets[buckets.length - 1]!;
  if (buckets[0]!.start > 0) buckets.unshift({ start: 0, rate: last.rate });
  const starts = Float64Array.from(buckets, (bucket) => bucket.start);
  const rates = Float64Array.from(buckets, (bucket) => bucket.rate);
  const volumeBefore = new Float64Array(buckets.length);
  for (let i = 1; i < buckets.length; i++) volumeBefore[i] = volumeBefore[i - 1]! + (starts[i]! - starts[i - 1]!) * rates[i - 1]!;
  const volumePerDay = volumeBefore[buckets.length - 1]! + (DAY_MINUTES - last.start) * last.rate;
  const days = params.days ?? WEEKDAYS;
  const openDay = Uint8Array.from({ length: 7 }, (_, d) => (days.includes(WEEKDAYS[(d + EPOCH_WEEKDAY) % 7]!) ? 1 : 0));
  const openBefore = new Uint8Array(8);
  for (let d = 0; d < 7; d++) openBefore[d + 1] = openBefore[d]! + openDay[d]!;
  return { zone: timeZone(params.timeZone), starts, rates, volumeBefore, volumePerDay, openDay, openBefore };
}

export function createVolumeClock(): VolumeClock {
  return { zone: createZoneClock(), ts: Number.NaN, reading: 0 };
}

/**
 * Advances the volume clock to `ts` and returns its reading. Readings never decrease: a
 * timestamp before the latest one (or not finite) reads as the latest.
 */
export function readVolumeClock(profile: TimeOfDayProfile, clock: VolumeClock, ts: number): number {
  if (!(ts > clock.ts && ts < Infinity)) {
    if (Number.isNaN(clock.ts) && Number.isFinite(ts)) clock.ts = ts;
    return clock.reading;
  }
  let from = clock.ts;
  for (;;) {
    // Piecewise: one stretch per UTC offset, so a daylight-saving switch is crossed exactly.
    const offset = zoneOffsetMs(profile.zone, clock.zone, from);
    const to = Math.min(ts, clock.zone.until);
    clock.reading += expectedVolume(profile, from + offset, to + offset);
    if (to === ts) break;
    from = to;
  }
  clock.ts = ts;
  return clock.reading;
}

/** Expected volume between local wall-clock times `from` <= `to` (epoch ms). */
function expectedVolume(profile: TimeOfDayProfile, from: number, to: number): number {
  const fromDay = Math.floor(from / DAY_MS);
  const toDay = Math.floor(to / DAY_MS);
  const days = (openDaysBefore(profile, toDay) - openDaysBefore(profile, fromDay)) * profile.volumePerDay;
  return days + volumeInDay(profile, toDay, to) - volumeInDay(profile, fromDay, from);
}

/** Open days from the epoch to `day` (negative before it). */
function openDaysBefore(profile: TimeOfDayProfile, day: number): number {
  const weeks = Math.floor(day / 7);
  return weeks * profile.openBefore[7]! + profile.openBefore[day - weeks * 7]!;
}

/** Expected volume from the midnight of `day` to local time `local` on it. */
function volumeInDay(profile: TimeOfDayProfile, day: number, local: number): number {
  return profile.openDay[day - Math.floor(day / 7) * 7] === 1 ? volumeSinceMidnight(profile, (local - day * DAY_MS) / MINUTE_MS) : 0;
}

function volumeSinceMidnight(profile: TimeOfDayProfile, minute: number): number {
  const starts = profile.starts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= minute) lo = mid;
    else hi = mid - 1;
  }
  return profile.volumeBefore[lo]! + (minute - starts[lo]!) * profile.rates[lo]!;
}

/** Minutes since midnight of an HH:MM time of day. */
function minuteOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
