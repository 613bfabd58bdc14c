import { join } from 'node:path';
import { z } from 'zod';
import { transportConfigSchema } from '../../src/alerting/mailer.js';
import { PACKAGE_ROOT } from '../../src/app/package-root.js';
import { detectorsConfigSchema } from '../../src/detectors/registry.js';
import { fileSourceOptionsSchema } from '../../src/sources/file-source.js';
import { simulatorOptionsSchema } from '../../src/sources/simulator/simulator-options.js';

/** Where ticks come from: the built-in market simulator (default) or a CSV/JSONL file. */
export const monitorSourceSchema = z.preprocess(
  // `kind` may be left out for the simulator, so `--set source.symbols=200` just works.
  (value) => (typeof value === 'object' && value !== null && !('kind' in value) ? { kind: 'simulator', ...value } : value),
  z.discriminatedUnion('kind', [
    simulatorOptionsSchema.extend({ kind: z.literal('simulator') }),
    fileSourceOptionsSchema.extend({ kind: z.literal('file') }),
  ]),
);

/**
 * Options of the streaming monitor: the `--config` file's contents. Every key has a default,
 * so an empty file (or none) runs the simulated market on the embedded default.
 */
export const monitorOptionsSchema = z.strictObject({
  source: monitorSourceSchema.prefault({ kind: 'simulator' }),
  detectors: detectorsConfigSchema.prefault({}),
  alerts: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Rules file; templates are read from `templates/` beside it. */
      rules: z.string().min(1).default(join(PACKAGE_ROOT, 'alerts', 'rules.yaml')),
      transport: transportConfigSchema.prefault({ kind: 'outbox' }),
    })
    .prefault({}),
  output: z
    .strictObject({
      /** A readable line per flagged event on stdout. */
      console: z.boolean().default(true),
      /** Every flagged event as JSON, one per line. */
      events: z.string().min(1).default('.riskwatch/events.jsonl'),
      /** Every rejected record, with the reason. */
      deadLetters: z.string().min(1).default('.riskwatch/dead-letters.jsonl'),
      /** The simulator's injected anomalies (ground truth), one JSON per line. */
      labels: z.string().min(1).default('.riskwatch/labels.jsonl'),
    })
    .prefault({}),
});

export type MonitorOptions = z.output<typeof monitorOptionsSchema>;
