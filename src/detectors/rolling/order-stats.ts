import { createRingBuffer, ringIsFull, ringPush, type RingBuffer } from './ring-buffer.js';

const NIL = -1;

/**
 * Order statistics of the last w values: push, select by rank, count below a value and any
 * quantile (median included) in O(log w); the exact MAD, or any quantile of |x - median|, in
 * O(log² w).
 *
 * Why an AVL tree over the ring's slots: a sorted array with binary search and memmove is O(w)
 * per value, sorted blocks O(√w), and a Fenwick tree over ranks needs the values known in
 * advance. A balanced search tree gives worst-case O(log w) for insert, delete, select by rank
 * and rank of a value. Its nodes are the slots of the window's ring buffer, so the tree is four
 * small typed arrays beside it: no allocation per value, no node objects, plain data that can be
 * checkpointed. The node of slot i holds values[i]; ties are ordered by slot, so every key is
 * unique and the evicted slot can be found by descent. AVL rather than a treap or skip list: it
 * is deterministic (no random state to checkpoint) and its height is at most 1.44·log2(w).
 *
 * Quantiles use the same definition as simple-statistics `quantile` (R type 7, numpy's default):
 * position (n-1)·p, interpolated linearly between the two order statistics around it.
 *
 * NaN and ±Infinity are skipped: `orderStatsPush` returns false and leaves the window as it was,
 * so the window holds the last w finite values. An empty window has every statistic NaN.
 */
export interface OrderStats {
  readonly window: RingBuffer;
  /** Children of each slot's node, NIL (-1) for none. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Nodes in each slot's subtree, and its height (a leaf is 1). */
  readonly size: Int32Array;
  readonly height: Uint8Array;
  root: number;
}

export function createOrderStats(window: number): OrderStats {
  const ring = createRingBuffer(window);
  return {
    window: ring,
    left: new Int32Array(window).fill(NIL),
    right: new Int32Array(window).fill(NIL),
    size: new Int32Array(window),
    height: new Uint8Array(window),
    root: NIL,
  };
}

/** Appends `value`, evicting the oldest when full; false (and nothing changed) for a non-finite value. */
export function orderStatsPush(stats: OrderStats, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const ring = stats.window;
  let slot: number;
  if (ringIsFull(ring)) {
    slot = ring.start;
    stats.root = remove(stats, stats.root, slot);
  } else {
    slot = ring.start + ring.count;
    if (slot >= ring.values.length) slot -= ring.values.length;
  }
  ringPush(ring, value);
  stats.left[slot] = NIL;
  stats.right[slot] = NIL;
  stats.size[slot] = 1;
  stats.height[slot] = 1;
  stats.root = insert(stats, stats.root, slot);
  return true;
}

export function orderStatsCount(stats: OrderStats): number {
  return stats.window.count;
}

/** The k-th smallest value, k from 0. Caller keeps 0 <= k < count. */
export function orderStatsSelect(stats: OrderStats, k: number): number {
  const { left, right, size } = stats;
  let node = stats.root;
  for (;;) {
    const l = left[node]!;
    const smaller = l === NIL ? 0 : size[l]!;
    if (k < smaller) node = l;
    else if (k === smaller) return stats.window.values[node]!;
    else {
      k -= smaller + 1;
      node = right[node]!;
    }
  }
}

/** Values in the window strictly below `x`. */
export function orderStatsCountBelow(stats: OrderStats, x: number): number {
  return countBelow(stats, x, false);
}

/** Values in the window within [low, high]. */
export function orderStatsCountWithin(stats: OrderStats, low: number, high: number): number {
  return high < low ? 0 : countBelow(stats, high, true) - countBelow(stats, low, false);
}

/** Values below `x`, or at most `x` when `inclusive`. */
function countBelow(stats: OrderStats, x: number, inclusive: boolean): number {
  const { left, right, size } = stats;
  const values = stats.window.values;
  let node = stats.root;
  let count = 0;
  while (node !== NIL) {
    const value = values[node]!;
    if (value < x || (inclusive && value === x)) {
      const l = left[node]!;
      count += (l === NIL ? 0 : size[l]!) + 1;
      node = right[node]!;
    } else {
      node = left[node]!;
    }
  }
  return count;
}

