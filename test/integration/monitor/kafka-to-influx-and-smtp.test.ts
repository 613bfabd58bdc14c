import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxDB } from '@influxdata/influxdb-client';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorPipeline } from '../../../pipelines/monitor/index.js';
import { producePipeline } from '../../../pipelines/produce/index.js';
import { createAlertDecider, type Alert } from '../../../src/alerting/decide.js';
import { loadAlertTemplates } from '../../../src/alerting/render.js';
import { parseAlertRules } from '../../../src/alerting/rules.js';
import { validateConfig } from '../../../src/config/validate-config.js';
import { runPipeline } from '../../../src/core/runner.js';
import { createDetectOperator } from '../../../src/detectors/detect-operator.js';
import { buildDetectors, buildEnsemble } from '../../../src/detectors/registry.js';
import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import { simulatorSource } from '../../../src/sources/simulator/simulator-source.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { testEnvironment } from '../../helpers/environment.js';
import { createInfluxBucket, testServers, uniqueName } from '../../helpers/servers.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp-server.js';
import { drain } from '../../unit/sources/helpers.js';

// A small market with frequent anomalies, so a few thousand ticks give events of every detector.
const MARKET = { seed: 17, symbols: 8, maxTicks: 6000, anomalies: { perSymbolHour: 120, warmupTicks: 120 } };
const RULES = `
cooldown: 2m
from: "riskwatch <riskwatch@localhost>"
rules:
  - name: critical
    match: { severity: [critical] }
    to: [risk-desk@example.com]
  - name: the-rest
    match: {}
    to: [surveillance@example.com, risk-desk@example.com]
`;

/** What the detectors flag on the simulated ticks, computed in memory: the expected outcome. */
async function expectedEvents(): Promise<{ ticks: readonly Tick[]; events: AnomalyEvent[] }> {
  const ticks = (await drain(simulatorSource({ ...MARKET, mode: 'fast' }))).records;
  const detectors = buildDetectors({});
  const detect = createDetectOperator(detectors, { ensemble: buildEnsemble({}, detectors) });
  const events: AnomalyEvent[] = [];
  const out = { emit: (event: AnomalyEvent) => void events.push(event), reject: () => undefined, side: () => undefined };
  for (const tick of ticks) detect.process(tick, out);
  return { ticks, events };
}

