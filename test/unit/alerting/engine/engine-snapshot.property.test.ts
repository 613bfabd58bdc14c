import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertEngine, QuietDecision, SilenceCheck } from '../../../../src/alerting/alert-engine.js';
import type { Notification } from '../../../../src/alerting/model/notification.js';
import type { AnomalyEvent } from '../../../../src/events/anomaly-event.js';
import { anomaly, T0 } from '../events.js';
import { engineFrom, eventStep, MINUTE, SECOND } from './harness.js';

// Everything that keeps state in play: score hysteresis, flapping, inhibition, two routes (one
// muted for a while), a silence, a tight budget (held digests) and group timing.
const RULES = `
receivers:
  - { name: desk, to: [desk@example.com] }
  - { name: surveillance, to: [surv@example.com, desk@example.com] }
state:
  resolveAfter: 2m
  thresholds:
    return-zscore:
      info: { raise: 3, clear: 2 }
      warning: { raise: 4, clear: 3 }
      critical: { raise: 6, clear: 5 }
  flapping: { window: 10m, high: 4, low: 1 }
inhibit:
  - { name: stale, source: { detectors: [stale-feed] }, target: {}, equal: [symbol] }
muteWindows:
  - name: lunch
    intervals: [{ times: [{ start: "14:36", end: "14:42" }] }]
budgets: { recipients: { desk@example.com: 3, surv@example.com: 2 } }
route:
  receiver: desk
  groupBy: [symbol]
  groupWait: 10s
  groupInterval: 1m
  repeatInterval: 5m
  routes:
    - { name: quotes, match: { detectors: [spread-blowout, stale-feed] }, receiver: surveillance, continue: true }
    - { name: all, match: {}, muteWindows: [lunch] }
`;

/** XOM's ensemble alerts are silenced for a while: stateless, so it needs no checkpoint. */
const silences = (): SilenceCheck => (labels, now) =>
  labels.symbol === 'XOM' && labels.detector === 'ensemble' && now >= T0 + 2 * MINUTE && now < T0 + 10 * MINUTE ? { id: 'sil-xom' } : undefined;

/** Numbers JSON cannot carry among them, to exercise their encoding in the snapshot's events. */
const ODD_NUMBERS = [187.25, Number.NaN, -0, Number.POSITIVE_INFINITY];

type Call = { readonly kind: 'observe'; readonly event: AnomalyEvent } | { readonly kind: 'advance'; readonly now: number };

