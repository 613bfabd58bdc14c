/** Times as a receiver reads them: in their IANA time zone, with the zone's abbreviation. */

const formatters = new Map<string, Intl.DateTimeFormat>();

// One formatter per zone: building one costs far more than formatting with it.
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

interface ZonedParts {
  readonly date: string;
  readonly clock: string;
  readonly seconds: string;
  readonly zone: string;
}

function zonedParts(ts: number, timeZone: string): ZonedParts {
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of formatter(timeZone).formatToParts(ts)) part[type] = value;
  return {
    date: `${part.year}-${part.month}-${part.day}`,
    clock: `${part.hour}:${part.minute}`,
    seconds: part.second ?? '00',
    zone: part.timeZoneName ?? timeZone,
  };
}

/** `2026-03-09 09:31:05 EDT`. Throws a RangeError for a zone Intl does not know. */
export function formatZonedTime(ts: number, timeZone: string): string {
  const { date, clock, seconds, zone } = zonedParts(ts, timeZone);
  return `${date} ${clock}:${seconds} ${zone}`;
}

/** `10:42 EDT`, with the date in front when it is not the local day of `today`. */
export function formatZonedClock(ts: number, timeZone: string, today: number): string {
  const { date, clock, zone } = zonedParts(ts, timeZone);
  return date === zonedParts(today, timeZone).date ? `${clock} ${zone}` : `${date} ${clock} ${zone}`;
}

/** `09:31:05`: wall-clock time only, for chart axes where the zone is named once. */
export function formatZonedSeconds(ts: number, timeZone: string): { readonly time: string; readonly zone: string } {
  const { clock, seconds, zone } = zonedParts(ts, timeZone);
  return { time: `${clock}:${seconds}`, zone };
}

/** ISO-8601 UTC, e.g. `2026-03-09T13:31:05.000Z`. */
export function formatUtc(ts: number): string {
  return new Date(ts).toISOString();
}
