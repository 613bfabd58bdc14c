import { describe, expect, it } from 'vitest';
import { decodeTickMessage, encodeTickMessage, TickMessageError } from '../../../src/kafka/tick-message.js';

const tick = { symbol: 'ACME', ts: 1767623400000, price: 10, size: 100 };

describe('decodeTickMessage', () => {
  it('reads JSON and CSV values', () => {
    expect(decodeTickMessage(Buffer.from(encodeTickMessage(tick).value))).toEqual(tick);
    expect(decodeTickMessage(Buffer.from('ACME,1767623400000,10,100'))).toEqual({ symbol: 'ACME', ts: '1767623400000', price: '10', size: '100' });
  });

  it.each([
    ['a tombstone', null, 'malformed', /tombstone/],
    ['broken JSON', Buffer.from('{"symbol":'), 'malformed', /^not valid JSON/],
    ['neither JSON nor CSV', Buffer.from('hello'), 'malformed', /neither a JSON object/],
    ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x01]), 'malformed', /neither a JSON object/],
  ])('rejects %s as malformed', (_name, value, code, message) => {
    const result = decodeTickMessage(value);
    expect(result).toBeInstanceOf(TickMessageError);
    expect((result as TickMessageError).code).toBe(code);
    expect((result as TickMessageError).message).toMatch(message);
  });

  it('rejects a value over maxBytes as too_large from its length, before parsing', () => {
    const big = Buffer.alloc(2048, 0x20);
    big.write('{"symbol":"ACME"', 0);
    const result = decodeTickMessage(big, 1024);
    expect(result).toBeInstanceOf(TickMessageError);
    expect((result as TickMessageError).code).toBe('too_large');
    expect((result as TickMessageError).message).toBe('message value is 2048 bytes, more than maxMessageBytes (1024); it was skipped');
    expect(decodeTickMessage(Buffer.alloc((1 << 20) + 1, 0x7b))).toMatchObject({ code: 'too_large' });
  });
});
