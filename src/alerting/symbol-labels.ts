import { globPattern } from './config/alert-match.js';
import type { AlertLevel } from './model/alert-level.js';
import type { AlertLabels } from './model/alert-labels.js';

export interface SymbolLabelsConfig {
  readonly symbols: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The labels of an alert: symbol, detector, severity (its level) and the configured labels of
 * its symbol (all matching entries, later ones winning). Symbol labels are worked out once per
 * symbol and cached.
 */
export class SymbolLabels {
  private readonly entries: readonly { readonly symbols: RegExp; readonly labels: Readonly<Record<string, string>> }[];
  private readonly cache = new Map<string, Readonly<Record<string, string>>>();

  constructor(config: readonly SymbolLabelsConfig[]) {
    this.entries = config.map((entry) => ({ symbols: globPattern(entry.symbols), labels: entry.labels }));
  }

  labelsOf(symbol: string, detector: string, level: AlertLevel): AlertLabels {
    let extra = this.cache.get(symbol);
    if (extra === undefined) {
      extra = Object.assign({}, ...this.entries.filter((entry) => entry.symbols.test(symbol)).map((entry) => entry.labels)) as Record<string, string>;
      this.cache.set(symbol, extra);
    }
    return { ...extra, symbol, detector, severity: level };
  }
}
