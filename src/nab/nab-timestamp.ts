const NAB_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z?$/;

/**
 * Epoch milliseconds of a NAB timestamp, `2014-04-10 07:15:00` or with a fraction
 * (`…:00.000000`, as in the label files); undefined when it is not one. NAB's times carry no zone,
 * so they are read as UTC: only their order and equality matter.
 */
export function parseNabTimestamp(text: string): number | undefined {
  const match = NAB_TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  return Number.isFinite(ms) ? ms + millis : undefined;
}
