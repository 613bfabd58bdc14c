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
  /** Told that the key's state is about to change in place (once per record): checkpoints write only what changed. */
  touched?(key: string): void;
}

/** Keys whose state changed since the last `takeChanges()`, for incremental checkpoints. */
export interface StateChanges {
  /** Created, replaced, or changed in place. */
  readonly changed: ReadonlySet<string>;
  readonly deleted: ReadonlySet<string>;
}

/** A store a checkpoint can read incrementally and restore into. */
export interface CheckpointableStateStore<S> extends StateStore<S> {
  /** Starts recording which keys change (off by default: costs a set insert per record). */
  trackChanges(): void;
  /** What changed since the last call (or since tracking started), and starts afresh. */
  takeChanges(): StateChanges;
  clear(): void;
}

export function isCheckpointable<S>(store: StateStore<S>): store is CheckpointableStateStore<S> {
  return typeof (store as Partial<CheckpointableStateStore<S>>).takeChanges === 'function';
}

export class MemoryStateStore<S> implements CheckpointableStateStore<S> {
  private readonly map = new Map<string, S>();
  private changed: Set<string> | undefined;
  private deleted: Set<string> | undefined;
  get(key: string): S | undefined {
    return this.map.get(key);
  }
  set(key: string, state: S): void {
    this.map.set(key, state);
    this.touched(key);
  }
  delete(key: string): boolean {
    const had = this.map.delete(key);
    if (had && this.deleted !== undefined) {
      this.changed!.delete(key);
      this.deleted.add(key);
    }
    return had;
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
  touched(key: string): void {
    // One insert per record; a key deleted then created again is sorted out in takeChanges.
    this.changed?.add(key);
  }
  trackChanges(): void {
    this.changed ??= new Set();
    this.deleted ??= new Set();
  }
  takeChanges(): StateChanges {
    const changes = { changed: this.changed ?? new Set<string>(), deleted: this.deleted ?? new Set<string>() };
    for (const key of changes.changed) changes.deleted.delete(key);
    if (this.changed !== undefined) {
      this.changed = new Set();
      this.deleted = new Set();
    }
    return changes;
  }
  clear(): void {
    for (const key of this.map.keys()) this.delete(key);
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
  // Bound once: an untracked store costs nothing per record.
  const touched = state.touched?.bind(state);
  const operator: KeyedOperator<In, Out, S> = {
    id: spec.id,
    state,
    process(record, out) {
      const key = spec.key(record);
      let current = state.get(key);
      if (current === undefined) {
        current = spec.createState(key);
        state.set(key, current);
      } else if (touched !== undefined) touched(key);
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
