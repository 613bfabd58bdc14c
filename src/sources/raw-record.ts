/**
 * One record as a file or stream source read it, before any domain decoding: a parsed JSON value
 * or a CSV row object of strings, plus where it came from.
 */
export interface RawRecord {
  readonly value: unknown;
  /** Where the record came from, e.g. `ticks.csv:42`; ends up in dead letters. */
  readonly origin: string;
}
