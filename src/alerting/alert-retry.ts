import * as z from 'zod';
import type { RetryPolicy } from '../core/retry.js';

/**
 * Six attempts, waiting 1, 2, 4, 8 and 16 s (±20%) between them: about 31 s in all, enough for a
 * relay restart or a greylisting 451, short enough that a batch's write is not held for minutes.
 */
export const ALERT_RETRY: RetryPolicy = { attempts: 6, initialDelayMs: 1_000, maxDelayMs: 16_000, factor: 2, jitter: 0.2 };

const delayMs = z.int().min(0).max(600_000);

/** `alerts.retry` in the monitor config: how a failed send (network error, SMTP 4xx) is retried. */
export const alertRetrySchema = z
  .strictObject({
    /** Attempts in all, the first included; 1 turns retries off. */
    attempts: z.int().min(1).max(20).default(ALERT_RETRY.attempts),
    initialDelayMs: delayMs.default(ALERT_RETRY.initialDelayMs),
    maxDelayMs: delayMs.default(ALERT_RETRY.maxDelayMs),
    factor: z.number().min(1).max(10).default(ALERT_RETRY.factor),
    jitter: z.number().min(0).max(1).default(ALERT_RETRY.jitter),
  })
  .refine((policy) => policy.maxDelayMs >= policy.initialDelayMs, {
    error: 'maxDelayMs must be at least initialDelayMs',
    path: ['maxDelayMs'],
  });
