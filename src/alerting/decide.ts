import { type AnomalyEvent, type Severity, severityRank } from '../events/anomaly-event.js';
import { Cooldown } from './cooldown.js';
import type { AlertRule, AlertRules, RuleMatch } from './rules.js';

/** What to do with one event, as plain data: delivery, logging and later alert state read it. */
export type AlertDecision =
  | {
      readonly outcome: 'alert';
      readonly event: AnomalyEvent;
      readonly rule: string;
      /** The event's severity, or the rule's override. */
      readonly severity: Severity;
      readonly to: readonly string[];
    }
  | {
      readonly outcome: 'suppressed';
      readonly event: AnomalyEvent;
      readonly rule: string;
      readonly reason: 'cooldown';
      /** Event time at which this symbol+detector may alert again. */
      readonly until: number;
    }
  | { readonly outcome: 'unmatched'; readonly event: AnomalyEvent };

export type Alert = Extract<AlertDecision, { outcome: 'alert' }>;

/** Decides events in order; holds only the cool-down memory, does no I/O. */
export interface AlertDecider {
  decide(event: AnomalyEvent): AlertDecision;
}

type EventPredicate = (event: AnomalyEvent) => boolean;

function symbolPattern(symbols: readonly string[]): RegExp {
  const alternatives = symbols.map((symbol) =>
    symbol
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*'),
  );
  return new RegExp(`^(?:${alternatives.join('|')})$`, 'u');
}

/** Compiles a rule's criteria once, so matching an event is a few comparisons. */
function compileMatch(match: RuleMatch): EventPredicate {
  const symbols = match.symbols === undefined ? undefined : symbolPattern(match.symbols);
  const detectors = match.detectors === undefined ? undefined : new Set(match.detectors);
  const severities = match.severity === undefined ? undefined : new Set<Severity>(match.severity);
  const minRank = match.minSeverity === undefined ? undefined : severityRank(match.minSeverity);
  return (event) =>
    (symbols === undefined || symbols.test(event.symbol)) &&
    (detectors === undefined || detectors.has(event.detector)) &&
    (severities === undefined || severities.has(event.severity)) &&
    (minRank === undefined || severityRank(event.severity) >= minRank);
}

/** The first rule whose criteria all hold for the event. */
export function createRuleMatcher(rules: readonly AlertRule[]): (event: AnomalyEvent) => AlertRule | undefined {
  const compiled = rules.map((rule) => ({ rule, matches: compileMatch(rule.match) }));
  return (event) => compiled.find((candidate) => candidate.matches(event))?.rule;
}

export function createAlertDecider(rules: AlertRules): AlertDecider {
  const findRule = createRuleMatcher(rules.rules);
  const cooldown = new Cooldown(rules.cooldownMs);
  return {
    decide(event) {
      const rule = findRule(event);
      if (rule === undefined) return { outcome: 'unmatched', event };
      const key = `${event.symbol}|${event.detector}`;
      const until = cooldown.blockedUntil(key, event.ts);
      if (until !== undefined) return { outcome: 'suppressed', event, rule: rule.name, reason: 'cooldown', until };
      cooldown.record(key, event.ts);
      return { outcome: 'alert', event, rule: rule.name, severity: rule.severity ?? event.severity, to: rule.to };
    },
  };
}
