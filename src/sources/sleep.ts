import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms` wall milliseconds; resolves early (never rejects) when `signal` aborts. Injected so tests don't wait. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const abortableSleep: Sleep = async (ms, signal) => {
  if (signal.aborted) return;
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    if (!signal.aborted) throw error;
  }
};

/** Lets timers and I/O callbacks (e.g. an abort from SIGINT) run between CPU-bound batches. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
