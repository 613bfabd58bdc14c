import { describe, expect, it } from 'vitest';
import { Handoff } from '../../../src/sources/handoff.js';

describe('Handoff', () => {
  it('makes put wait until its item is taken, in order', async () => {
    const handoff = new Handoff<number>();
    let firstTaken = false;
    const put1 = handoff.put(1).then(() => (firstTaken = true));
    await Promise.resolve();
    expect(firstTaken).toBe(false);
    expect(await handoff.take()).toBe(1);
    await put1;
    expect(firstTaken).toBe(true);
    const take2 = handoff.take();
    expect(await handoff.put(2)).toBe(true);
    expect(await take2).toBe(2);
  });

  it('calls whileWaiting periodically until taken (heartbeats)', async () => {
    const handoff = new Handoff<string>();
    let beats = 0;
    const put = handoff.put('x', () => beats++, 10);
    await new Promise((resolve) => setTimeout(resolve, 55));
    await handoff.take();
    await put;
    expect(beats).toBeGreaterThanOrEqual(3);
  });

  it('on close releases a waiting put and ends takes', async () => {
    const handoff = new Handoff<number>();
    const put = handoff.put(1);
    handoff.close();
    expect(await put).toBe(false);
    expect(await handoff.take()).toBeUndefined();
  });

  it('on failure rejects the pending and later takes', async () => {
    const handoff = new Handoff<number>();
    const pending = handoff.take();
    handoff.fail(new Error('consumer crashed'));
    await expect(pending).rejects.toThrow('consumer crashed');
    await expect(handoff.take()).rejects.toThrow('consumer crashed');
  });
});
