import { describe, expect, it } from 'vitest';
import { RecipientBudgets } from '../../../../src/alerting/budget/recipient-budget.js';
import type { AlertLevel } from '../../../../src/alerting/model/alert-level.js';
import type { AlertSnapshot, Notification } from '../../../../src/alerting/model/notification.js';
import { anomaly, MINUTE, T0 } from '../events.js';

const HOUR = 60 * MINUTE;
const DESK = 'desk@example.com';
const BOSS = 'boss@example.com';

function alert(symbol: string, level: AlertLevel = 'warning', status: AlertSnapshot['status'] = 'firing'): AlertSnapshot {
  const event = anomaly({ symbol });
  return { key: `${symbol}|return-zscore`, labels: { symbol, detector: 'return-zscore', severity: level }, level, previous: 'ok', status, since: T0, startsAt: T0, event, events: 1 };
}

function notification(at: number, alerts: readonly AlertSnapshot[], to: readonly string[] = [DESK]): Notification {
  return {
    id: `default{}|${at}`,
    reason: 'new',
    at,
    route: 'default',
    receiver: 'desk',
    to,
    timeZone: 'UTC',
    groupLabels: {},
    alerts,
    rulesVersion: 'v1',
  };
}

/** Admits a non-critical notification for DESK at `at` and records or holds it as the engine does. */
function offer(budgets: RecipientBudgets, at: number, alerts: readonly AlertSnapshot[] = [alert('AAPL')]): 'sent' | 'held' {
  const admission = budgets.admit([DESK], false, at);
  if (admission.send.includes(DESK)) {
    budgets.recordSent(DESK, at);
    return 'sent';
  }
  budgets.hold(DESK, notification(at, alerts), at);
  return 'held';
}

