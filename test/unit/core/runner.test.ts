import { describe, expect, it } from 'vitest';
import { keyed } from '../../../src/core/keyed-state.js';
import { map, sideChannel, type Operator } from '../../../src/core/operator.js';
import { pipeline } from '../../../src/core/pipeline.js';
import { runPipeline } from '../../../src/core/runner.js';
import type { DeadLetter } from '../../../src/core/dead-letter.js';
import type { Source, SourceBatch, SourceContext, SourcePosition } from '../../../src/core/source.js';
import { MemorySink } from '../../helpers/memory-sink.js';

/** An endless source of consecutive integers that records how far it has produced. */
class CountingSource implements Source<number> {
  readonly id = 'counter';
  readonly bounded: boolean;
  produced = 0;
  committed: SourcePosition[] = [];
  closed = false;
  constructor(
    private readonly batchSize: number,
    private readonly limit = Infinity,
  ) {
    this.bounded = Number.isFinite(limit);
  }
  async *batches(signal: AbortSignal): AsyncIterable<SourceBatch<number>> {
    while (!signal.aborted && this.produced < this.limit) {
      const records: number[] = [];
      for (let i = 0; i < this.batchSize && this.produced < this.limit; i++) records.push(this.produced++);
      yield { records, position: { description: `counter@${this.produced}`, token: this.produced } };
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  async commit(position: SourcePosition): Promise<void> {
    this.committed.push(position);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('runPipeline', () => {
  it('runs a bounded job to the end and calls finish on operators', async () => {
    const source = new CountingSource(10, 95);
    let total = 0;
    const sum: Operator<number, number> = {
      id: 'sum',
      process(value) {
        total += value;
      },
      finish(out) {
        out.emit(total);
      },
    };
    const sink = new MemorySink<number>();
    const dead = new MemorySink<DeadLetter>('dead');
    const summary = await runPipeline(pipeline('sum').from(source).through(sum).to(sink).deadLettersTo(dead).build());
    expect(summary.stoppedBy).toBe('end-of-input');
    expect(summary.recordsIn).toBe(95);
    expect(sink.flushed).toEqual([(94 * 95) / 2]);
    expect(source.committed.at(-1)?.token).toBe(95);
    expect(sink.closed && dead.closed && source.closed).toBe(true);
  });

  it('keeps memory bounded with a slow sink: the source never runs more than one batch ahead', async () => {
    const batchSize = 100;
    const source = new CountingSource(batchSize);
    const sink = new MemorySink<number>('slow', 5);
    let maxAhead = 0;
    const watch: Operator<number, number> = {
      id: 'watch',
      process(value, out) {
        maxAhead = Math.max(maxAhead, source.produced - sink.written.length);
        out.emit(value);
      },
    };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await runPipeline(pipeline('bp').from(source).through(watch).to(sink).deadLettersTo(new MemorySink('dead')).build(), {
      signal: controller.signal,
    });
    expect(sink.written.length).toBeGreaterThan(batchSize);
    expect(maxAhead).toBeLessThanOrEqual(batchSize);
    // ~5 ms per write for 300 ms: a source left unchecked would have produced far more.
    expect(source.produced).toBeLessThan(sink.written.length + 2 * batchSize);
  });

  it('on shutdown drains the batch in hand, flushes every sink and commits the last position: nothing lost', async () => {
    const source = new CountingSource(50);
    const sink = new MemorySink<number>('events', 1);
    const dead = new MemorySink<DeadLetter>('dead');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const summary = await runPipeline(
      pipeline('drain').from(source).through(map('double', (n: number) => n * 2)).to(sink).deadLettersTo(dead).build(),
      { signal: controller.signal, commitIntervalMs: 60_000 },
    );
    expect(summary.stoppedBy).toBe('signal');
    expect(sink.flushed.length).toBe(source.produced);
    expect(sink.flushed.at(-1)).toBe((source.produced - 1) * 2);
    expect(source.committed.at(-1)?.token).toBe(source.produced);
    expect(summary.lastCommitted).toBe(`counter@${source.produced}`);
  });

  it('dead-letters a record that makes an operator throw and carries on', async () => {
    const source = new CountingSource(5, 10);
    const picky = map('picky', (n: number) => {
      if (n === 3) throw new Error('three is not allowed');
      return n;
    });
    const sink = new MemorySink<number>();
    const dead = new MemorySink<DeadLetter>('dead');
    const summary = await runPipeline(pipeline('p').from(source).through(picky).to(sink).deadLettersTo(dead).build());
    expect(sink.flushed).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
    expect(dead.flushed).toHaveLength(1);
    expect(dead.flushed[0]).toMatchObject({ record: 3, reason: { code: 'operator_error', message: 'three is not allowed' } });
    expect(summary.deadLettersByReason).toEqual({ 'p:operator_error': 1 });
  });

  it('routes rejects to the dead-letter sink with the step id, reason and origin', async () => {
    const source = new CountingSource(4, 8);
    const evenOnly: Operator<number, number> = {
      id: 'even-only',
      process(n, out) {
        if (n % 2 === 0) out.emit(n);
        else out.reject(n, { code: 'odd', message: `${n} is odd`, field: 'value' });
      },
    };
    const dead = new MemorySink<DeadLetter>('dead');
    const summary = await runPipeline(pipeline('p').from(source).through(evenOnly).to(new MemorySink()).deadLettersTo(dead).build());
    expect(dead.flushed.map((d) => d.record)).toEqual([1, 3, 5, 7]);
    expect(dead.flushed[0]).toMatchObject({ step: 'even-only', origin: 'counter@4', reason: { code: 'odd', field: 'value' } });
    expect(summary.deadLetters).toBe(4);
  });

  it('gives each key its own state, owned by the framework', async () => {
    const source = new CountingSource(7, 21);
    const perKey = keyed<number, string, { count: number }>({
      id: 'count-by-mod',
      key: (n) => String(n % 3),
      createState: () => ({ count: 0 }),
      process(state, n, out) {
        state.count++;
        out.emit(`${n % 3}:${state.count}`);
      },
    });
    const sink = new MemorySink<string>();
    await runPipeline(pipeline('k').from(source).through(perKey).to(sink).deadLettersTo(new MemorySink('dead')).build());
    expect(perKey.state.size).toBe(3);
    expect(perKey.state.get('0')).toEqual({ count: 7 });
    expect(sink.flushed.slice(0, 4)).toEqual(['0:1', '1:1', '2:1', '0:2']);
  });

  it('calls the checkpoint hook after sinks are flushed and before the source commits', async () => {
    const source = new CountingSource(10, 30);
    const sink = new MemorySink<number>();
    const order: string[] = [];
    source.commit = async (position) => {
      order.push(`commit ${String(position.token)} flushed=${sink.flushed.length}`);
    };
    await runPipeline(pipeline('c').from(source).to(sink).deadLettersTo(new MemorySink('dead')).build(), {
      beforeCommit: async (position, final) => {
        order.push(`checkpoint ${String(position?.token)}${final ? ' final' : ''} flushed=${sink.flushed.length}`);
      },
    });
    expect(order.slice(-2)).toEqual(['checkpoint 30 final flushed=30', 'commit 30 flushed=30']);
  });
});

describe('with checkpoints', () => {
  it('commits only positions a checkpoint made durable, and always checkpoints at the end', async () => {
    const source = new CountingSource(10, 50);
    const calls: string[] = [];
    await runPipeline(pipeline('c').from(source).to(new MemorySink<number>()).deadLettersTo(new MemorySink('dead')).build(), {
      commitIntervalMs: 0,
      checkpoint: async (position, final) => {
        calls.push(`${String(position?.token)}${final ? ' final' : ''}`);
        // Not due before the third batch.
        return final || Number(position?.token) >= 30 ? position : undefined;
      },
    });
    expect(calls).toContain('10');
    expect(calls.at(-1)).toMatch(/ final$/);
    const committed = source.committed.map((p) => Number(p.token));
    expect(committed.every((token) => token >= 30)).toBe(true);
    expect(committed.at(-1)).toBe(50);
  });
});

describe('commits while the input is quiet', () => {
  it('flushes and commits the last batch on time even when no further batch comes', async () => {
    const committed: unknown[] = [];
    const quiet: Source<number> = {
      id: 'quiet',
      bounded: false,
      async *batches(signal) {
        yield { records: [1, 2, 3], position: { description: 'quiet@3', token: 3 } };
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      },
      async commit(position) {
        committed.push(position.token);
      },
    };
    const sink = new MemorySink<number>();
    const controller = new AbortController();
    const running = runPipeline(pipeline('q').from(quiet).to(sink).deadLettersTo(new MemorySink('dead')).build(), {
      signal: controller.signal,
      commitIntervalMs: 20,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sink.flushed).toEqual([1, 2, 3]);
    expect(committed).toEqual([3]);
    controller.abort();
    await running;
  });
});

describe('side outputs and released keys', () => {
  it('sends side-channel records to their own sinks, and drops them when nobody listens', async () => {
    const evens = sideChannel<string>('evens');
    const unheard = sideChannel<number>('unheard');
    const splitter: Operator<number, number> = {
      id: 'split',
      process(n, out) {
        if (n % 2 === 0) out.side(evens, `even ${n}`);
        out.side(unheard, n);
        out.emit(n);
      },
    };
    const main = new MemorySink<number>('main');
    const side = new MemorySink<string>('side');
    await runPipeline(pipeline('s').from(new CountingSource(3, 6)).through(splitter).to(main).sideTo(evens, side).deadLettersTo(new MemorySink('dead')).build());
    expect(main.flushed).toEqual([0, 1, 2, 3, 4, 5]);
    expect(side.flushed).toEqual(['even 0', 'even 2', 'even 4']);
    expect(side.closed).toBe(true);
  });

  it('lets a source release keys, dropping their state in keyed operators', async () => {
    const perKey = keyed<number, number, { count: number }>({
      id: 'count',
      key: (n) => String(n % 2),
      createState: () => ({ count: 0 }),
      process(state, n, out) {
        state.count++;
        out.emit(n);
      },
    });
    let release: ((keys: ReadonlySet<string>) => void) | undefined;
    const source = Object.assign(new CountingSource(4, 8), {
      open: async (context: SourceContext) => {
        release = context.releaseKeys;
      },
    });
    const seen: number[] = [];
    const sink = new MemorySink<number>();
    sink.write = async (records) => {
      seen.push(...records);
      if (seen.length === 4) release?.(new Set(['0']));
    };
    await runPipeline(pipeline('r').from(source).through(perKey).to(sink).deadLettersTo(new MemorySink('dead')).build());
    expect(perKey.state.get('0')).toEqual({ count: 2 });
    expect(perKey.state.get('1')).toEqual({ count: 4 });
  });
});

describe('pipeline builder', () => {
  const source = new CountingSource(1, 1);
  it('refuses a pipeline without a dead-letter sink', () => {
    expect(() => pipeline('x').from(source).to(new MemorySink()).build()).toThrow(/no dead-letter sink/);
  });
  it('refuses a pipeline without sinks', () => {
    expect(() => pipeline('x').from(source).deadLettersTo(new MemorySink('dead')).build()).toThrow(/no sink/);
  });
  it('refuses duplicate step ids', () => {
    expect(() =>
      pipeline('x').from(source).through(map('a', (n: number) => n)).through(map('a', (n: number) => n)).to(new MemorySink()).deadLettersTo(new MemorySink('dead')).build(),
    ).toThrow(/"a" is used twice/);
  });
});
