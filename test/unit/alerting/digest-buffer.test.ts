import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/alerting/decide.js';
import { DigestBuffer } from '../../../src/alerting/digest-buffer.js';
import { anomaly, MINUTE, T0 } from './events.js';

const WALL = 1_000_000;

function alertFor(symbol: string, to: readonly string[] = ['desk@example.com'], ts = T0): Alert {
  return { outcome: 'alert', event: anomaly({ symbol, ts }), rule: 'r', severity: 'warning', to };
}

const symbols = (alerts: readonly Alert[] | undefined) => alerts?.map((alert) => alert.event.symbol);

describe('DigestBuffer', () => {
  it('groups alerts for the same recipients until the event-time window has passed', () => {
    const buffer = new DigestBuffer({ windowMs: MINUTE, maxAlerts: 50 });
    expect(buffer.add(alertFor('A'), T0, WALL)).toBeUndefined();
    expect(buffer.add(alertFor('B'), T0 + 30_000, WALL)).toBeUndefined();
    expect(buffer.due(T0 + MINUTE - 1, WALL)).toEqual([]);
    expect(buffer.pending).toBe(2);

    const [digest] = buffer.due(T0 + MINUTE, WALL);
    expect(digest?.to).toEqual(['desk@example.com']);
    expect(symbols(digest?.alerts)).toEqual(['A', 'B']);
    expect(buffer.pending).toBe(0);
  });

  it('opens the window at the event time it is given, not at a late alert', () => {
    const buffer = new DigestBuffer({ windowMs: MINUTE, maxAlerts: 50 });
    buffer.add(alertFor('LATE', undefined, T0 - 10 * MINUTE), T0, WALL);
    expect(buffer.due(T0 + 59_000, WALL)).toEqual([]);
    expect(buffer.due(T0 + MINUTE, WALL)).toHaveLength(1);
  });

  it('keeps one digest per recipient list, whatever the order or case of the addresses', () => {
    const buffer = new DigestBuffer({ windowMs: MINUTE, maxAlerts: 50 });
    buffer.add(alertFor('A', ['a@example.com', 'b@example.com']), T0, WALL);
    buffer.add(alertFor('B', ['b@example.com', 'A@example.com']), T0, WALL);
    buffer.add(alertFor('C', ['c@example.com']), T0 + 1, WALL);
    const digests = buffer.drain();
    expect(digests.map((digest) => symbols(digest.alerts))).toEqual([['A', 'B'], ['C']]);
    expect(digests[0]?.to).toEqual(['a@example.com', 'b@example.com']);
  });

  it('closes each recipient list on its own window', () => {
    const buffer = new DigestBuffer({ windowMs: MINUTE, maxAlerts: 50 });
    buffer.add(alertFor('A', ['a@example.com']), T0, WALL);
    buffer.add(alertFor('B', ['b@example.com']), T0 + 40_000, WALL);
    expect(buffer.due(T0 + MINUTE, WALL).map((digest) => digest.to)).toEqual([['a@example.com']]);
    expect(buffer.due(T0 + 100_000, WALL).map((digest) => digest.to)).toEqual([['b@example.com']]);
  });

  it('returns a digest as soon as it holds maxAlerts, and starts a new one', () => {
    const buffer = new DigestBuffer({ windowMs: MINUTE, maxAlerts: 3 });
    expect(buffer.add(alertFor('A'), T0, WALL)).toBeUndefined();
    expect(buffer.add(alertFor('B'), T0, WALL)).toBeUndefined();
    expect(symbols(buffer.add(alertFor('C'), T0, WALL)?.alerts)).toEqual(['A', 'B', 'C']);
    expect(buffer.pending).toBe(0);
    buffer.add(alertFor('D'), T0, WALL);
    expect(symbols(buffer.drain()[0]?.alerts)).toEqual(['D']);
  });

  it('closes by wall time when event time stands still (a quiet stream)', () => {
    const buffer = new DigestBuffer({ windowMs: MINUTE, maxAlerts: 50 });
    buffer.add(alertFor('A'), T0, WALL);
    buffer.add(alertFor('B', ['other@example.com']), T0, WALL + 10_000);
    expect(buffer.nextDeadline()).toBe(WALL + MINUTE);
    expect(buffer.due(T0, WALL + MINUTE - 1)).toEqual([]);
    expect(symbols(buffer.due(T0, WALL + MINUTE)[0]?.alerts)).toEqual(['A']);
    expect(buffer.nextDeadline()).toBe(WALL + 10_000 + MINUTE);
    buffer.drain();
    expect(buffer.nextDeadline()).toBeUndefined();
  });

  it('groups a replayed sequence the same way at any speed', () => {
    const run = (wallStep: number) => {
      const buffer = new DigestBuffer({ windowMs: MINUTE, maxAlerts: 50 });
      const sent: string[][] = [];
      [0, 10, 50, 70, 75, 200].forEach((second, i) => {
        const ts = T0 + second * 1_000;
        const now = WALL + i * wallStep;
        for (const digest of buffer.due(ts, now)) sent.push(symbols(digest.alerts) ?? []);
        buffer.add(alertFor(`S${second}`, undefined, ts), ts, now);
      });
      for (const digest of buffer.drain()) sent.push(symbols(digest.alerts) ?? []);
      return sent;
    };
    const expected = [['S0', 'S10', 'S50'], ['S70', 'S75'], ['S200']];
    expect(run(1)).toEqual(expected);
    expect(run(100)).toEqual(expected);
  });
});