describe('monitor on real servers: Kafka → detectors → InfluxDB + SMTP', () => {
  const { kafkaBrokers, influxUrl } = testServers();
  const topic = uniqueName('ticks');
  const groupId = uniqueName('riskwatch');
  const kafka = new Kafka({ clientId: 'riskwatch-test', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  let smtp: TestSmtpServer;
  let bucket: string;
  let dir: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    bucket = await createInfluxBucket(influxUrl, uniqueName('rw'));
    dir = await mkdtemp(join(tmpdir(), 'riskwatch-it-'));
    // This test's rules (two routes, two recipients) beside the shipped templates.
    await writeFile(join(dir, 'rules.yaml'), RULES);
    await symlink(join(REPO_ROOT, 'alerts', 'templates'), join(dir, 'templates'));
  });
  afterAll(async () => {
    await smtp?.stop();
  });

  it('flags, stores and e-mails exactly what the detectors find, and commits to the end of the topic', async () => {
    const env = testEnvironment(dir);
    const expected = await expectedEvents();
    expect(expected.events.length).toBeGreaterThan(10);
    expect(new Set(expected.events.map((e) => e.detector)).size).toBeGreaterThanOrEqual(3);

    // 1. Load the simulated ticks into a 12-partition topic with the producer pipeline.
    const produceOptions = { source: { kind: 'simulator', mode: 'fast', ...MARKET }, to: { topic, partitions: 12, kafka: { brokers: kafkaBrokers } } };
    const producer = await producePipeline.prepare(validateConfig(produceOptions, 'produce', producePipeline.options), env);
    const produced = await runPipeline(producer.pipeline);
    expect(produced.recordsOut).toBe(expected.ticks.length);

    // 2. Run the monitor from Kafka until the group's committed offsets reach the end of the topic.
    const monitorOptions = {
      source: { kind: 'kafka', topic, groupId, kafka: { brokers: kafkaBrokers } },
      influx: { enabled: true, url: influxUrl, bucket, token: 'user:password', org: '' },
      alerts: {
        rules: join(dir, 'rules.yaml'),
        transport: { kind: 'smtp', host: smtp.host, port: smtp.port },
        retry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 200 },
      },
      output: { console: false, events: join(dir, 'events.jsonl'), deadLetters: join(dir, 'dead.jsonl'), labels: join(dir, 'labels.jsonl') },
    };
    const monitor = await monitorPipeline.prepare(validateConfig(monitorOptions, 'monitor', monitorPipeline.options), env);
    const controller = new AbortController();
    const running = runPipeline(monitor.pipeline, { ...monitor.runOptions, signal: controller.signal, commitIntervalMs: 200 });
    let failure: unknown;
    running.catch((error: unknown) => (failure = error));
    const admin = kafka.admin();
    await admin.connect();
    try {
      const end = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.offset]));
      const deadline = Date.now() + 90_000;
      for (;;) {
        // The group's coordinator may still be loading right after the group starts: ask again.
        const committed = await admin.fetchOffsets({ groupId, topics: [topic] }).catch(() => undefined);
        const partitions = committed?.[0]?.partitions ?? [];
        // An empty partition has nothing to commit (-1).
        const atEnd = (p: { partition: number; offset: string }): boolean => p.offset === end.get(p.partition) || (p.offset === '-1' && end.get(p.partition) === '0');
        if (partitions.length === end.size && partitions.every(atEnd)) break;
        if (failure !== undefined) throw failure;
        if (Date.now() > deadline) throw new Error(`consumer did not reach the end: ${JSON.stringify(partitions)} vs ${JSON.stringify([...end])}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await admin.disconnect();
    }
    controller.abort();
    const summary = await running;
    await monitor.dispose?.();
    expect(summary.recordsIn).toBe(expected.ticks.length);
    expect(summary.deadLetters).toBe(0);

    // 3. InfluxDB holds exactly the expected events, field for field.
    const rows = await new InfluxDB({ url: influxUrl, token: 'user:password' }).getQueryApi('').collectRows<Record<string, unknown>>(`
      import "influxdata/influxdb/v1"
      from(bucket: "${bucket}")
        |> range(start: 2000-01-01T00:00:00Z)
        |> filter(fn: (r) => r._measurement == "riskwatch_events")
        |> v1.fieldsAsCols()
        |> group()
        |> sort(columns: ["_time", "symbol", "detector"])`);
    const stored = rows.map((r) => ({
      ts: Date.parse(String(r['_time'])),
      symbol: r['symbol'],
      detector: r['detector'],
      severity: r['severity'],
      score: r['score'],
      reason: r['reason'],
    }));
    const want = expected.events
      .map((e) => ({ ts: e.ts, symbol: e.symbol, detector: e.detector, severity: e.severity, score: e.score, reason: e.reason }))
      .sort((a, b) => a.ts - b.ts || a.symbol.localeCompare(b.symbol) || a.detector.localeCompare(b.detector));
    expect(stored).toEqual(want);

    // 4. The SMTP server received exactly the e-mails the rules call for, rendered and escaped as ours.
    const decider = createAlertDecider(parseAlertRules(RULES, 'rules.yaml'));
    const alerts = [...expected.events].sort((a, b) => a.ts - b.ts).map((e) => decider.decide(e)).filter((d): d is Alert => d.outcome === 'alert');
    const templates = await loadAlertTemplates(join(REPO_ROOT, 'alerts', 'templates'));
    const mails = await smtp.waitForMessages(alerts.length, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.messages.length).toBe(alerts.length);
    const bySubject = new Map(mails.map((m) => [m.subject, m]));
    for (const alert of alerts) {
      const rendered = templates.render(alert);
      const mail = bySubject.get(rendered.subject);
      expect(mail, `e-mail "${rendered.subject}"`).toBeDefined();
      expect([...mail!.to].sort()).toEqual([...alert.to].sort());
      expect(mail!.html.trim()).toBe(rendered.html.trim());
      expect(mail!.html).not.toMatch(/<script/i);
    }
  });
});
