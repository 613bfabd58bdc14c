import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAlertSink, type AlertSinkOptions } from '../../../src/alerting/alert-sink.js';
import { loadAlertSink } from '../../../src/alerting/load-alert-sink.js';
import type { Notification } from '../../../src/alerting/model/notification.js';
import type { OutgoingMail } from '../../../src/alerting/outgoing-mail.js';
import { composeNotificationMail, notificationMessageId } from '../../../src/alerting/render/notification-mail.js';
import { loadNotificationTemplates } from '../../../src/alerting/render/notification-templates.js';
import { ManualClock } from '../../../src/core/clock.js';
import { ConfigError } from '../../../src/core/errors.js';
import { EventTimeClock } from '../../../src/core/event-time-clock.js';
import { createEventTimeMark } from '../../../src/ticks/tick-order.js';
import { engineFrom, MINUTE, SECOND } from './engine/harness.js';
import { parseEml } from './eml.js';
import { anomaly, T0 } from './events.js';
import { gatedMailer, manualTimers, readFailedAlerts, recordingMailer, settlesWithin, tempFile } from './fakes.js';

const RULES = `
from: "Risk <risk@example.com>"
receivers:
  - { name: desk, to: [desk@example.com], timeZone: America/New_York }
state: { resolveAfter: 5m }
route:
  receiver: desk
  groupBy: [symbol]
  groupWait: 30s
  groupInterval: 5m
  repeatInterval: 0s
`;
const NO_WAIT = RULES.replace('groupWait: 30s', 'groupWait: 0s');

const alertsOf = (n: Notification): string => n.alerts.map((a) => `${a.labels.symbol}/${a.labels.detector}:${a.status === 'firing' ? a.level : a.status}`).join(' ');

/** A plain e-mail whose subject says what the notification was: reason, route, alerts. */
function compose(n: Notification, date: Date): OutgoingMail {
  return {
    messageId: `<${n.id}@test>`,
    date,
    from: 'riskwatch@example.com',
    to: n.to,
    subject: `${n.reason} ${n.route} ${alertsOf(n)}`,
    text: '',
    html: '',
    priority: 'normal',
    headers: {},
    label: n.id,
  };
}

