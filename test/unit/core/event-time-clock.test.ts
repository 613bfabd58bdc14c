import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { EventTimeClock } from '../../../src/core/event-time-clock.js';
import type { OperatorOutput } from '../../../src/core/operator.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { createEventTimeMark, tickOrder } from '../../../src/ticks/tick-order.js';

/** Event times in 2024; wall time years later, as in a replay. */
const T0 = Date.UTC(2024, 2, 1, 14, 30, 0);
const WALL = Date.UTC(2026, 0, 5, 9, 0, 0);

/** The clock reads a mark that the test moves the way the input would: only ever up. */
function clocks() {
  const wall = new ManualClock(WALL);
  const mark = createEventTimeMark();
  const clock = Object.assign(new EventTimeClock(() => mark.latest, wall), {
    observe: (ts: number) => {
      mark.latest = Math.max(mark.latest, ts);
    },
  });
  return { wall, clock };
}

describe('event time clock', () => {
  it('reads wall time before the first event', () => {
    const { wall, clock } = clocks();
    expect(clock.now()).toBe(WALL);
    wall.advance(5_000);
    expect(clock.now()).toBe(WALL + 5_000);
  });

  it('follows the highest event time seen', () => {
    const { clock } = clocks();
    clock.observe(T0);
    expect(clock.now()).toBe(T0);
    clock.observe(T0 + 1_000);
    expect(clock.now()).toBe(T0 + 1_000);
    clock.observe(T0 + 500); // late: event time does not go back
    expect(clock.now()).toBe(T0 + 1_000);
    clock.observe(T0 + 60_000);
    expect(clock.now()).toBe(T0 + 60_000);
  });

  it('carries forward by wall time while the stream is quiet', () => {
    const { wall, clock } = clocks();
    clock.observe(T0);
    expect(clock.now()).toBe(T0); // the carry starts at this reading
    wall.advance(30_000);
    expect(clock.now()).toBe(T0 + 30_000);
    wall.advance(15_000);
    expect(clock.now()).toBe(T0 + 45_000);
    // A new event restarts the carry from its time.
    clock.observe(T0 + 50_000);
    expect(clock.now()).toBe(T0 + 50_000);
    wall.advance(1_000);
    expect(clock.now()).toBe(T0 + 51_000);
  });

  it('never goes backwards: an event behind the carried time continues from where the clock is', () => {
    const { wall, clock } = clocks();
    clock.observe(T0);
    clock.now();
    wall.advance(10_000);
    expect(clock.now()).toBe(T0 + 10_000);
    clock.observe(T0 + 4_000); // newer than any event, older than the carried time
    expect(clock.now()).toBe(T0 + 10_000);
    wall.advance(2_000);
    expect(clock.now()).toBe(T0 + 12_000);
    wall.set(WALL); // the wall clock stepping back does not move it back either
    expect(clock.now()).toBe(T0 + 12_000);
  });

  it('reads the event time the tick-order step keeps, passing the ticks through unchanged', () => {
    const wall = new ManualClock(WALL);
    const eventTime = createEventTimeMark();
    const clock = new EventTimeClock(() => eventTime.latest, wall);
    const operator = tickOrder({}, { eventTime });

    const emitted: Tick[] = [];
    const out: OperatorOutput<Tick> = {
      emit: (value) => void emitted.push(value),
      reject: () => expect.unreachable('nothing is rejected'),
      side: () => expect.unreachable('nothing goes to a side channel'),
    };
    const first: Tick = { ts: T0 + 2_000, symbol: 'AAPL', price: 1, size: 1 };
    const second: Tick = { ts: T0 + 1_000, symbol: 'MSFT', price: 1, size: 1 };
    expect(clock.now()).toBe(WALL);
    operator.process(first, out);
    operator.process(second, out);
    expect(emitted).toEqual([first, second]);
    expect(emitted[0]).toBe(first);
    expect(clock.now()).toBe(T0 + 2_000);
  });

  it('with a quiet signal, carries forward only while the input is idle, from when it went idle', () => {
    const wall = new ManualClock(WALL);
    const mark = createEventTimeMark();
    let quietSince: number | undefined;
    const clock = new EventTimeClock(() => mark.latest, wall, () => quietSince);
    mark.latest = T0;
    expect(clock.now()).toBe(T0);
    wall.advance(10_000); // catching up a backlog: busy, however long it takes
    expect(clock.now()).toBe(T0);
    quietSince = wall.now() - 2_000; // caught up 2 s ago
    expect(clock.now()).toBe(T0 + 2_000);
    wall.advance(3_000);
    expect(clock.now()).toBe(T0 + 5_000);
    quietSince = undefined; // busy again, with ticks older than the carried time: it holds
    mark.latest = T0 + 1_000;
    expect(clock.now()).toBe(T0 + 5_000);
    mark.latest = T0 + 9_000;
    expect(clock.now()).toBe(T0 + 9_000);
  });
});
