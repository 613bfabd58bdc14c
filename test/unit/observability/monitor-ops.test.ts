import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { monitorPipeline } from '../../../pipelines/monitor/index.js';
import { validateConfig } from '../../../src/config/validate-config.js';
import { runPipeline } from '../../../src/core/runner.js';
import { testEnvironment } from '../../helpers/environment.js';

const T = Date.UTC(2026, 0, 5, 14, 30);

describe('monitor ops endpoints', () => {
  it('serve health, readiness and metrics for a monitor run on a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riskwatch-ops-'));
    const ticks = [
      `{"symbol":"ACME","ts":${T},"price":10,"size":100}`,
      'not a tick', // rejected by the file source itself: a dead letter, not a record in
      `{"symbol":"ACME","ts":${T + 1000},"price":"bad","size":100}`, // rejected by the decoder
      `{"symbol":"ACME","ts":${T + 2000},"price":10.1,"size":100}`,
    ];
    writeFileSync(join(dir, 'ticks.jsonl'), `${ticks.join('\n')}\n`);
    const options = validateConfig(
      { source: { kind: 'file', path: 'ticks.jsonl' }, alerts: { enabled: false }, output: { console: false }, ops: { enabled: true, port: 0 } },
      'test',
      monitorPipeline.options,
    );
    // Port 0 binds any free port; the server logs the address it got.
    const logs: { msg: string; url?: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as { msg: string; url?: string }) });
    const env = { ...testEnvironment(dir), logger };
    const prepared = await monitorPipeline.prepare(options, env);
    const url = logs.find((log) => log.msg.startsWith('ops server listening'))?.url;
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ ready: false, reasons: ['pipeline: not started'] });

      const summary = await runPipeline(prepared.pipeline, { ...prepared.runOptions, clock: env.clock });
      expect(summary.recordsIn).toBe(3);

      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true, reasons: [] });
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toContain('riskwatch_ticks_in_total 3\n');
      expect(metrics).toContain('riskwatch_events_out_total 0\n');
      // One sample per reason code in the dead-letter file, with its count.
      const byCode = new Map<string, number>();
      for (const line of readFileSync(join(dir, '.riskwatch/dead-letters.jsonl'), 'utf8').trim().split('\n')) {
        const code = (JSON.parse(line) as { reason: { code: string } }).reason.code;
        byCode.set(code, (byCode.get(code) ?? 0) + 1);
      }
      expect([...byCode.values()].reduce((a, b) => a + b)).toBe(2);
      for (const [code, count] of byCode) expect(metrics).toContain(`riskwatch_dead_letters_total{reason="${code}"} ${count}\n`);
      expect(metrics).toContain('riskwatch_last_commit_age_seconds 0\n');
      expect(metrics).not.toContain('riskwatch_alerts_');
    } finally {
      await prepared.dispose?.();
    }
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
