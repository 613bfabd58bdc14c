import { unrollInto } from './ring-buffer.js';

/**
 * The monotonic deque behind rolling min and max: the candidates for the extreme of a sliding
 * window, with the sequence number each arrived at. A new value first drops every candidate it
 * beats from the back (they can never be the extreme again while it is in the window), and the
 * front leaves once its sequence number falls out of the window. Each value enters and leaves
 * once: amortised O(1) per value, and the extreme is always the front.
 *
 * Preallocated typed arrays used as a ring; `dequeGrow` enlarges them for windows whose length
 * varies (time-based). Plain data, so a symbol's state can be checkpointed.
 */
export interface MonotonicDeque {
  /** True: front is the maximum; false: the minimum. */
  readonly max: boolean;
  values: Float64Array;
  /** Sequence number of each candidate, in step with `values`. */
  seqs: Float64Array;
  head: number;
  size: number;
}

export function createMonotonicDeque(capacity: number, max: boolean): MonotonicDeque {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`deque capacity must be a positive integer, got ${capacity}`);
  }
  return { max, values: new Float64Array(capacity), seqs: new Float64Array(capacity), head: 0, size: 0 };
}

/**
 * Adds `value` arriving as number `seq` (increasing). Caller keeps the capacity at least the
 * number of values in the window, including this one.
 */
export function dequePush(deque: MonotonicDeque, value: number, seq: number): void {
  const { values, seqs } = deque;
  const capacity = values.length;
  let size = deque.size;
  let back = deque.head + size - 1;
  if (back >= capacity) back -= capacity;
  if (deque.max) {
    while (size > 0 && values[back]! <= value) {
      size--;
      back = back === 0 ? capacity - 1 : back - 1;
    }
  } else {
    while (size > 0 && values[back]! >= value) {
      size--;
      back = back === 0 ? capacity - 1 : back - 1;
    }
  }
  back = back + 1 === capacity ? 0 : back + 1;
  values[back] = value;
  seqs[back] = seq;
  deque.size = size + 1;
}

/** Drops candidates that arrived before `seq`, i.e. have left the window. */
export function dequeEvictBefore(deque: MonotonicDeque, seq: number): void {
  const capacity = deque.values.length;
  while (deque.size > 0 && deque.seqs[deque.head]! < seq) {
    deque.head = deque.head + 1 === capacity ? 0 : deque.head + 1;
    deque.size--;
  }
}

/** The window's extreme; NaN when empty. */
export function dequeFront(deque: MonotonicDeque): number {
  return deque.size === 0 ? NaN : deque.values[deque.head]!;
}

/** Re-allocates to `capacity` (at least the current size), keeping the candidates in order. */
export function dequeGrow(deque: MonotonicDeque, capacity: number): void {
  const values = new Float64Array(capacity);
  const seqs = new Float64Array(capacity);
  unrollInto(deque.values, deque.head, deque.size, values);
  unrollInto(deque.seqs, deque.head, deque.size, seqs);
  deque.values = values;
  deque.seqs = seqs;
  deque.head = 0;
}
