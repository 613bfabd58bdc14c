import { valid as validSemver } from 'semver';
import type { Operator } from '../../src/core/operator.js';
import { parseRows, type RowOf } from '../../src/operators/parse-rows.js';
import type { RawRecord } from '../../src/sources/raw-record.js';

/**
 * One presented frame of a VR session, as a CSV or JSONL row:
 * - `session_id`: text; frames of a session are correlated, so regression tests compare sessions.
 * - `device`: headset, e.g. quest-3, quest-pro, pico-4, index.
 * - `build`: the app build, a semantic version (1.5.0); builds are ordered by it.
 * - `timestamp`: epoch milliseconds or ISO-8601.
 * - `refresh_hz`: the display's target refresh rate; the frame budget is 1000 / refresh_hz ms.
 * - `frame_time_ms`: time the app took to render the frame.
 * - `dropped`: display refreshes missed before this frame was shown (0 when on time).
 * - `motion_to_photon_ms`: optional; latency probes usually sample only some frames.
 */
export const FRAME_SAMPLE_FIELDS = {
  session_id: { type: 'string' },
  device: { type: 'string' },
  build: { type: 'string' },
  timestamp: { type: 'timestamp' },
  refresh_hz: { type: 'number', min: 30, max: 1000 },
  frame_time_ms: { type: 'number', min: 0, max: 600_000 },
  dropped: { type: 'integer', min: 0 },
  motion_to_photon_ms: { type: 'number', min: 0, max: 600_000, optional: true },
} as const;

export type FrameSample = RowOf<typeof FRAME_SAMPLE_FIELDS>;

export const FRAME_SAMPLE_COLUMNS = Object.keys(FRAME_SAMPLE_FIELDS) as readonly (keyof FrameSample)[];

/**
 * Raw rows → frame samples: parseRows for the fields, plus the build must be a semantic version
 * (checked once per distinct build), so a bad row is rejected naming file, line and field.
 */
export function parseFrameSamples(id: string): Operator<RawRecord, FrameSample> {
  const rows = parseRows(id, FRAME_SAMPLE_FIELDS);
  const validBuilds = new Set<string>();
  return {
    id,
    process(record, out) {
      const value = record.value;
      const build = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['build'] : undefined;
      if (typeof build === 'string' && build !== '' && !validBuilds.has(build)) {
        if (validSemver(build) !== build) {
          out.reject(value, { code: 'bad_field', field: 'build', message: `field "build": expected a semantic version such as 1.5.0, got ${JSON.stringify(build)}` }, record.origin);
          return;
        }
        validBuilds.add(build);
      }
      rows.process(record, out);
    },
  };
}
