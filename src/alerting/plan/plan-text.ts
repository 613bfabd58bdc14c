import { formatZonedTime } from '../render/zoned-time.js';
import type { AlertSnapshot, Notification } from '../model/notification.js';
import type { PlanEntry, Rehearsal } from './rehearsal.js';

const utc = (ts: number): string => new Date(ts).toISOString().replace('.000Z', 'Z');

function alertLine(alert: AlertSnapshot): string {
  const state = alert.status === 'firing' ? alert.level.toUpperCase() : alert.status.toUpperCase();
  const change = alert.status === 'firing' && alert.previous !== 'ok' && alert.previous !== alert.level ? ` (was ${alert.previous})` : '';
  return `    ${state.padEnd(9)}${alert.labels.symbol} ${alert.labels.detector}${change}: ${alert.event.reason}`;
}

function notificationLines(n: Notification): string[] {
  const group = Object.entries(n.groupLabels)
    .map(([name, value]) => `${name}=${value}`)
    .join(',');
  const budget =
    n.budget === undefined
      ? []
      : [`    budget: ${n.budget.limitPerHour}/hour exceeded; ${n.budget.heldNotifications} held, ${n.budget.criticalOverBudget} critical sent past it`];
  return [
    `${formatZonedTime(n.at, n.timeZone)} (${utc(n.at)})  ${n.reason.toUpperCase()} e-mail via route ${n.route} to ${n.receiver} <${n.to.join(', ')}>${group === '' ? '' : ` group {${group}}`}`,
    ...n.alerts.map(alertLine),
    ...budget,
  ];
}

function quietLine(entry: Extract<PlanEntry, { kind: 'quiet' }>): string {
  const d = entry.decision;
  switch (d.kind) {
    case 'silenced':
    case 'inhibited':
      return `${utc(d.at)}  not sent (${d.kind} by ${d.by}): ${d.alert.labels.symbol} ${d.alert.labels.detector} ${d.alert.status === 'firing' ? d.alert.level : d.alert.status}, route ${d.route}`;
    case 'muted':
      return `${utc(d.at)}  held back (mute window ${d.by}), route ${d.route}: ${d.alerts.map((a) => `${a.labels.symbol} ${a.labels.detector}`).join(', ')}`;
    case 'held':
      return `${utc(d.at)}  held for ${d.recipient}'s digest (e-mail budget): ${d.notification.alerts.map((a) => `${a.labels.symbol} ${a.labels.detector}`).join(', ')}`;
  }
}

/** The plan as people review it before a rules change ships: every e-mail, to whom, when, and what was held back. */
export function formatPlan(rehearsal: Rehearsal, source: { readonly ticksPath: string; readonly rulesPath: string; readonly version: string }): string {
  const mails = rehearsal.entries.filter((entry) => entry.kind === 'notification').map((entry) => entry.notification);
  const byReason = new Map<string, number>();
  for (const n of mails) byReason.set(n.reason, (byReason.get(n.reason) ?? 0) + 1);
  const recipients = new Set(mails.flatMap((n) => n.to));
  const s = rehearsal.engine.stats;
  const lines = [
    `ticks    ${rehearsal.ticks} from ${source.ticksPath}${rehearsal.ticks > 0 ? ` (${utc(rehearsal.firstTs)} .. ${utc(rehearsal.lastTs)}, ${rehearsal.symbols} symbols)` : ''}${rehearsal.rejected > 0 ? `, ${rehearsal.rejected} rejected` : ''}`,
    `rules    ${source.rulesPath} (version ${source.version})`,
    `events   ${rehearsal.events} detector events → ${s.stateChanges} alert state changes`,
    '',
  ];
  for (const entry of rehearsal.entries) {
    if (entry.kind === 'notification') lines.push(...notificationLines(entry.notification), '');
    else lines.push(quietLine(entry), '');
  }
  const reasons = [...byReason].map(([reason, count]) => `${count} ${reason}`).join(', ');
  lines.push(
    `e-mails  ${mails.length}${reasons === '' ? '' : ` (${reasons})`} to ${recipients.size} recipient${recipients.size === 1 ? '' : 's'}`,
    `quiet    ${s.silenced} silenced, ${s.inhibited} inhibited, ${s.muted} muted, ${s.held} held by budget (budget exceeded ${s.budgetExceeded} times)`,
  );
  return `${lines.join('\n')}\n`;
}
