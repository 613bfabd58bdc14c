import { createHash } from 'node:crypto';
import type { Notification } from '../model/notification.js';
import { oneLine } from '../one-line.js';
import type { RenderedMail } from '../mail-templates.js';
import type { MailAttachment, OutgoingMail } from '../outgoing-mail.js';
import { notificationLevel } from './notification-level.js';

/** `<sha1(notification id)@riskwatch>`: a resent notification collapses with the first in mail clients. */
export function notificationMessageId(n: Notification): string {
  return `<${createHash('sha1').update(n.id).digest('hex')}@riskwatch>`;
}

/** `2026-03-09T13:31:05.000Z-desk-equities-AAPL`: when, which route, which group. */
function label(n: Notification): string {
  return [new Date(n.at).toISOString(), n.route, ...Object.values(n.groupLabels)].map(oneLine).join('-');
}

/** What composing needs of a rendering: the three parts and any inline images (a RenderedNotification fits). */
export interface RenderedParts extends RenderedMail {
  readonly attachments?: readonly MailAttachment[];
}

export function composeNotificationMail(n: Notification, rendered: RenderedParts, from: string, date: Date): OutgoingMail {
  const critical = n.alerts.some((alert) => alert.status === 'firing' && alert.level === 'critical');
  return {
    messageId: notificationMessageId(n),
    date,
    from,
    to: n.to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    priority: critical ? 'high' : 'normal',
    headers: {
      'X-Riskwatch-Route': oneLine(n.route),
      'X-Riskwatch-Receiver': oneLine(n.receiver),
      'X-Riskwatch-Severity': notificationLevel(n.alerts),
      'X-Riskwatch-Alerts': String(n.alerts.length),
      'X-Riskwatch-Rules-Version': oneLine(n.rulesVersion),
      // Engine (market event) time of the decision; Date is when it was sent.
      'X-Riskwatch-Decided-At': new Date(n.at).toISOString(),
    },
    label: label(n),
    ...(rendered.attachments === undefined || rendered.attachments.length === 0 ? {} : { attachments: rendered.attachments }),
  };
}
