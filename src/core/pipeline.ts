import { ConfigError } from './errors.js';
import type { DeadLetter } from './dead-letter.js';
import type { Operator, SideChannel } from './operator.js';
import type { Sink } from './sink.js';
import type { Source } from './source.js';

/** A validated, runnable pipeline: source → operators → sinks, plus a dead-letter sink. */
export interface Pipeline<In, Out> {
  readonly name: string;
  readonly source: Source<In>;
  // The chain is type-checked by the builder; here the element types are erased.
  readonly operators: readonly Operator<unknown, unknown>[];
  readonly sinks: readonly Sink<Out>[];
  /** Sinks of each side channel, by channel name. */
  readonly sideSinks: ReadonlyMap<string, readonly Sink<unknown>[]>;
  readonly deadLetters: Sink<DeadLetter>;
}

/**
 * Typed builder: `pipeline('monitor').from(source).through(decode).through(detect).to(console)
 * .deadLettersTo(dlq).build()`. Each `through` changes the record type the next step must accept.
 */
export function pipeline(name: string): { from<T>(source: Source<T>): PipelineBuilder<T, T> } {
  return { from: (source) => new PipelineBuilder(name, source, [], [], new Map()) };
}

export class PipelineBuilder<In, Current> {
  constructor(
    private readonly name: string,
    private readonly source: Source<In>,
    private readonly operators: readonly Operator<unknown, unknown>[],
    private readonly sinks: readonly Sink<Current>[],
    private readonly sideSinks: ReadonlyMap<string, readonly Sink<unknown>[]>,
    private readonly deadLetters?: Sink<DeadLetter>,
  ) {}

  through<Next>(operator: Operator<Current, Next>): PipelineBuilder<In, Next> {
    if (this.sinks.length > 0) throw new ConfigError(`pipeline ${this.name}: add operators before sinks`);
    const operators = [...this.operators, operator as Operator<unknown, unknown>];
    return new PipelineBuilder<In, Next>(this.name, this.source, operators, [], this.sideSinks, this.deadLetters);
  }

  to(...sinks: Sink<Current>[]): PipelineBuilder<In, Current> {
    return new PipelineBuilder(this.name, this.source, this.operators, [...this.sinks, ...sinks], this.sideSinks, this.deadLetters);
  }

  /** Sends what operators emit on `channel` to these sinks. */
  sideTo<T>(channel: SideChannel<T>, ...sinks: Sink<T>[]): PipelineBuilder<In, Current> {
    const sideSinks = new Map(this.sideSinks);
    sideSinks.set(channel.name, [...(sideSinks.get(channel.name) ?? []), ...(sinks as Sink<unknown>[])]);
    return new PipelineBuilder(this.name, this.source, this.operators, this.sinks, sideSinks, this.deadLetters);
  }

  deadLettersTo(sink: Sink<DeadLetter>): PipelineBuilder<In, Current> {
    return new PipelineBuilder(this.name, this.source, this.operators, this.sinks, this.sideSinks, sink);
  }

  build(): Pipeline<In, Current> {
    if (this.sinks.length === 0) throw new ConfigError(`pipeline ${this.name}: no sink; add one with .to(...)`);
    if (this.deadLetters === undefined) {
      throw new ConfigError(`pipeline ${this.name}: no dead-letter sink; rejected records must go somewhere`);
    }
    const ids = new Set<string>();
    for (const step of [this.source, ...this.operators, ...this.sinks, ...[...this.sideSinks.values()].flat()]) {
      if (ids.has(step.id)) throw new ConfigError(`pipeline ${this.name}: step id "${step.id}" is used twice`);
      ids.add(step.id);
    }
    return {
      name: this.name,
      source: this.source,
      operators: this.operators,
      sinks: this.sinks,
      sideSinks: this.sideSinks,
      deadLetters: this.deadLetters,
    };
  }
}
