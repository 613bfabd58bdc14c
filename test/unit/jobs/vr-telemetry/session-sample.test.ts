import { describe, expect, it } from 'vitest';
import { SessionSample } from '../../../../pipelines/vr-telemetry/session-sample.js';

/** Feeds 3 frames of each of 500 sessions, interleaved in the given session order; session i's frames take i + 1 ms. */
function sample(order: readonly number[]): SessionSample {
  const sessions = new SessionSample(20);
  for (let frame = 0; frame < 3; frame++) {
    for (const i of order) sessions.get(`session-${i}`)?.frameTime.record(i + 1);
  }
  return sessions;
}

describe('SessionSample (bottom-k by id hash)', () => {
  it('keeps at most its capacity, each kept session complete, the same sessions whatever the input order', () => {
    const ids = Array.from({ length: 500 }, (_, i) => i);
    const forward = sample(ids);
    const backward = sample([...ids].reverse());
    expect(forward.size).toBe(20);
    const kept = (sessions: SessionSample): number[] => [...sessions.values()].map((s) => s.frameTime.min).sort((a, b) => a - b);
    expect(kept(backward)).toEqual(kept(forward));
    for (const session of forward.values()) expect(session.frameTime.count).toBe(3);
  });
});
