import type { RejectReason } from './dead-letter.js';

/**
 * Where an operator sends its results. One instance per pipeline stage, made when the pipeline
 * is built, so emitting allocates nothing per record.
 */
export interface OperatorOutput<Out> {
  emit(value: Out): void;
  /** Reject `record` (kept as received) with a reason; it goes to the dead-letter sink. */
  reject(record: unknown, reason: RejectReason, origin?: string): void;
  /** Emit on a side channel (e.g. chart bars beside events); dropped when no sink listens. */
  side<T>(channel: SideChannel<T>, value: T): void;
}

/**
 * A named secondary output of a pipeline. The type parameter ties what operators emit on it to
 * what its sinks accept; make one per kind of side record with `sideChannel<T>(name)`.
 */
export interface SideChannel<T> {
  readonly name: string;
  /** Type-level only; never set. */
  readonly _type?: T;
}

export function sideChannel<T>(name: string): SideChannel<T> {
  return { name };
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
  /** Forget the state of these keys: their input moved elsewhere (a Kafka partition was revoked). */
  release?(keys: ReadonlySet<string>): void;
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
