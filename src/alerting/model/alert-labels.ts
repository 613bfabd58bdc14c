/**
 * What routes, inhibitions and silences match on: `symbol`, `detector` and `severity` (the alert's
 * current level) always, plus the labels configured for the symbol (e.g. `desk: equities`).
 */
export interface AlertLabels {
  readonly symbol: string;
  readonly detector: string;
  readonly severity: string;
  readonly [label: string]: string;
}
