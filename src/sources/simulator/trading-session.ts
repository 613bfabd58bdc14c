/** A regular US equity session: 09:30-16:00 America/New_York. */
export const SESSION_MS = 6.5 * 60 * 60 * 1000;

const NEW_YORK = 'America/New_York';
const DAY_MS = 24 * 60 * 60 * 1000;

const calendarFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: NEW_YORK,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  timeZoneName: 'longOffset',
});

/**
 * The open of the next weekday session after the one opening at `open` (09:30 New York time, so
 * daylight-saving changes are followed). Exchange holidays are not modelled.
 */
export function nextSessionOpen(open: number): number {
  const { year, month, day } = newYorkDate(open);
  let date = Date.UTC(year, month - 1, day) + DAY_MS;
  while (isWeekend(date)) date += DAY_MS;
  const wallClock = date + (9 * 60 + 30) * 60 * 1000;
  // 09:30 is far from the 02:00 switch, so the offset near the guess is the offset at the answer.
  return wallClock - newYorkOffsetMs(wallClock + 5 * 60 * 60 * 1000);
}

function isWeekend(utcMidnight: number): boolean {
  const weekday = new Date(utcMidnight).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function newYorkDate(ms: number): { year: number; month: number; day: number } {
  const parts = calendarFormat.formatToParts(ms);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** Offset of New York from UTC at instant `ms`, e.g. -5 h in winter. */
function newYorkOffsetMs(ms: number): number {
  const name = calendarFormat.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT-05:00';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return (match[1] === '-' ? -minutes : minutes) * 60 * 1000;
}

// Intraday shape, as a function of the fraction u in [0, 1] of the session elapsed: activity is
// U-shaped (busy open, quiet lunch, busy close), normalised so that its session average is 1.
const OPEN_BOOST = 2.5;
const OPEN_DECAY = 0.05;
const CLOSE_BOOST = 1.5;
const CLOSE_DECAY = 0.04;
const ACTIVITY_MEAN =
  1 + OPEN_BOOST * OPEN_DECAY * (1 - Math.exp(-1 / OPEN_DECAY)) + CLOSE_BOOST * CLOSE_DECAY * (1 - Math.exp(-1 / CLOSE_DECAY));

/** Relative trading activity (tick rate, size) at session fraction `u`; averages 1 over the session. */
export function intradayActivity(u: number): number {
  return (1 + OPEN_BOOST * Math.exp(-u / OPEN_DECAY) + CLOSE_BOOST * Math.exp(-(1 - u) / CLOSE_DECAY)) / ACTIVITY_MEAN;
}

/** Relative volatility at session fraction `u`: higher near the open and close, but flatter than activity. */
export function intradayVolatility(u: number): number {
  return 0.75 + 0.25 * intradayActivity(u);
}

/** Spread widening near the open (price discovery); 1 from mid-morning on. */
export function openingSpreadFactor(u: number): number {
  return 1 + 2 * Math.exp(-u / 0.02);
}
