import { describe, expect, it } from 'vitest';
import { RiskwatchError } from '../../../src/core/errors.js';
import { backoffDelay, retry, type RetryPolicy } from '../../../src/core/retry.js';

const policy: RetryPolicy = { attempts: 4, initialDelayMs: 100, maxDelayMs: 300, factor: 2, jitter: 0 };
const transient = (): RiskwatchError => new RiskwatchError('down', 'server down', { retriable: true });

describe('retry', () => {
  it('retries retriable failures with growing, capped delays and returns the first success', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retry(
      async () => {
        calls++;
        if (calls < 4) throw transient();
        return 'sent';
      },
      policy,
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(result).toBe('sent');
    expect(waits).toEqual([100, 200, 300]);
  });

  it('gives up after the last attempt with the last error', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw transient();
        },
        policy,
        { sleep: async () => {} },
      ),
    ).rejects.toThrow('server down');
    expect(calls).toBe(4);
  });

  it('never retries a non-retriable error', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new TypeError('bug');
        },
        policy,
        { sleep: async () => {} },
      ),
    ).rejects.toThrow(TypeError);
    expect(calls).toBe(1);
  });

  it('spreads delays by the jitter share', () => {
    const jittered = { ...policy, jitter: 0.5 };
    expect(backoffDelay(jittered, 1, () => 0)).toBe(50);
    expect(backoffDelay(jittered, 1, () => 1)).toBe(150);
  });
});
