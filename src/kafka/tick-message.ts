import { TICK_FIELDS, type Tick } from '../ticks/tick.js';

/**
 * Tick messages on Kafka. Key: the symbol (UTF-8), so one symbol's ticks stay in one partition,
 * in order. Value: a JSON object with the tick fields (symbol, ts in epoch ms or ISO-8601, price,
 * size, and optionally bid, ask, bidSize, askSize, exchange, seq); or, cheaper to produce, one CSV
 * line in TICK_FIELDS order without a header. Validation happens downstream (decode-ticks), so a
 * bad message becomes a dead letter with its reason.
 */
export function encodeTickMessage(tick: Tick): { key: string; value: string } {
  return { key: tick.symbol, value: JSON.stringify(tick) };
}

/** Codes a message is rejected with before it becomes a record; stable, for dead-letter metrics. */
export type TickMessageRejectCode = 'malformed' | 'too_large';

/** Why a message value is not a record; carries the dead-letter code. */
export class TickMessageError extends Error {
  constructor(
    readonly code: TickMessageRejectCode,
    message: string,
  ) {
    super(message);
    this.name = 'TickMessageError';
  }
}

/** Largest message value decoded by default: a tick is about 200 bytes, so 1 MiB is only ever garbage. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;

/**
 * The record behind a message value: a parsed JSON object, a CSV row as named fields, or a
 * TickMessageError. A value over `maxBytes` is rejected from its length alone, before it is
 * turned into text or parsed.
 */
export function decodeTickMessage(value: Buffer | null, maxBytes: number = DEFAULT_MAX_MESSAGE_BYTES): unknown {
  if (value === null) return new TickMessageError('malformed', 'message has no value (tombstone)');
  if (value.length > maxBytes) {
    return new TickMessageError('too_large', `message value is ${value.length} bytes, more than maxMessageBytes (${maxBytes}); it was skipped`);
  }
  const text = value.toString('utf8');
  const first = text.trimStart().charCodeAt(0);
  if (first === 0x7b /* { */) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      return new TickMessageError('malformed', `not valid JSON: ${(error as Error).message}`);
    }
  }
  const cells = text.trim().split(',');
  if (cells.length < 4 || cells.length > TICK_FIELDS.length) {
    return new TickMessageError('malformed', `neither a JSON object nor a CSV line of ${TICK_FIELDS.join(',')}`);
  }
  const row: Record<string, string> = {};
  for (let i = 0; i < cells.length; i++) row[TICK_FIELDS[i]!] = cells[i]!;
  return row;
}
