/**
 * What an alert needs to be audited and re-run, attached by the detect operator when an event is
 * raised (never on quiet ticks). All times are event times, epoch ms.
 */
export interface EventEvidence {
  /**
   * Input positions of the first and last tick of `recent`, as the source names them:
   * `ticks[3]@5001` (topic[partition]@offset) or `ticks.jsonl:12` (file:line). Absent when the
   * source has no positions (the simulator).
   */
  readonly input?: { readonly from: string; readonly to: string };
  /** Content hash of the alert rules in force (rules, routes, inhibitions...), when alerting is on. */
  readonly rulesVersion?: string;
  /** The detector's configured parameters (threshold, window...), as in the config. */
  readonly params: Readonly<Record<string, string | number | boolean>>;
  /** The symbol's most recent ticks up to and including the flagged one, oldest first: for the chart. */
  readonly recent: {
    readonly ts: readonly number[];
    /** Reference price (mid when quoted, else trade). */
    readonly price: readonly number[];
    readonly size: readonly number[];
  };
  /** Data quality over `recent`. */
  readonly quality: DataQuality;
}

export interface DataQuality {
  readonly ticks: number;
  /** Gaps between consecutive ticks longer than the quality gap limit (or a jump in `seq`). */
  readonly gaps: number;
  readonly maxGapMs: number;
  /** Ticks older than the tick before them. */
  readonly late: number;
  /** Ticks repeating the previous tick's `seq` (or, without seq, its time, price and size). */
  readonly duplicates: number;
}
