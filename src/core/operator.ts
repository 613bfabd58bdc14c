import type { RejectReason } from './dead-letter.js';

/**
 * Where an operator sends its results. One instance per pipeline stage, made when the pipeline
 * is built, so emitting allocates nothing per record.
 */
export interface OperatorOutput<Out> {
  emit(value: Out): void;
  /** Reject `record` (kept as received) with a reason; it goes to the dead-letter sink. */
  reject(record: unknown, reason: RejectReason, origin?: string): void;
}

/**
 * A pipeline step. `process` is called once per record, synchronously, on the hot path:
 * keep it allocation-free where possible. Every step has an id, used in dead letters,
 * metrics and state keys.
 */
export interface Operator<In, Out> {
  readonly id: string;
  process(record: In, out: OperatorOutput<Out>): void;
  /** Called once when a bounded input ends: emit what was held back (aggregates, reports). */
  finish?(out: OperatorOutput<Out>): void;
}

/** A stateless 1:1 transform as an operator. */
export function map<In, Out>(id: string, fn: (record: In) => Out): Operator<In, Out> {
  return {
    id,
    process(record, out) {
      out.emit(fn(record));
    },
  };
}
