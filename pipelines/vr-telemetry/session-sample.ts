import { DeadlineHeap } from '../../src/core/deadline-heap.js';
import { LogHistogram, type LogHistogramRange } from './log-histogram.js';

/** Per-session frame times: coarser than the per-build ones (±1 %), since there are many sessions. */
const SESSION_RANGE: LogHistogramRange = { lowest: 0.5, highest: 1000, ratio: 1.02 };

/** One session's figures: what the regression tests compare, one value per session. */
export class SessionStats {
  readonly frameTime = new LogHistogram(SESSION_RANGE);
  dropped = 0;
  mtpCount = 0;
  mtpSum = 0;

  droppedPct(): number {
    return (100 * this.dropped) / (this.frameTime.count + this.dropped);
  }

  mtpMean(): number {
    return this.mtpCount === 0 ? NaN : this.mtpSum / this.mtpCount;
  }
}

/**
 * A uniform sample of at most `capacity` sessions with their complete figures, whatever the input
 * order (a bottom-k sketch): a session is kept when its id's hash is among the `capacity` smallest
 * seen. The bar only falls, so a kept session was kept from its first frame and none is dropped
 * part-way; memory is bounded by `capacity`, not by the number of sessions.
 */
export class SessionSample {
  private readonly sessions = new Map<string, SessionStats>();
  // A max-heap of hashes, as the min-heap of their negatives.
  private readonly largestHash = new DeadlineHeap();

  constructor(readonly capacity: number) {}

  /** The session's figures to update, or undefined when it is not in the sample. */
  get(sessionId: string): SessionStats | undefined {
    const kept = this.sessions.get(sessionId);
    if (kept !== undefined) return kept;
    const hash = fnv1a(sessionId);
    if (this.sessions.size >= this.capacity) {
      const top = this.largestHash.peek()!;
      if (hash >= -top.at) return undefined;
      this.largestHash.pop();
      this.sessions.delete(top.key);
    }
    const stats = new SessionStats();
    this.sessions.set(sessionId, stats);
    this.largestHash.push(-hash, sessionId);
    return stats;
  }

  values(): IterableIterator<SessionStats> {
    return this.sessions.values();
  }

  get size(): number {
    return this.sessions.size;
  }
}

/** 32-bit FNV-1a of a string's UTF-16 code units: cheap, and spreads ids like `s000123` evenly. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
