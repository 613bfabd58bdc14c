import type { Clock } from '../core/clock.js';
import type { Sink } from '../core/sink.js';

/**
 * Holds writes back so that no more than `perSecond` records go through on average: the runner
 * waits for write, so the source is paced too. For load generation (`riskwatch produce --rate`).
 */
export function pacedSink<T>(sink: Sink<T>, perSecond: number, clock: Clock, sleep: (ms: number) => Promise<void> = defaultSleep): Sink<T> {
  let startedAt: number | undefined;
  let written = 0;
  return {
    id: sink.id,
    ...(sink.open === undefined ? {} : { open: () => sink.open!() }),
    async write(records) {
      startedAt ??= clock.now();
      written += records.length;
      const due = startedAt + (written / perSecond) * 1000;
      const wait = due - clock.now();
      if (wait > 0) await sleep(wait);
      await sink.write(records);
    },
    flush: () => sink.flush(),
    close: () => sink.close(),
  };
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
