import { RiskwatchError } from '../core/errors.js';

/** Sending an e-mail failed. `retriable` says whether trying again later could succeed. */
export class DeliveryError extends RiskwatchError {
  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super('alert_delivery_failed', message, options);
  }
}

const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNRESET',
  'ECONNREFUSED',
  'EAGAIN',
  'EBUSY',
  'EMFILE',
  'ENFILE',
]);

/** Network trouble, SMTP 4xx replies and exhausted file handles may pass; anything else (5xx) will not. */
export function isTransient(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
  if (typeof responseCode === 'number') return responseCode >= 400 && responseCode < 500;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

/** Wraps a transport's error, prefixed with where it happened, classified for retry. */
export function deliveryError(where: string, error: unknown, hint = ''): DeliveryError {
  const detail = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`${where}: ${detail}${hint}`, { retriable: isTransient(error), cause: error });
}
