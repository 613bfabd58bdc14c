import { describe, expect, it } from 'vitest';
import type { AnomalyEvent } from '../../../../src/events/anomaly-event.js';
import type { EventEvidence } from '../../../../src/events/event-evidence.js';
import { eventLine } from '../../../../src/sinks/influx/points.js';

const TS = Date.UTC(2026, 0, 5, 14, 30);
const event: AnomalyEvent = {
  id: `ACME|return-zscore|${TS}`,
  symbol: 'ACME',
  ts: TS,
  detector: 'return-zscore',
  severity: 'warning',
  score: 4.5,
  observed: 0.01,
  expected: 0,
  lower: -0.002,
  upper: 0.002,
  reason: 'ACME moved "up"',
};
const evidence: EventEvidence = {
  input: { from: 'ticks[3]@5001', to: 'ticks[3]@5120' },
  rulesVersion: 'sha256:ab12',
  params: { window: 100 },
  recent: { ts: [TS], price: [10], size: [100] },
  quality: { ticks: 120, gaps: 2, maxGapMs: 9000, late: 1, duplicates: 3 },
};

const PLAIN =
  'riskwatch_events,detector=return-zscore,severity=warning,symbol=ACME expected=0,lower=-0.002,reason="ACME moved \\"up\\"",score=4.5,upper=0.002,value=0.01';

describe('influx event points', () => {
  it('writes the tags and fields dashboards query, at the tick time', () => {
    expect(eventLine(event)).toBe(`${PLAIN} ${TS}`);
  });

  it('adds input positions, rules version and quality counts from the evidence', () => {
    const line = eventLine({ ...event, evidence });
    expect(line).toBe(
      'riskwatch_events,detector=return-zscore,severity=warning,symbol=ACME expected=0,input_from="ticks[3]@5001",input_to="ticks[3]@5120",lower=-0.002,' +
        'quality_duplicates=3i,quality_gaps=2i,quality_late=1i,reason="ACME moved \\"up\\"",rules_version="sha256:ab12",score=4.5,upper=0.002,value=0.01 ' +
        `${TS}`,
    );
  });

  it('leaves out the input and rules version when the evidence has none', () => {
    const { input: _input, rulesVersion: _rulesVersion, ...bare } = evidence;
    const line = eventLine({ ...event, evidence: bare });
    expect(line).not.toMatch(/input_|rules_version/);
    expect(line).toContain('quality_gaps=2i');
  });
});