/** Events at increasing times, each observed and (or not) followed by advance(its time); then quiet hours. */
const scriptArbitrary = fc
  .array(
    fc.record({
      ...eventStep,
      score: fc.constantFrom(2.5, 3.5, 4.5, 7, Number.POSITIVE_INFINITY),
      observed: fc.constantFrom(...ODD_NUMBERS),
      advance: fc.boolean(),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .map((steps) => {
    let ts = T0;
    const calls: Call[] = [];
    for (const { gap, advance, ...fields } of steps) {
      const event = anomaly({ ...fields, ts: (ts += gap), evidence: evidence(ts, fields.observed) });
      calls.push({ kind: 'observe', event });
      if (advance) calls.push({ kind: 'advance', now: ts });
    }
    // Part way through the quiet (alerts resolving, digests due), then long after.
    calls.push({ kind: 'advance', now: ts + 30 * MINUTE }, { kind: 'advance', now: ts + 24 * 60 * MINUTE });
    return calls;
  });

function evidence(ts: number, price: number): NonNullable<AnomalyEvent['evidence']> {
  return {
    params: { threshold: 3, window: '5m', maxGap: Number.POSITIVE_INFINITY },
    recent: { ts: [ts - SECOND, ts], price: [price, price], size: [100, -0] },
    quality: { ticks: 2, gaps: 0, maxGapMs: SECOND, late: 0, duplicates: 0 },
  };
}

interface Decided {
  readonly call: number;
  readonly notifications: readonly Notification[];
}

/** Runs calls[from, to) on the engine; what each call decided, and what it decided not to send. */
function play(engine: AlertEngine, quiet: QuietDecision[], calls: readonly Call[], from: number, to: number): { decided: Decided[]; quiet: QuietDecision[] } {
  const decided: Decided[] = [];
  const start = quiet.length;
  for (let i = from; i < to; i++) {
    const call = calls[i]!;
    if (call.kind === 'observe') engine.observe(call.event);
    else decided.push({ call: i, notifications: engine.advance(call.now) });
  }
  return { decided, quiet: quiet.slice(start) };
}

function build(): { engine: AlertEngine; quiet: QuietDecision[] } {
  const quiet: QuietDecision[] = [];
  return { engine: engineFrom(RULES, { silences, onQuiet: (decision) => quiet.push(decision) }), quiet };
}

describe('alert engine snapshot (fast-check, fixed seed)', () => {
  it('an engine restored from a snapshot taken anywhere decides what the uninterrupted engine decides, and ends in the same state', () => {
    // How often the checkpoints held the state worth checking: a property that never saw it would prove little.
    const seen = { pending: 0, waitingGroups: 0, heldDigests: 0, flapping: 0, inhibiting: 0, digestsAfter: 0, mutedOrSilencedAfter: 0 };
    fc.assert(
      fc.property(scriptArbitrary, fc.nat(), (calls, splitSeed) => {
        const split = splitSeed % (calls.length + 1);
        const eventCalls = calls.length - 2;

        // A: uninterrupted.
        const a = build();
        play(a.engine, a.quiet, calls, 0, split);
        const aAfter = play(a.engine, a.quiet, calls, split, Math.max(split, eventCalls));
        const aStateAtEnd = a.engine.snapshot();
        const aLater = play(a.engine, a.quiet, calls, Math.max(split, eventCalls), calls.length);

        // B: stops at the split; C: a new engine restored from B's checkpoint, as written to disk.
        const b = build();
        play(b.engine, b.quiet, calls, 0, split);
        const checkpoint = b.engine.snapshot();
        if (checkpoint.pending.length > 0) seen.pending++;
        if (checkpoint.groups.some((group) => group.lastSentAt === null && group.members.length > 0)) seen.waitingGroups++;
        if (checkpoint.budgets.recipients.some((recipient) => recipient.held.length > 0)) seen.heldDigests++;
        if (checkpoint.tracker.entries.some((entry) => entry.flapping)) seen.flapping++;
        if (checkpoint.inhibitor.registered.length > 0) seen.inhibiting++;
        const c = build();
        c.engine.restore(JSON.parse(JSON.stringify(checkpoint)));
        expect(c.engine.snapshot()).toEqual(checkpoint);
        expect(c.engine.nextDeadline()).toBe(b.engine.nextDeadline());

        const cAfter = play(c.engine, c.quiet, calls, split, Math.max(split, eventCalls));
        expect(cAfter).toEqual(aAfter);
        expect(c.engine.snapshot()).toEqual(aStateAtEnd);
        expect(play(c.engine, c.quiet, calls, Math.max(split, eventCalls), calls.length)).toEqual(aLater);
        expect(c.engine.snapshot()).toEqual(a.engine.snapshot());
        expect(c.engine.stats).toEqual(a.engine.stats);
        if ([...aAfter.decided, ...aLater.decided].some((d) => d.notifications.some((n) => n.reason === 'digest'))) seen.digestsAfter++;
        if (aAfter.quiet.some((q) => q.kind === 'muted' || q.kind === 'silenced')) seen.mutedOrSilencedAfter++;
      }),
      { seed: 20261127, numRuns: 200 },
    );
    for (const [what, runs] of Object.entries(seen)) expect(runs, `runs with ${what}`).toBeGreaterThanOrEqual(5);
  });
});
