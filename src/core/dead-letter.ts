/** Why a record was rejected: a stable machine-readable code plus a message a person can act on. */
export interface RejectReason {
  readonly code: string;
  readonly message: string;
  /** The offending field, when the problem is one field. */
  readonly field?: string;
}

/** A rejected record, as written to the dead-letter destination. Nothing is dropped silently. */
export interface DeadLetter {
  /** Step id of the operator (or source) that rejected the record. */
  readonly step: string;
  readonly reason: RejectReason;
  /** The record as received (raw text or object), so it can be inspected and replayed. */
  readonly record: unknown;
  /** Where the record came from, e.g. `ticks.csv:42` or `ticks/3@1200`. */
  readonly origin?: string;
  /** Wall time of rejection, ISO-8601. */
  readonly rejectedAt: string;
}
