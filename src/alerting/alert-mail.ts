import { createHash } from 'node:crypto';
import type { Alert } from './decide.js';
import { highestSeverity } from './digest-render.js';
import type { RenderedMail } from './mail-templates.js';
import { oneLine } from './one-line.js';
import type { OutgoingMail } from './outgoing-mail.js';

function sha1Id(text: string): string {
  return `<${createHash('sha1').update(text).digest('hex')}@riskwatch>`;
}

/** `<sha1(event id)@riskwatch>`: the same event always yields the same Message-ID. */
export function messageIdFor(eventId: string): string {
  return sha1Id(eventId);
}

/** From the set of event ids (order does not matter): the same digest resent collapses in mail clients. */
export function digestMessageIdFor(eventIds: readonly string[]): string {
  return sha1Id(['digest', ...[...eventIds].sort()].join('\n'));
}

export function composeAlertMail(alert: Alert, rendered: RenderedMail, from: string, date: Date): OutgoingMail {
  const { event } = alert;
  return {
    messageId: messageIdFor(event.id),
    date,
    from,
    to: alert.to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    priority: alert.severity === 'critical' ? 'high' : 'normal',
    headers: {
      'X-Riskwatch-Rule': oneLine(alert.rule),
      'X-Riskwatch-Severity': alert.severity,
      'X-Riskwatch-Event-Id': oneLine(event.id),
    },
    label: `${new Date(event.ts).toISOString()}-${event.symbol}-${event.detector}`,
  };
}

/** One e-mail for several alerts to the same recipients. */
export function composeDigestMail(
  alerts: readonly Alert[],
  to: readonly string[],
  rendered: RenderedMail,
  from: string,
  date: Date,
): OutgoingMail {
  const top = highestSeverity(alerts);
  const firstTs = Math.min(...alerts.map((alert) => alert.event.ts));
  return {
    messageId: digestMessageIdFor(alerts.map((alert) => alert.event.id)),
    date,
    from,
    to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    priority: top === 'critical' ? 'high' : 'normal',
    headers: {
      'X-Riskwatch-Rule': oneLine([...new Set(alerts.map((alert) => alert.rule))].join(', ')),
      'X-Riskwatch-Severity': top,
      'X-Riskwatch-Alerts': String(alerts.length),
    },
    label: `${new Date(firstTs).toISOString()}-digest-${alerts.length}-alerts`,
  };
}
