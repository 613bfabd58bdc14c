import type { SourcePosition } from '../../core/source.js';

/**
 * The next offset to read per partition in a Kafka source position: every record below it is in
 * the batches up to that position. Reads KafkaSource's position token (a Map of `topic:partition`
 * to `{ partition, offset }`); fails loudly if that shape changes.
 */
export function nextOffsets(position: SourcePosition): Map<number, number> {
  const token = position.token;
  if (!(token instanceof Map)) throw new Error(`not a Kafka source position: ${position.description}`);
  const offsets = new Map<number, number>();
  for (const entry of token.values() as Iterable<{ partition?: unknown; offset?: unknown }>) {
    if (typeof entry.partition !== 'number' || typeof entry.offset !== 'string') throw new Error(`not a Kafka source position: ${position.description}`);
    offsets.set(entry.partition, Number(entry.offset));
  }
  return offsets;
}

/** Records up to a position, counting from offset 0 of every partition (a fresh topic). */
export function recordsUpTo(offsets: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const offset of offsets.values()) total += offset;
  return total;
}
