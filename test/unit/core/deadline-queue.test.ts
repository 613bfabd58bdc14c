import { describe, expect, it } from 'vitest';
import { DeadlineHeap } from '../../../src/core/deadline-heap.js';
import { DeadlineQueue } from '../../../src/core/deadline-queue.js';

describe('DeadlineHeap', () => {
  it('pops the earliest first, ties by key', () => {
    const heap = new DeadlineHeap();
    const pushed: [number, string][] = [
      [5, 'b'], [1, 'z'], [5, 'a'], [3, 'c'], [9, 'a'], [0, 'q'], [3, 'b'], [7, 'x'],
    ];
    for (const [at, key] of pushed) heap.push(at, key);
    const popped: [number, string][] = [];
    for (let top = heap.pop(); top !== undefined; top = heap.pop()) popped.push([top.at, top.key]);
    expect(popped).toEqual([[0, 'q'], [1, 'z'], [3, 'b'], [3, 'c'], [5, 'a'], [5, 'b'], [7, 'x'], [9, 'a']]);
    expect(heap.size).toBe(0);
  });
});

describe('DeadlineQueue', () => {
  it('follows deadlines that move later or vanish without one heap entry per touch', () => {
    const deadlines = new Map<string, number>([['a', 10], ['b', 20]]);
    const queue = new DeadlineQueue((key) => deadlines.get(key));
    queue.touch('a');
    queue.touch('b');
    deadlines.set('a', 30);
    queue.touch('a');
    expect(queue.peek()).toEqual({ at: 20, key: 'b' });
    expect(queue.takeDue(19)).toBeUndefined();
    deadlines.delete('b');
    expect(queue.takeDue(100)).toEqual({ at: 30, key: 'a' });
    expect(queue.peek()).toBeUndefined();
  });

  it('takes a deadline that moved earlier at its new time', () => {
    const deadlines = new Map<string, number>([['a', 50]]);
    const queue = new DeadlineQueue((key) => deadlines.get(key));
    queue.touch('a');
    deadlines.set('a', 5);
    queue.touch('a');
    expect(queue.takeDue(5)).toEqual({ at: 5, key: 'a' });
    deadlines.delete('a');
    expect(queue.takeDue(100)).toBeUndefined();
  });
});
