/**
 * Wall-clock time of event timestamps in any IANA time zone, for detectors whose rules follow a
 * local trading day. Intl is only asked at configuration time and when a timestamp leaves the
 * span its cached UTC offset is known to hold for: a day of data at a time, or, when the offset
 * changes within that day, up to the exact change (found by bisection on whole seconds, since
 * zone rules change offsets on whole seconds, not always on whole UTC hours: Australia/Lord_Howe
 * switches at hh:30 UTC). Per tick that is two comparisons; lookups (which allocate) happen about
 * once per day of data, and ~20 times around a daylight-saving switch.
 */
export interface ZoneClock {
  /** The cached offset holds for UTC instants in [from, until); NaN before the first lookup. */
  from: number;
  until: number;
  /** Local time minus UTC, in ms, over that span, e.g. -5 h for New York in winter. */
  offsetMs: number;
}

/** A validated IANA time zone with its formatter, built once per detector. */
export interface TimeZone {
  readonly name: string;
  readonly format: Intl.DateTimeFormat;
}

const SECOND_MS = 1000;
const DAY_S = 86_400;

/** Whether Intl knows `name` as a time zone (IANA names such as America/New_York, or UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Throws a RangeError for a name Intl does not know; validate with isTimeZone first. */
export function timeZone(name: string): TimeZone {
  return { name, format: new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' }) };
}

export function createZoneClock(): ZoneClock {
  return { from: Number.NaN, until: Number.NaN, offsetMs: 0 };
}

/** Local time minus UTC at `ts`, in ms; `ts + offset` is the local wall-clock time as epoch ms. */
export function zoneOffsetMs(zone: TimeZone, clock: ZoneClock, ts: number): number {
  if (!(ts >= clock.from && ts < clock.until)) refresh(zone, clock, ts);
  return clock.offsetMs;
}

/** Looks up the offset at `ts` and how long it holds, at most a day ahead. */
function refresh(zone: TimeZone, clock: ZoneClock, ts: number): void {
  const offset = offsetAt(zone, ts);
  // Whole seconds: the offset at ts is the offset at the start of its second.
  let same = Math.floor(ts / SECOND_MS);
  let changed = same + DAY_S;
  // Offsets do not change twice within a day, so the same offset a day later means no change.
  if (offsetAt(zone, changed * SECOND_MS) !== offset) {
    while (changed - same > 1) {
      const mid = Math.floor((same + changed) / 2);
      if (offsetAt(zone, mid * SECOND_MS) === offset) same = mid;
      else changed = mid;
    }
  }
  clock.from = ts;
  clock.until = changed * SECOND_MS;
  clock.offsetMs = offset;
}

/** The offset Intl gives for instant `ts` ("GMT-05:00", "GMT+05:45", "GMT" for none). */
export function offsetAt(zone: TimeZone, ts: number): number {
  const name = zone.format.formatToParts(ts).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(name);
  if (match === null) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0);
  return (match[1] === '-' ? -seconds : seconds) * SECOND_MS;
}
