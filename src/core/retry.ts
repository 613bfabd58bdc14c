import { RiskwatchError } from './errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Growth of the delay per attempt. */
  readonly factor: number;
  /** Random share of each delay (0..1), so many clients do not retry in lockstep. */
  readonly jitter: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialDelayMs: 200, maxDelayMs: 10_000, factor: 2, jitter: 0.2 };

export interface RetryHooks {
  readonly signal?: AbortSignal;
  /** Told before each wait; for logs and metrics. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Injected for tests; default setTimeout, cut short by `signal`. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

/**
 * Whether an error is worth another attempt: riskwatch errors say so themselves; anything else
 * (a programming error, a bad argument) is not retried.
 */
export function isRetriable(error: unknown): boolean {
  return error instanceof RiskwatchError && error.retriable;
}

/** Delay before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 1));
  return Math.round(base * (1 - policy.jitter + 2 * policy.jitter * random()));
}

/**
 * The one retry loop: runs `task` until it succeeds, fails with a non-retriable error, runs out
 * of attempts (the last error is thrown), or `signal` aborts.
 */
export async function retry<T>(task: (attempt: number) => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY, hooks: RetryHooks = {}): Promise<T> {
  const sleep = hooks.sleep ?? abortableDelay;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !isRetriable(error) || hooks.signal?.aborted === true) throw error;
      const delayMs = backoffDelay(policy, attempt, hooks.random);
      hooks.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs, hooks.signal);
    }
  }
}

function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
