import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Checkpointer, type CheckpointValue } from '../../../../src/core/checkpoint/checkpointer.js';
import { MemoryStateStore } from '../../../../src/core/keyed-state.js';
import type { SourcePosition } from '../../../../src/core/source.js';

class ManualClock {
  constructor(public time = 0) {}
  now(): number {
    return this.time;
  }
}

interface Counter {
  count: number;
  window: Float64Array;
}

function setup(path: string, clock: ManualClock, fingerprint = 'v1', holder = { value: 0 }) {
  const store = new MemoryStateStore<Counter>();
  const value: CheckpointValue = {
    name: 'mark',
    snapshot: () => holder.value,
    restore: (v) => {
      holder.value = v as number;
    },
  };
  const stores = new Map([['counter', store as MemoryStateStore<unknown>]]);
  return { store, holder, open: () => Checkpointer.open({ path, input: 'ticks', intervalMs: 1000, fingerprint, stores, values: [value], clock }) };
}

const at = (offset: number): SourcePosition => ({ description: `ticks@${offset}`, token: new Map([['ticks:0', { topic: 'ticks', partition: 0, offset: String(offset) }]]) });

async function tempPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'riskwatch-ckpt-')), 'checkpoint.bin');
}

/** A keyed operator's work on a store: changes in place, as detectors do. */
function bump(store: MemoryStateStore<Counter>, key: string): void {
  let state = store.get(key);
  if (state === undefined) store.set(key, (state = { count: 0, window: new Float64Array(4) }));
  else store.touched(key);
  state.window[state.count % 4] = state.count;
  state.count++;
}

describe('Checkpointer', () => {
  it('restores keyed states, values and the position of the last checkpoint', async () => {
    const path = await tempPath();
    const clock = new ManualClock();
    const first = setup(path, clock);
    const { checkpointer, restored } = await first.open();
    expect(restored).toBeUndefined();
    for (const key of ['A', 'B', 'A', 'C']) bump(first.store, key);
    first.holder.value = 42;
    expect(await checkpointer.write(at(4), true)).toBe(true);
    // Only B changes after the first checkpoint; C is released (its partition moved away).
    bump(first.store, 'B');
    first.store.delete('C');
    first.holder.value = 43;
    clock.time = 1000;
    expect(await checkpointer.write(at(6))).toBe(true);
    // After the last checkpoint: lost to a crash, read again after the restart.
    bump(first.store, 'A');
    // No close(): a crash.

    const second = setup(path, clock);
    const reopened = await second.open();
    expect(reopened.restored?.position?.description).toBe('ticks@6');
    expect(reopened.restored?.keys).toBe(2);
    expect(second.holder.value).toBe(43);
    expect(second.store.get('A')).toEqual({ count: 2, window: new Float64Array([0, 1, 0, 0]) });
    expect(second.store.get('B')).toEqual({ count: 2, window: new Float64Array([0, 1, 0, 0]) });
    expect(second.store.get('C')).toBeUndefined();
    await reopened.checkpointer.close();
    await checkpointer.close();
  });

  it('writes only what changed since the last checkpoint, and only when the interval has passed', async () => {
    const path = await tempPath();
    const clock = new ManualClock();
    const { store, open } = setup(path, clock);
    const { checkpointer } = await open();
    for (let i = 0; i < 200; i++) bump(store, `S${i}`);
    await checkpointer.write(at(200), true);
    const everything = checkpointer.stats.lastBytes;
    bump(store, 'S7');
    clock.time = 500;
    expect(await checkpointer.write(at(201))).toBe(false); // not due yet
    clock.time = 1000;
    expect(await checkpointer.write(at(201))).toBe(true);
    expect(checkpointer.stats.lastBytes).toBeLessThan(everything / 20);
    expect(checkpointer.stats.checkpoints).toBe(3); // the full one at open, then two
    await checkpointer.close();
  });

  it('compacts the file into one full checkpoint once the deltas outgrow it', async () => {
    const path = await tempPath();
    const clock = new ManualClock();
    const { store, open } = setup(path, clock);
    const { checkpointer } = await open();
    // 8 keys of ~80 KB each, all changing: every delta is as big as the whole.
    for (let i = 0; i < 8; i++) store.set(`S${i}`, { count: 0, window: new Float64Array(10_000) });
    let largest = 0;
    for (let round = 1; round <= 12; round++) {
      for (let i = 0; i < 8; i++) bump(store, `S${i}`);
      clock.time = round * 1000;
      await checkpointer.write(at(round));
      largest = Math.max(largest, (await stat(path)).size);
    }
    const full = 8 * 80_000;
    expect(largest).toBeLessThan(5 * full);
    await checkpointer.close();
    const reopened = setup(path, clock);
    await (await reopened.open()).checkpointer.close();
    expect(reopened.store.get('S3')?.count).toBe(12);
  });

  it('restores no keyed state written under other operators or parameters, but still the position', async () => {
    const path = await tempPath();
    const clock = new ManualClock();
    const first = setup(path, clock, 'detectors-v1');
    const opened = await first.open();
    bump(first.store, 'A');
    await opened.checkpointer.write(at(1), true);
    await opened.checkpointer.close();
    const second = setup(path, clock, 'detectors-v2');
    const { checkpointer, restored } = await second.open();
    expect(restored?.statesDiscarded).toContain('detectors-v1 → detectors-v2');
    expect(restored?.position?.description).toBe('ticks@1');
    expect(second.store.size).toBe(0);
    await checkpointer.close();
  });

  it('ignores a checkpoint of another input (topic or consumer group) altogether', async () => {
    const path = await tempPath();
    const clock = new ManualClock();
    const first = setup(path, clock);
    const opened = await first.open();
    bump(first.store, 'A');
    first.holder.value = 7;
    await opened.checkpointer.write(at(1), true);
    await opened.checkpointer.close();
    const store = new MemoryStateStore<unknown>();
    let value: unknown;
    const warnings: string[] = [];
    const { checkpointer, restored } = await Checkpointer.open({
      path,
      input: 'other-topic',
      intervalMs: 1000,
      fingerprint: 'v1',
      stores: new Map([['counter', store]]),
      values: [{ name: 'mark', snapshot: () => value, restore: (v) => { value = v; } }],
      clock,
      onWarning: (message) => warnings.push(message),
    });
    expect(restored).toBeUndefined();
    expect(store.size).toBe(0);
    expect(value).toBeUndefined();
    expect(warnings.join('\n')).toContain('of another input (ticks), this run reads other-topic');
    await checkpointer.close();
  });
});
