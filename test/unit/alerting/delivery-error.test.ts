import { describe, expect, it } from 'vitest';
import { deliveryError, isTransient } from '../../../src/alerting/delivery-error.js';

describe('isTransient', () => {
  it.each([
    [{ responseCode: 421 }, true],
    [{ responseCode: 451, code: 'EMESSAGE' }, true],
    [{ responseCode: 454, code: 'EAUTH' }, true],
    [{ responseCode: 535, code: 'EAUTH' }, false],
    [{ responseCode: 550, code: 'EENVELOPE' }, false],
    [{ responseCode: 554, code: 'ECONNECTION' }, false],
    [{ code: 'ECONNREFUSED' }, true],
    [{ code: 'ESOCKET' }, true],
    [{ code: 'ETIMEDOUT' }, true],
    [{ code: 'EAUTH' }, false],
    [{ code: 'ENOTDIR' }, false],
    [new TypeError('bug'), false],
    ['text', false],
    [null, false],
  ])('%j -> %s', (error, transient) => {
    expect(isTransient(error)).toBe(transient);
  });
});

describe('deliveryError', () => {
  it('says where, keeps the cause and the retry decision', () => {
    const cause = Object.assign(new Error('Message failed: 451 later'), { responseCode: 451 });
    const error = deliveryError('smtp relay:25', cause, ' (hint)');
    expect(error).toMatchObject({ message: 'smtp relay:25: Message failed: 451 later (hint)', retriable: true, code: 'alert_delivery_failed' });
    expect(error.cause).toBe(cause);
  });
});
