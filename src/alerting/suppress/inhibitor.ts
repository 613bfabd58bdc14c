import { compileAlertMatch, type AlertPredicate } from '../config/alert-match.js';
import type { InhibitConfig } from '../config/inhibit-config.js';
import type { AlertLabels } from '../model/alert-labels.js';
import { EngineSnapshotError, type InhibitorSnapshot } from '../engine-snapshot.js';

interface CompiledRule {
  readonly name: string;
  readonly source: AlertPredicate;
  readonly target: AlertPredicate;
  readonly equal: readonly string[];
  /** Firing source alerts by their `equal` label values. */
  readonly firing: Map<string, Set<string>>;
}

function equalKey(labels: AlertLabels, names: readonly string[]): string {
  // A unit separator cannot occur in validated labels, so distinct value lists never collide.
  return names.map((name) => labels[name] ?? '').join('\u001f');
}

/**
 * Knows which source alerts fire, and answers whether an alert is inhibited by one of them.
 * An alert never inhibits itself (a stale-feed alert matching both sides stays visible).
 */
export class Inhibitor {
  private readonly rules: readonly CompiledRule[];
  /** Where each firing source alert is registered, to unregister it when it stops. */
  private readonly registered = new Map<string, { readonly rule: CompiledRule; readonly at: string }[]>();

  constructor(rules: readonly InhibitConfig[]) {
    this.rules = rules.map((rule) => ({
      name: rule.name,
      source: compileAlertMatch(rule.source),
      target: compileAlertMatch(rule.target),
      equal: rule.equal,
      firing: new Map(),
    }));
  }

  /** Records that alert `key` now fires with `labels`, or (labels undefined) no longer fires. */
  update(key: string, labels: AlertLabels | undefined): void {
    if (this.rules.length === 0) return;
    for (const { rule, at } of this.registered.get(key) ?? []) {
      const keys = rule.firing.get(at);
      keys?.delete(key);
      if (keys?.size === 0) rule.firing.delete(at);
    }
    this.registered.delete(key);
    if (labels === undefined) return;
    const entries: { rule: CompiledRule; at: string }[] = [];
    for (const rule of this.rules) {
      if (!rule.source(labels)) continue;
      const at = equalKey(labels, rule.equal);
      let keys = rule.firing.get(at);
      if (keys === undefined) rule.firing.set(at, (keys = new Set()));
      keys.add(key);
      entries.push({ rule, at });
    }
    if (entries.length > 0) this.registered.set(key, entries);
  }

  /** Where each firing source alert is registered, by rule name, for the engine's checkpoint. */
  toSnapshot(): InhibitorSnapshot {
    return { registered: Array.from(this.registered, ([key, entries]) => [key, entries.map(({ rule, at }) => [rule.name, at] as [string, string])]) };
  }

  /** An inhibitor for `rules` in the state of `snapshot`; each rule's firing sources are rebuilt from the registrations. */
  static fromSnapshot(rules: readonly InhibitConfig[], snapshot: InhibitorSnapshot): Inhibitor {
    const inhibitor = new Inhibitor(rules);
    const byName = new Map(inhibitor.rules.map((rule) => [rule.name, rule]));
    for (const [key, stored] of snapshot.registered) {
      const entries = stored.map(([name, at]) => {
        const rule = byName.get(name);
        if (rule === undefined) throw new EngineSnapshotError(`alert engine snapshot is corrupt: alert "${key}" is registered with unknown inhibition rule "${name}"`);
        let keys = rule.firing.get(at);
        if (keys === undefined) rule.firing.set(at, (keys = new Set()));
        keys.add(key);
        return { rule, at };
      });
      if (entries.length > 0) inhibitor.registered.set(key, entries);
    }
    return inhibitor;
  }

  /** The name of the first rule that inhibits this alert, or undefined. */
  inhibitedBy(key: string, labels: AlertLabels): string | undefined {
    for (const rule of this.rules) {
      if (!rule.target(labels)) continue;
      const sources = rule.firing.get(equalKey(labels, rule.equal));
      if (sources === undefined) continue;
      if (sources.size > 1 || !sources.has(key)) return rule.name;
    }
    return undefined;
  }
}