describe('recipient budgets', () => {
  it('allows perHour e-mails in any rolling hour: a send counts until exactly one hour later', () => {
    const budgets = new RecipientBudgets({ perHour: 2 });
    budgets.recordSent(DESK, T0);
    budgets.recordSent(DESK, T0 + 10 * MINUTE);
    expect(budgets.admit([DESK], false, T0 + HOUR - 1)).toEqual({ send: [], sendOverBudget: [], hold: [DESK] });
    expect(budgets.admit([DESK], false, T0 + HOUR)).toEqual({ send: [DESK], sendOverBudget: [], hold: [] });
    budgets.recordSent(DESK, T0 + HOUR);
    expect(budgets.admit([DESK], false, T0 + 70 * MINUTE - 1)).toEqual({ send: [], sendOverBudget: [], hold: [DESK] });
    expect(budgets.admit([DESK], false, T0 + 70 * MINUTE)).toEqual({ send: [DESK], sendOverBudget: [], hold: [] });
    expect(budgets.breaches).toBe(0); // admit only asks
  });

  it('has no limit without a budget, and a per-recipient budget overrides perHour', () => {
    expect(new RecipientBudgets({}).limitFor(DESK)).toBeUndefined();
    const unlimited = new RecipientBudgets({});
    for (let i = 0; i < 100; i++) unlimited.recordSent(DESK, T0);
    expect(unlimited.admit([DESK], false, T0)).toEqual({ send: [DESK], sendOverBudget: [], hold: [] });

    const budgets = new RecipientBudgets({ perHour: 3, recipients: { [BOSS]: 1 } });
    expect([budgets.limitFor(DESK), budgets.limitFor(BOSS)]).toEqual([3, 1]);
    budgets.recordSent(DESK, T0);
    budgets.recordSent(BOSS, T0);
    expect(budgets.admit([DESK, BOSS], false, T0 + MINUTE)).toEqual({ send: [DESK], sendOverBudget: [], hold: [BOSS] });
    expect(new RecipientBudgets({ recipients: { [BOSS]: 1 } }).limitFor(DESK)).toBeUndefined();
  });

  it('sends a critical notification over budget, counts it and notes it', () => {
    const budgets = new RecipientBudgets({ perHour: 1 });
    budgets.recordSent(DESK, T0);
    const admission = budgets.admit([DESK], true, T0 + MINUTE);
    expect(admission).toEqual({ send: [], sendOverBudget: [DESK], hold: [] });
    budgets.recordSent(DESK, T0 + MINUTE, true);
    expect(budgets.noteFor(DESK)).toEqual({ limitPerHour: 1, exceededAt: T0 + MINUTE, heldNotifications: 0, criticalOverBudget: 1 });
    expect(budgets.breaches).toBe(1);
    // It counts against the hour: room again only when both sends have left it.
    expect(budgets.admit([DESK], false, T0 + HOUR)).toMatchObject({ hold: [DESK] });
    expect(budgets.admit([DESK], false, T0 + HOUR + MINUTE)).toMatchObject({ send: [DESK] });
  });

  it('has no note for a recipient within budget', () => {
    const budgets = new RecipientBudgets({ perHour: 2 });
    budgets.recordSent(DESK, T0);
    expect(budgets.noteFor(DESK)).toBeUndefined();
    expect(budgets.noteFor(BOSS)).toBeUndefined();
  });

  it('holds non-critical notifications for one digest, sent only once the hour has room', () => {
    const budgets = new RecipientBudgets({ perHour: 2 });
    expect(offer(budgets, T0)).toBe('sent');
    expect(offer(budgets, T0 + 5 * MINUTE)).toBe('sent');
    expect(offer(budgets, T0 + 10 * MINUTE, [alert('AAPL')])).toBe('held');
    expect(offer(budgets, T0 + 20 * MINUTE, [alert('MSFT')])).toBe('held');
    expect(budgets.breaches).toBe(2);
    expect(budgets.held).toBe(2);

    expect(budgets.nextDeadline()).toBe(T0 + HOUR); // the first send leaves the hour
    expect(budgets.dueDigests(T0 + HOUR - 1)).toEqual([]);
    const [digest, ...more] = budgets.dueDigests(T0 + HOUR);
    expect(more).toEqual([]);
    expect(digest?.recipient).toBe(DESK);
    expect(digest?.alerts.map((a) => a.key)).toEqual(['AAPL|return-zscore', 'MSFT|return-zscore']);
    expect(digest?.basis.at).toBe(T0 + 20 * MINUTE); // the last held notification addresses it
    expect(digest?.note).toEqual({ limitPerHour: 2, exceededAt: T0 + 10 * MINUTE, heldNotifications: 2, criticalOverBudget: 0 });

    // Cleared, and counted as sent: the hour holds the second send and the digest.
    expect(budgets.held).toBe(0);
    expect(budgets.nextDeadline()).toBeUndefined();
    expect(budgets.noteFor(DESK)).toBeUndefined();
    expect(budgets.dueDigests(T0 + 2 * HOUR)).toEqual([]);
    expect(budgets.admit([DESK], false, T0 + HOUR + 5 * MINUTE - 1)).toMatchObject({ hold: [DESK] });
    expect(budgets.admit([DESK], false, T0 + HOUR + 5 * MINUTE)).toMatchObject({ send: [DESK] });
  });

  it('lets a pending digest absorb non-critical news: each alert once, latest state, in the order last heard of', () => {
    const budgets = new RecipientBudgets({ perHour: 1 });
    expect(offer(budgets, T0)).toBe('sent');
    offer(budgets, T0 + MINUTE, [alert('AAPL'), alert('MSFT')]);
    offer(budgets, T0 + 2 * MINUTE, [alert('AAPL', 'ok', 'resolved')]);
    // Room again at T0 + 1h, but the digest is still pending: news joins it, a critical goes out.
    expect(budgets.admit([DESK], false, T0 + HOUR)).toEqual({ send: [], sendOverBudget: [], hold: [DESK] });
    expect(budgets.admit([DESK], true, T0 + HOUR)).toEqual({ send: [DESK], sendOverBudget: [], hold: [] });

    const [digest] = budgets.dueDigests(T0 + HOUR);
    expect(digest?.alerts.map((a) => `${a.key}:${a.status}`)).toEqual(['MSFT|return-zscore:firing', 'AAPL|return-zscore:resolved']);
    expect(digest?.note.heldNotifications).toBe(2);
  });

  it('notes critical e-mails sent over budget in the next digest', () => {
    const budgets = new RecipientBudgets({ perHour: 1 });
    budgets.recordSent(DESK, T0);
    offer(budgets, T0 + MINUTE);
    budgets.recordSent(DESK, T0 + 2 * MINUTE, true);
    expect(budgets.noteFor(DESK)).toEqual({ limitPerHour: 1, exceededAt: T0 + MINUTE, heldNotifications: 1, criticalOverBudget: 1 });
    expect(budgets.breaches).toBe(2);
    // Both sends must leave the hour before the digest has room.
    expect(budgets.nextDeadline()).toBe(T0 + 2 * MINUTE + HOUR);
    expect(budgets.dueDigests(T0 + HOUR)).toEqual([]);
    expect(budgets.dueDigests(T0 + 2 * MINUTE + HOUR).map((d) => d.note)).toEqual([{ limitPerHour: 1, exceededAt: T0 + MINUTE, heldNotifications: 1, criticalOverBudget: 1 }]);
  });

  it('sends every held digest when forced at shutdown, room or not', () => {
    const budgets = new RecipientBudgets({ perHour: 1 });
    budgets.recordSent(DESK, T0);
    offer(budgets, T0 + MINUTE);
    expect(budgets.dueDigests(T0 + 2 * MINUTE)).toEqual([]);
    expect(budgets.dueDigests(T0 + 2 * MINUTE, true).map((d) => [d.recipient, d.alerts.length])).toEqual([[DESK, 1]]);
    expect(budgets.held).toBe(0);
    expect(budgets.dueDigests(T0 + 2 * MINUTE, true)).toEqual([]);
  });

  it('gives as next deadline the earliest time a held digest has room, across recipients', () => {
    const budgets = new RecipientBudgets({ perHour: 2, recipients: { [BOSS]: 1 } });
    expect(budgets.nextDeadline()).toBeUndefined();
    budgets.recordSent(DESK, T0);
    budgets.recordSent(DESK, T0 + 10 * MINUTE);
    budgets.recordSent(BOSS, T0 + 20 * MINUTE);
    expect(budgets.nextDeadline()).toBeUndefined(); // full, but nothing held
    budgets.hold(BOSS, notification(T0 + 30 * MINUTE, [alert('AAPL')], [BOSS]), T0 + 30 * MINUTE);
    expect(budgets.nextDeadline()).toBe(T0 + 20 * MINUTE + HOUR);
    budgets.hold(DESK, notification(T0 + 30 * MINUTE, [alert('AAPL')]), T0 + 30 * MINUTE);
    expect(budgets.nextDeadline()).toBe(T0 + HOUR);
    expect(budgets.dueDigests(T0 + HOUR).map((d) => d.recipient)).toEqual([DESK]);
    expect(budgets.nextDeadline()).toBe(T0 + 20 * MINUTE + HOUR);
  });
});