export function orderStatsMin(stats: OrderStats): number {
  return stats.window.count === 0 ? NaN : orderStatsSelect(stats, 0);
}

export function orderStatsMax(stats: OrderStats): number {
  const n = stats.window.count;
  return n === 0 ? NaN : orderStatsSelect(stats, n - 1);
}

/** Quantile p in [0, 1] (type 7, as simple-statistics): O(log w). NaN when empty. */
export function orderStatsQuantile(stats: OrderStats, p: number): number {
  const n = stats.window.count;
  if (n === 0) return NaN;
  if (p === 1) return orderStatsSelect(stats, n - 1);
  const position = (n - 1) * p;
  const lower = Math.floor(position);
  const fraction = position - lower;
  const low = orderStatsSelect(stats, lower);
  return fraction === 0 ? low : low + fraction * (orderStatsSelect(stats, lower + 1) - low);
}

export function orderStatsMedian(stats: OrderStats): number {
  return orderStatsQuantile(stats, 0.5);
}

/**
 * Median absolute deviation, median(|x - median|), unscaled (as simple-statistics
 * `medianAbsoluteDeviation`; multiply by 1.4826 for a normal σ). Exact, in O(log² w).
 */
export function orderStatsMad(stats: OrderStats, median = orderStatsMedian(stats)): number {
  return orderStatsDeviationQuantile(stats, 0.5, median);
}

/**
 * Quantile p (type 7) of the absolute deviations |x - median|; p = 0.5 is the MAD. Exact, in
 * O(log² w), without materialising the deviations:
 *
 * With the window sorted as s_0..s_{n-1}, median m and c values below m, the deviations form two
 * ascending runs, A_i = s_{c+i} - m (values from m up) and B_i = m - s_{c-1-i} (from m down):
 * floating-point subtraction is monotone, so this holds for the rounded deviations too, and
 * fl(m - x) = -fl(x - m), so they are exactly the |x - m| a brute force computes. The k-th
 * smallest deviation is the k-th of the two runs merged, found by a binary search over how many
 * come from A (O(log w) steps), each reading runs A and B through select (O(log w)).
 */
export function orderStatsDeviationQuantile(stats: OrderStats, p: number, median = orderStatsMedian(stats)): number {
  const n = stats.window.count;
  if (n === 0) return NaN;
  const below = orderStatsCountBelow(stats, median);
  const position = (n - 1) * p;
  const lower = Math.floor(position);
  const k = lower + 1; // deviations taken up to and including the lower one
  const fromA = splitMerged(stats, median, below, k);
  const low = mergedAt(stats, median, below, fromA, k, true);
  const fraction = position - lower;
  if (fraction === 0) return low;
  return low + fraction * (mergedAt(stats, median, below, fromA, k, false) - low);
}

/** The i-th smallest deviation at or above the median (run A). */
function deviationAbove(stats: OrderStats, median: number, below: number, i: number): number {
  return orderStatsSelect(stats, below + i) - median;
}

/** The i-th smallest deviation below the median (run B). */
function deviationBelow(stats: OrderStats, median: number, below: number, i: number): number {
  return median - orderStatsSelect(stats, below - 1 - i);
}

/** How many of the k smallest deviations come from run A: the i with A[i-1] <= B[k-i] and B[k-i-1] <= A[i]. */
function splitMerged(stats: OrderStats, median: number, below: number, k: number): number {
  const sizeA = stats.window.count - below;
  let lo = Math.max(0, k - below);
  let hi = Math.min(k, sizeA);
  while (lo < hi) {
    const i = (lo + hi) >>> 1;
    const j = k - i;
    // j >= 1 and i < sizeA here, since i < hi <= min(k, sizeA).
    if (deviationBelow(stats, median, below, j - 1) > deviationAbove(stats, median, below, i)) lo = i + 1;
    else hi = i;
  }
  return lo;
}

