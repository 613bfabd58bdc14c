import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AnomalyLabel } from './anomaly-label.js';

/**
 * Writes the simulator's injected anomalies (the ground truth) as JSONL as they happen.
 * Labels are rare (a few a minute), so a synchronous append is simpler than a second sink.
 */
export class LabelFile {
  written = 0;
  constructor(
    readonly path: string,
    options: { readonly append: boolean },
  ) {
    mkdirSync(dirname(path), { recursive: true });
    if (!options.append) writeFileSync(path, '');
  }
  readonly write = (label: AnomalyLabel): void => {
    appendFileSync(this.path, JSON.stringify(label) + '\n');
    this.written++;
  };
}
