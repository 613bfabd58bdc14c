import { describe, expect, it } from 'vitest';
import type { QuietDecision } from '../../../../src/alerting/alert-engine.js';
import { anomaly } from '../events.js';
import { describe as line, describeQuiet, engineFrom } from './harness.js';

// US daylight saving starts Sunday 2026-03-08: New York is UTC-5 before, UTC-4 after.
const RULES = `
receivers:
  - { name: desk, to: [desk@example.com], timeZone: America/New_York }
state: { resolveAfter: 6h }
muteWindows:
  - name: outside-trading-hours
    timeZone: America/New_York
    intervals:
      - weekdays: [saturday, sunday]
      - weekdays: ["monday:friday"]
        times: [{ start: "00:00", end: "09:30" }, { start: "16:00", end: "24:00" }]
route:
  receiver: desk
  groupWait: 30s
  groupInterval: 5m
  repeatInterval: 0s
  muteWindows: [outside-trading-hours]
`;

function run(events: readonly { readonly utc: string; readonly symbol: string }[], untilUtc: string): { lines: string[]; quiet: string[] } {
  const quiet: QuietDecision[] = [];
  const engine = engineFrom(RULES, { onQuiet: (decision) => quiet.push(decision) });
  const t0 = Date.parse(events[0]!.utc);
  const lines: string[] = [];
  for (const { utc, symbol } of events) {
    const ts = Date.parse(utc);
    engine.observe(anomaly({ symbol, ts }), ts);
    lines.push(...engine.advance(ts).map((n) => line(n, t0)));
  }
  lines.push(...engine.advance(Date.parse(untilUtc)).map((n) => line(n, t0)));
  return { lines, quiet: quiet.map((d) => describeQuiet(d, t0)) };
}

describe('mute windows across a daylight-saving change', () => {
  it('follows New York local time on both sides of the change', () => {
    const { lines, quiet } = run(
      [
        { utc: '2026-03-06T20:50:00Z', symbol: 'FRI' }, // Friday 15:50 EST: open → sent
        { utc: '2026-03-06T21:10:00Z', symbol: 'FRIX' }, // Friday 16:10 EST: closed → muted
        { utc: '2026-03-09T13:45:00Z', symbol: 'MON' }, // Monday 09:45 EDT (08:45 if read as EST): open → sent
        { utc: '2026-03-09T20:10:00Z', symbol: 'MONX' }, // Monday 16:10 EDT (15:10 if read as EST): closed → muted
      ],
      '2026-03-09T21:00:00Z',
    );
    expect(lines).toEqual([
      '+30s new default → desk@example.com [FRI/return-zscore:warning]',
      // FRI resolved on Saturday (muted); told at Monday's open, 09:30:30 EDT = 13:30:30 UTC.
      '+64h40m30s changed default → desk@example.com [FRI/return-zscore:resolved]',
      '+64h55m30s new default → desk@example.com [MON/return-zscore:warning]',
      // MON resolves 6 h later, 15:45 EDT: inside trading hours, so told at once.
      '+70h55m30s changed default → desk@example.com [MON/return-zscore:resolved]',
    ]);
    // FRIX fired and resolved inside the window, so nobody is told about it.
    expect(quiet).toEqual([
      '+20m30s muted FRIX/return-zscore:warning by outside-trading-hours',
      '+6h30s muted FRI/return-zscore:resolved by outside-trading-hours',
      '+71h20m30s muted MONX/return-zscore:warning by outside-trading-hours',
    ]);
  });

  it('sends what was muted before the open once the window ends', () => {
    const { lines } = run([{ utc: '2026-03-09T12:00:00Z', symbol: 'PRE' }], '2026-03-09T13:40:00Z'); // 08:00 EDT
    // Flushes every 5 minutes from 12:00:30 UTC; the first at or after 09:30 EDT (13:30 UTC) sends.
    expect(lines).toEqual(['+1h30m30s new default → desk@example.com [PRE/return-zscore:warning]']);
  });
});