/**
 * With the k smallest deviations split as i from A and k - i from B: the largest of them
 * (the k-th smallest, `last`) or the smallest of the rest (the (k+1)-th).
 */
function mergedAt(stats: OrderStats, median: number, below: number, i: number, k: number, last: boolean): number {
  const j = k - i;
  const sizeA = stats.window.count - below;
  if (last) {
    const a = i > 0 ? deviationAbove(stats, median, below, i - 1) : -Infinity;
    const b = j > 0 ? deviationBelow(stats, median, below, j - 1) : -Infinity;
    return a > b ? a : b;
  }
  const a = i < sizeA ? deviationAbove(stats, median, below, i) : Infinity;
  const b = j < below ? deviationBelow(stats, median, below, j) : Infinity;
  return a < b ? a : b;
}

// AVL tree over slots, keyed by (value, slot).

function precedes(values: Float64Array, a: number, b: number): boolean {
  const va = values[a]!;
  const vb = values[b]!;
  return va < vb || (va === vb && a < b);
}

function heightOf(stats: OrderStats, node: number): number {
  return node === NIL ? 0 : stats.height[node]!;
}

function update(stats: OrderStats, node: number): void {
  const l = stats.left[node]!;
  const r = stats.right[node]!;
  const hl = heightOf(stats, l);
  const hr = heightOf(stats, r);
  stats.height[node] = (hl > hr ? hl : hr) + 1;
  stats.size[node] = (l === NIL ? 0 : stats.size[l]!) + (r === NIL ? 0 : stats.size[r]!) + 1;
}

function rotateRight(stats: OrderStats, node: number): number {
  const pivot = stats.left[node]!;
  stats.left[node] = stats.right[pivot]!;
  stats.right[pivot] = node;
  update(stats, node);
  update(stats, pivot);
  return pivot;
}

function rotateLeft(stats: OrderStats, node: number): number {
  const pivot = stats.right[node]!;
  stats.right[node] = stats.left[pivot]!;
  stats.left[pivot] = node;
  update(stats, node);
  update(stats, pivot);
  return pivot;
}

/** Restores the AVL invariant at `node` (children already balanced); returns the subtree's root. */
function rebalance(stats: OrderStats, node: number): number {
  update(stats, node);
  const l = stats.left[node]!;
  const r = stats.right[node]!;
  const balance = heightOf(stats, l) - heightOf(stats, r);
  if (balance > 1) {
    if (heightOf(stats, stats.left[l]!) < heightOf(stats, stats.right[l]!)) stats.left[node] = rotateLeft(stats, l);
    return rotateRight(stats, node);
  }
  if (balance < -1) {
    if (heightOf(stats, stats.right[r]!) < heightOf(stats, stats.left[r]!)) stats.right[node] = rotateRight(stats, r);
    return rotateLeft(stats, node);
  }
  return node;
}

function insert(stats: OrderStats, node: number, slot: number): number {
  if (node === NIL) return slot;
  if (precedes(stats.window.values, slot, node)) stats.left[node] = insert(stats, stats.left[node]!, slot);
  else stats.right[node] = insert(stats, stats.right[node]!, slot);
  return rebalance(stats, node);
}

/** Removes `slot` (present in the subtree) and returns the subtree's new root. */
function remove(stats: OrderStats, node: number, slot: number): number {
  if (node === slot) {
    const l = stats.left[node]!;
    const r = stats.right[node]!;
    if (l === NIL) return r;
    if (r === NIL) return l;
    // The successor (leftmost of the right subtree) takes the removed node's place.
    let successor = r;
    while (stats.left[successor]! !== NIL) successor = stats.left[successor]!;
    stats.right[successor] = remove(stats, r, successor);
    stats.left[successor] = l;
    return rebalance(stats, successor);
  }
  if (precedes(stats.window.values, slot, node)) stats.left[node] = remove(stats, stats.left[node]!, slot);
  else stats.right[node] = remove(stats, stats.right[node]!, slot);
  return rebalance(stats, node);
}