describe('alert sink', () => {
  let failedAlertsPath: string;
  beforeEach(async () => {
    failedAlertsPath = await tempFile('failed-alerts.jsonl');
  });

  /** A sink on `rules` with a manual clock (wall and engine time) at T0 and timers that fire when told. */
  function sinkFor(rules: string, options: Partial<AlertSinkOptions> = {}) {
    const clock = new ManualClock(T0);
    const timers = manualTimers();
    const recorder = recordingMailer();
    const notifications: Notification[] = [];
    const sink = createAlertSink({
      engine: engineFrom(rules),
      compose,
      mailer: recorder.mailer,
      failedAlertsPath,
      clock,
      setTimer: timers.setTimer,
      onNotification: (n) => notifications.push(n),
      ...options,
    });
    /** Wall and engine time move to T0 + ms; the timer set for then fires. */
    const fireAt = async (ms: number): Promise<void> => {
      clock.set(T0 + ms);
      timers.fireAll();
      await sink.flush();
    };
    return { sink, clock, timers, notifications, fireAt, ...recorder };
  }

  it('sends a group after its wait when the timer fires on a quiet stream, then its recovery', async () => {
    const { sink, clock, timers, notifications, sent, fireAt } = sinkFor(RULES);
    await sink.write([anomaly()]);
    clock.advance(2 * SECOND);
    await sink.write([anomaly({ detector: 'ewma-vol-band', ts: T0 + 2 * SECOND })]);
    expect(sent).toEqual([]);
    // One timer, set at the first write for the end of the group wait; the second write kept it.
    expect(timers.delays()).toEqual([30 * SECOND]);

    clock.set(T0 + 30 * SECOND);
    timers.fireAll();
    // Decided by the timer alone, before any further write or flush.
    expect(notifications.map((n) => `${n.reason} ${alertsOf(n)} at +${(n.at - T0) / SECOND}s`)).toEqual([
      'new AAPL/ewma-vol-band:warning AAPL/return-zscore:warning at +30s',
    ]);
    await sink.flush();
    expect(sent.map((mail) => mail.subject)).toEqual(['new default AAPL/ewma-vol-band:warning AAPL/return-zscore:warning']);
    expect(sent[0]).toMatchObject({ to: ['desk@example.com'], date: new Date(T0 + 30 * SECOND), messageId: `<default{symbol="AAPL"}|${T0 + 30 * SECOND}|1@test>` });

    // Next: return-zscore resolves 5m after its event, ewma-vol-band 2s later, and the group tells at +5m30s.
    expect(timers.delays()).toEqual([4 * MINUTE + 30 * SECOND]);
    await fireAt(5 * MINUTE);
    expect(timers.delays()).toEqual([2 * SECOND]);
    await fireAt(5 * MINUTE + 2 * SECOND);
    expect(timers.delays()).toEqual([28 * SECOND]);
    await fireAt(5 * MINUTE + 30 * SECOND);
    expect(sent.map((mail) => mail.subject)).toEqual([
      'new default AAPL/ewma-vol-band:warning AAPL/return-zscore:warning',
      'changed default AAPL/ewma-vol-band:resolved AAPL/return-zscore:resolved',
    ]);
    // Nothing left to wake up for.
    expect(timers.delays()).toEqual([]);
    expect(sink.stats).toEqual({
      events: 2,
      stateChanges: 4,
      notifications: 2,
      silenced: 0,
      inhibited: 0,
      muted: 0,
      held: 0,
      budgetExceeded: 0,
      firing: 0,
      mails: 2,
      failed: 0,
      retries: 0,
      deferred: 0,
    });
  });

  it('does what a timer was set for when it fires a little before the clock reaches the deadline', async () => {
    const { sink, clock, timers, notifications, sent } = sinkFor(RULES);
    await sink.write([anomaly()]);
    clock.set(T0 + 30 * SECOND - 20);
    timers.fireAll();
    await sink.flush();
    expect(notifications.map((n) => n.at - T0)).toEqual([30 * SECOND]);
    expect(sent).toHaveLength(1);
  });

  it('waits on, without deciding, when its timer fires while engine time stands still (an input catching up)', async () => {
    const { sink, clock, timers, notifications } = sinkFor(RULES);
    await sink.write([anomaly()]);
    timers.fireAll(); // the clock still reads T0: engine time has not moved
    await sink.flush();
    expect(notifications).toEqual([]);
    clock.set(T0 + 30 * SECOND);
    timers.fireAll(); // set again for the same deadline
    await sink.flush();
    expect(notifications.map((n) => n.at - T0)).toEqual([30 * SECOND]);
  });

  it('runs group waits on engine time and dates e-mails by wall time', async () => {
    const wall = new ManualClock(T0 + 3 * 3_600_000);
    const mark = createEventTimeMark();
    const eventTime = new EventTimeClock(() => mark.latest, wall);
    const { sink, notifications, sent } = sinkFor(RULES, { clock: wall, engineClock: eventTime });
    // A replay: event time jumps ahead while wall time stands still.
    for (const event of [anomaly(), anomaly({ ts: T0 + 40 * SECOND, detector: 'ewma-vol-band' })]) {
      mark.latest = Math.max(mark.latest, event.ts); // as the tick-order step does
      await sink.write([event]);
    }
    // The group's wait ended at +30s of event time, before the second event joined it.
    expect(notifications.map((n) => `${n.reason} ${alertsOf(n)} at +${(n.at - T0) / SECOND}s`)).toEqual(['new AAPL/return-zscore:warning at +30s']);
    expect(sent[0]?.date).toEqual(new Date(T0 + 3 * 3_600_000));
  });

  it('makes write wait for the e-mails its events made due, and only for those', async () => {
    const recorder = recordingMailer();
    const { mailer, release } = gatedMailer(recorder.mailer);
    const { sink } = sinkFor(NO_WAIT, { mailer });

    const writing = sink.write([anomaly(), anomaly({ symbol: 'MSFT' })]);
    expect(await settlesWithin(writing)).toBe(false);
    release();
    await writing;
    expect(recorder.sent.map((mail) => mail.subject)).toEqual(['new default AAPL/return-zscore:warning', 'new default MSFT/return-zscore:warning']);

    // Nothing due yet (the next follow-up is a group interval away): nothing to wait for.
    const { sink: waiting, notifications } = sinkFor(RULES, { mailer: gatedMailer(recordingMailer().mailer).mailer });
    expect(await settlesWithin(waiting.write([anomaly()]))).toBe(true);
    expect(notifications).toEqual([]);
  });

  it('on close, sends a group still in its wait, cancels the timer and closes the mailer', async () => {
    const { sink, clock, timers, notifications, sent, isClosed } = sinkFor(RULES);
    await sink.write([anomaly({ severity: 'critical' })]);
    clock.advance(10 * SECOND);
    expect(timers.delays()).toEqual([30 * SECOND]);

    await sink.close();
    expect(notifications.map((n) => `${n.reason} ${alertsOf(n)} at +${(n.at - T0) / SECOND}s`)).toEqual(['new AAPL/return-zscore:critical at +10s']);
    expect(sent.map((mail) => mail.subject)).toEqual(['new default AAPL/return-zscore:critical']);
    expect(timers.delays()).toEqual([]);
    expect(isClosed()).toBe(true);
  });

  it('shows delivery stats from the start, before anything was sent', () => {
    const { sink } = sinkFor(RULES);
    expect(sink.stats).toMatchObject({ events: 0, notifications: 0, mails: 0, failed: 0, retries: 0 });
  });

  it('renders e-mails with the shipped templates', async () => {
    const templates = await loadNotificationTemplates('alerts/templates');
    const from = 'Risk <risk@example.com>';
    const { sink, notifications, sent } = sinkFor(NO_WAIT, {
      clock: new ManualClock(T0 + 5 * SECOND),
      engineClock: new ManualClock(T0),
      compose: async (n, date) => composeNotificationMail(n, await templates.render(n), from, date),
    });
    await sink.write([anomaly({ severity: 'critical' })]);

    const [notification] = notifications;
    expect(notification).toMatchObject({ id: `default{symbol="AAPL"}|${T0}|1`, reason: 'new', route: 'default', receiver: 'desk', to: ['desk@example.com'] });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      messageId: notificationMessageId(notification!),
      from,
      to: ['desk@example.com'],
      date: new Date(T0 + 5 * SECOND),
      priority: 'high',
      label: '2024-03-01T14:30:00.000Z-default-AAPL',
      headers: {
        'X-Riskwatch-Route': 'default',
        'X-Riskwatch-Receiver': 'desk',
        'X-Riskwatch-Severity': 'critical',
        'X-Riskwatch-Alerts': '1',
        'X-Riskwatch-Rules-Version': sink.engine.version,
        'X-Riskwatch-Decided-At': new Date(T0).toISOString(), // event time; the Date header is wall time
      },
    });
    expect(sent[0]?.subject).toBe('[riskwatch CRITICAL] AAPL price jump: return-zscore 4.2σ');
  });

  it('is built from the shipped rules, templates and an outbox by loadAlertSink', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-alerts-'));
    const outbox = join(dir, 'outbox');
    const sink = await loadAlertSink({
      rulesPath: 'alerts/rules.yaml',
      transport: { kind: 'outbox', dir: outbox },
      failedAlertsPath,
      baseDir: dir,
      clock: new ManualClock(T0),
      setTimer: manualTimers().setTimer,
    });
    await sink.write([anomaly({ severity: 'critical' })]);
    await sink.close(); // the shipped 10s group wait is cut short by close

    expect(sink.transport).toEqual({ kind: 'outbox', dir: outbox });
    expect(sink.silencesPath).toBe(join(dir, '.riskwatch/silences.json'));
    expect(sink.stats).toMatchObject({ events: 1, notifications: 1, mails: 1, failed: 0 });
    const files = await readdir(outbox);
    expect(files).toHaveLength(1);
    const eml = parseEml(await readFile(join(outbox, files[0]!), 'utf8'));
    expect(eml.headers.get('to')).toBe('risk-desk@example.com');
    expect(eml.headers.get('x-riskwatch-route')).toBe('desk');
    expect(eml.headers.get('x-riskwatch-rules-version')).toBe(sink.rules.version);
    expect(await readFailedAlerts(failedAlertsPath)).toEqual([]);
  });

  it('rejects a missing rules file when it is built', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-alerts-'));
    await expect(loadAlertSink({ rulesPath: join(dir, 'rules.yaml') })).rejects.toBeInstanceOf(ConfigError);
  });
});
