import { TICK_FIELDS, type Tick } from './tick.js';

export const TICK_CSV_HEADER = TICK_FIELDS.join(',');

/** A tick as a CSV line in TICK_FIELDS order (no newline); absent optional fields stay empty. */
export function tickToCsvLine(tick: Tick): string {
  // Symbols and exchanges are validated to hold no delimiter or quote, so no field needs quoting.
  let line = '';
  for (let i = 0; i < TICK_FIELDS.length; i++) {
    const value = tick[TICK_FIELDS[i]!];
    if (i > 0) line += ',';
    if (value !== undefined) line += String(value);
  }
  return line;
}
