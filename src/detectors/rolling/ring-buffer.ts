/**
 * A fixed-capacity FIFO of numbers over one preallocated Float64Array: the count-based window
 * under the rolling statistics. Plain data (no methods, no closures) so a symbol's state can be
 * snapshotted for checkpoints.
 */
export interface RingBuffer {
  readonly values: Float64Array;
  /** Index in `values` of the oldest element. */
  start: number;
  /** Elements held, at most `values.length`. */
  count: number;
}

export function createRingBuffer(capacity: number): RingBuffer {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
  }
  return { values: new Float64Array(capacity), start: 0, count: 0 };
}

export function ringCapacity(ring: RingBuffer): number {
  return ring.values.length;
}

export function ringIsFull(ring: RingBuffer): boolean {
  return ring.count === ring.values.length;
}

/** Appends `value`; when full, it overwrites the oldest element. */
export function ringPush(ring: RingBuffer, value: number): void {
  const capacity = ring.values.length;
  if (ring.count < capacity) {
    let index = ring.start + ring.count;
    if (index >= capacity) index -= capacity;
    ring.values[index] = value;
    ring.count++;
  } else {
    ring.values[ring.start] = value;
    ring.start = ring.start + 1 === capacity ? 0 : ring.start + 1;
  }
}

/** The element `age` places after the oldest (0 = oldest, count - 1 = newest). Caller keeps 0 <= age < count. */
export function ringAt(ring: RingBuffer, age: number): number {
  let index = ring.start + age;
  if (index >= ring.values.length) index -= ring.values.length;
  return ring.values[index]!;
}

/** The element the next push evicts when the buffer is full. Caller keeps count > 0. */
export function ringOldest(ring: RingBuffer): number {
  return ring.values[ring.start]!;
}

/**
 * Copies `count` values of a circular array, oldest at `start`, to the front of `target` in
 * order: how a ring is grown into a larger one.
 */
export function unrollInto(source: Float64Array, start: number, count: number, target: Float64Array): void {
  const firstPart = Math.min(count, source.length - start);
  target.set(source.subarray(start, start + firstPart), 0);
  if (count > firstPart) target.set(source.subarray(0, count - firstPart), firstPart);
}
