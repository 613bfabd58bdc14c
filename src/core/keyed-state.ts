import type { Operator, OperatorOutput } from './operator.js';

/**
 * Per-key state owned by the framework. The embedded default is an in-memory map; checkpointing
 * and partition hand-over work through this interface (snapshot, restore, drop).
 */
export interface StateStore<S> {
  get(key: string): S | undefined;
  set(key: string, state: S): void;
  delete(key: string): boolean;
  keys(): IterableIterator<string>;
  entries(): IterableIterator<[string, S]>;
  readonly size: number;
}

export class MemoryStateStore<S> implements StateStore<S> {
  private readonly map = new Map<string, S>();
  get(key: string): S | undefined {
    return this.map.get(key);
  }
  set(key: string, state: S): void {
    this.map.set(key, state);
  }
  delete(key: string): boolean {
    return this.map.delete(key);
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  entries(): IterableIterator<[string, S]> {
    return this.map.entries();
  }
  get size(): number {
    return this.map.size;
  }
}

/** A stateful step: a transition `(state, record) → outputs`, with state kept per key. */
export interface KeyedOperatorSpec<In, Out, S> {
  readonly id: string;
  key(record: In): string;
  createState(key: string): S;
  process(state: S, record: In, out: OperatorOutput<Out>): void;
  /** End of a bounded input, with every key's state. */
  finish?(states: StateStore<S>, out: OperatorOutput<Out>): void;
}

export interface KeyedOperator<In, Out, S> extends Operator<In, Out> {
  readonly state: StateStore<S>;
}

export function keyed<In, Out, S>(
  spec: KeyedOperatorSpec<In, Out, S>,
  state: StateStore<S> = new MemoryStateStore<S>(),
): KeyedOperator<In, Out, S> {
  const operator: KeyedOperator<In, Out, S> = {
    id: spec.id,
    state,
    process(record, out) {
      const key = spec.key(record);
      let current = state.get(key);
      if (current === undefined) {
        current = spec.createState(key);
        state.set(key, current);
      }
      spec.process(current, record, out);
    },
    release(keys) {
      for (const key of keys) state.delete(key);
    },
  };
  const finish = spec.finish;
  if (finish !== undefined) operator.finish = (out) => finish.call(spec, state, out);
  return operator;
}
