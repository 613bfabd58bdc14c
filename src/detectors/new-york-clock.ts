/**
 * New York wall-clock time of event timestamps, for detectors whose rules follow the US session
 * (LULD bands, overnight gaps). The UTC offset changes only on whole UTC hours (02:00 local is
 * 06:00 or 07:00 UTC), so it is looked up once per UTC hour of data and cached in plain data: the
 * per-tick cost is a comparison and an addition.
 */
export interface NewYorkClock {
  /** UTC hour (ts / 1 h, floored) the cached offset belongs to; NaN before the first lookup. */
  hour: number;
  /** New York minus UTC in ms at that hour, e.g. -5 h in winter. */
  offsetMs: number;
}

export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const OFFSET_FORMAT = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'longOffset' });

export function createNewYorkClock(): NewYorkClock {
  return { hour: Number.NaN, offsetMs: 0 };
}

/** `ts` as New York local time, still in ms since the epoch (so `% DAY_MS` is the time of day). */
export function newYorkLocal(clock: NewYorkClock, ts: number): number {
  const hour = Math.floor(ts / HOUR_MS);
  if (hour !== clock.hour) {
    clock.hour = hour;
    clock.offsetMs = newYorkOffsetMs(hour * HOUR_MS);
  }
  return ts + clock.offsetMs;
}

/** New York calendar day of a local time from newYorkLocal, as days since the epoch. */
export function localDay(local: number): number {
  return Math.floor(local / DAY_MS);
}

/** Minutes since New York midnight of a local time from newYorkLocal (fractional). */
export function localMinuteOfDay(local: number): number {
  return (local - localDay(local) * DAY_MS) / MINUTE_MS;
}

function newYorkOffsetMs(ts: number): number {
  const name = OFFSET_FORMAT.formatToParts(ts).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return (match[1] === '-' ? -minutes : minutes) * MINUTE_MS;
}
