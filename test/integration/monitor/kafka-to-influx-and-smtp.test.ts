import { createHash } from 'node:crypto';
import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxDB } from '@influxdata/influxdb-client';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorPipeline } from '../../../pipelines/monitor/index.js';
import { monitorOptionsSchema, type MonitorOptions } from '../../../pipelines/monitor/monitor-options.js';
import { producePipeline } from '../../../pipelines/produce/index.js';
import { loadAlertingConfig, rulesVersionOf } from '../../../src/alerting/config/alerting-config.js';
import type { Notification } from '../../../src/alerting/model/notification.js';
import { rehearseAlerts } from '../../../src/alerting/plan/rehearsal.js';
import { displayLabel, displayLevel } from '../../../src/alerting/render/level-style.js';
import { validateConfig } from '../../../src/config/validate-config.js';
import { runPipeline } from '../../../src/core/runner.js';
import type { RunSummary } from '../../../src/core/run-stats.js';
import { createDetectOperator } from '../../../src/detectors/detect-operator.js';
import { buildDetectors, buildEnsemble } from '../../../src/detectors/registry.js';
import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import { simulatorSource } from '../../../src/sources/simulator/simulator-source.js';
import { createRecordOrigin } from '../../../src/ticks/record-origin.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { testEnvironment } from '../../helpers/environment.js';
import { createInfluxBucket, testServers, uniqueName } from '../../helpers/servers.js';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../../helpers/smtp-server.js';
import { drain } from '../../unit/sources/helpers.js';

// A small market with frequent anomalies, so a few thousand ticks give events of several detectors.
const MARKET = { seed: 17, symbols: 8, maxTicks: 6000, anomalies: { perSymbolHour: 120, warmupTicks: 120 } };

/**
 * The monitor's engine time is event time (the test environment's wall clock stands still, so no
 * wall time is carried in), and only moves forward: it is the highest tick time read so far. With
 * 12 partitions fetched a partition batch at a time while catching up a backlog, the events of a
 * partition that lags are handled at the engine's later time (per-partition watermarks with an
 * allowed lateness are the reliability issue's), while the rehearsal reads one time-ordered file.
 * So only decisions that do not depend on when within the run an event is handled can be compared
 * exactly; these rules keep to them: groupWait, groupInterval and resolveAfter longer than the run
 * (about 2.5 minutes of event time), so nothing is sent and nothing resolves while it runs, and
 * each group's one e-mail goes out when the monitor stops (`close` drains the groups). Levels only
 * rise within the run, so each alert's final level is the highest its events reached, whatever the
 * order in which symbols interleave; each symbol's own events come in the same order on both sides
 * (one symbol = one partition). The rehearsal runs with afterMs 0 and is drained at its last tick.
 */
const RULES = `
from: "riskwatch <riskwatch@localhost>"
state:
  resolveAfter: 1h
receivers:
  - name: risk-desk
    to: [risk-desk@example.com]
  - name: surveillance
    to: [surveillance@example.com, risk-desk@example.com]
route:
  receiver: risk-desk
  groupBy: [symbol]
  groupWait: 1h
  groupInterval: 1h
  repeatInterval: 0s
  routes:
    - name: quotes
      match: { detectors: [crossed-quote, spread-blowout, volume-spike] }
      receiver: surveillance
      continue: true
    - name: desk
      match: {}
inhibit:
  - name: stale-feed-mutes-symbol
    source: { detectors: [stale-feed] }
    target: {}
    equal: [symbol]
`;

/** Each symbol's ticks' Kafka positions (`topic[partition]@offset`), in order, read back from the topic. */
async function tickPositions(kafka: Kafka, topic: string, count: number): Promise<Map<string, string[]>> {
  const consumer = kafka.consumer({ groupId: uniqueName('positions'), maxWaitTimeInMs: 100 });
  const seen: { symbol: string; partition: number; offset: bigint }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${seen.length} of ${count} ticks back from ${topic}`)), 60_000);
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            seen.push({ symbol: message.key?.toString('utf8') ?? '', partition, offset: BigInt(message.offset) });
            if (seen.length !== count) return;
            clearTimeout(timer);
            resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  seen.sort((a, b) => a.partition - b.partition || (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
  const positions = new Map<string, string[]>();
  for (const { symbol, partition, offset } of seen) {
    const list = positions.get(symbol) ?? [];
    list.push(`${topic}[${partition}]@${offset}`);
    positions.set(symbol, list);
  }
  return positions;
}

/** What the monitor's detectors flag on `ticks`, with the evidence it attaches (input positions from Kafka). */
function expectedEvents(ticks: readonly Tick[], options: MonitorOptions, positions: ReadonlyMap<string, readonly string[]>, rulesVersion: string): AnomalyEvent[] {
  const detectors = buildDetectors(options.detectors);
  const origin = createRecordOrigin();
  const detect = createDetectOperator(detectors, { ensemble: buildEnsemble(options.detectors, detectors), evidence: { origin, rulesVersion } });
  const events: AnomalyEvent[] = [];
  const out = { emit: (event: AnomalyEvent) => void events.push(event), reject: () => undefined, side: () => undefined };
  const next = new Map<string, number>();
  for (const tick of ticks) {
    const index = next.get(tick.symbol) ?? 0;
    next.set(tick.symbol, index + 1);
    origin.current = positions.get(tick.symbol)?.[index];
    detect.process(tick, out);
  }
  return events;
}

/** What an e-mail or a notification is about: route, recipients, and each alert's key, level and event. */
function decision(route: string, to: readonly string[], alerts: readonly string[]): string {
  return `${route} → ${[...to].sort().join(',')}: ${alerts.join('; ')}`;
}

function decidedBy(n: Notification): string {
  return decision(
    n.route,
    n.to,
    n.alerts.map((alert) => `${alert.key} ${displayLabel(displayLevel(alert))} ${alert.event.id}`),
  );
}

/** Read back from the e-mail itself: headers, and the alerts as its text part lists them. */
function mailDecision(mail: ReceivedMail): { decision: string; alerts: number; notificationId: string | undefined } {
  const alerts = [...mail.text.matchAll(/^== (\S+) (\S+) (\S+) \(.*\)$[\s\S]*?^ {2}Event id +(\S+)$/gm)].map(
    ([, level, symbol, detector, eventId]) => `${symbol}|${detector} ${level} ${eventId}`,
  );
  return {
    decision: decision(String(mail.headers.get('x-riskwatch-route')), mail.to, alerts),
    alerts: alerts.length,
    notificationId: /^Rules version \S+, notification (\S+)$/m.exec(mail.text)?.[1],
  };
}

interface MonitorRun {
  readonly ticks: readonly Tick[];
  readonly options: MonitorOptions;
  readonly summary: RunSummary;
  readonly positions: ReadonlyMap<string, readonly string[]>;
}

describe('monitor on real servers: Kafka → detectors → InfluxDB + SMTP', () => {
  const { kafkaBrokers, influxUrl } = testServers();
  const topic = uniqueName('ticks');
  const groupId = uniqueName('riskwatch');
  const kafka = new Kafka({ clientId: 'riskwatch-test', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const rulesVersion = rulesVersionOf(RULES);
  let smtp: TestSmtpServer;
  let bucket: string;
  let dir: string;
  let run: MonitorRun;

  /** Produces the simulated ticks to a 12-partition topic and runs the monitor on them until it has committed them all. */
  async function runMonitor(): Promise<MonitorRun> {
    const env = testEnvironment(dir);
    const ticks = (await drain(simulatorSource({ ...MARKET, mode: 'fast' }))).records;
    await writeFile(join(dir, 'ticks.jsonl'), ticks.map((tick) => `${JSON.stringify(tick)}\n`).join(''));

    const produceOptions = { source: { kind: 'simulator', mode: 'fast', ...MARKET }, to: { topic, partitions: 12, kafka: { brokers: kafkaBrokers } } };
    const producer = await producePipeline.prepare(validateConfig(produceOptions, 'produce', producePipeline.options), env);
    const produced = await runPipeline(producer.pipeline);
    expect(produced.recordsOut).toBe(ticks.length);

    const options = validateConfig(
      {
        source: { kind: 'kafka', topic, groupId, kafka: { brokers: kafkaBrokers } },
        influx: { enabled: true, url: influxUrl, bucket, token: 'user:password', org: '' },
        alerts: {
          rules: join(dir, 'rules.yaml'),
          transport: { kind: 'smtp', host: smtp.host, port: smtp.port },
          retry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 200 },
          failedAlerts: join(dir, 'failed-alerts.jsonl'),
        },
        output: { console: false, events: join(dir, 'events.jsonl'), deadLetters: join(dir, 'dead.jsonl'), labels: join(dir, 'labels.jsonl') },
        // Without checkpoints, stopping sends what waits in the groups (with them it would wait for the restart).
        checkpoint: { enabled: false },
      },
      'monitor',
      monitorOptionsSchema,
    );
    const monitor = await monitorPipeline.prepare(options, env);
    // Where each tick landed, read back meanwhile: the evidence the events must carry.
    const positions = tickPositions(kafka, topic, ticks.length);
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
    // Stopping closes the alert sink, which sends what the groups still hold and waits for it.
    controller.abort();
    const summary = await running;
    await monitor.dispose?.();
    return { ticks, options, summary, positions: await positions };
  }

  beforeAll(async () => {
    smtp = await startSmtpServer();
    bucket = await createInfluxBucket(influxUrl, uniqueName('rw'));
    dir = await mkdtemp(join(tmpdir(), 'riskwatch-it-'));
    // The test's rules beside the shipped templates, where the monitor looks for them.
    await writeFile(join(dir, 'rules.yaml'), RULES);
    await symlink(join(REPO_ROOT, 'alerts', 'templates'), join(dir, 'templates'));
    run = await runMonitor();
  });
  afterAll(async () => {
    await smtp?.stop();
  });

  it('consumes every tick and stores exactly the events the detectors find, with their evidence', async () => {
    expect(run.summary.recordsIn).toBe(run.ticks.length);
    expect(run.summary.deadLetters).toBe(0);
    const events = expectedEvents(run.ticks, run.options, run.positions, rulesVersion);
    expect(events.length).toBeGreaterThan(10);
    expect(new Set(events.map((e) => e.detector)).size).toBeGreaterThanOrEqual(3);

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
      inputFrom: r['input_from'],
      inputTo: r['input_to'],
      rulesVersion: r['rules_version'],
      quality: [r['quality_gaps'], r['quality_late'], r['quality_duplicates']],
    }));
    const want = events
      .map((e) => ({
        ts: e.ts,
        symbol: e.symbol,
        detector: e.detector,
        severity: e.severity,
        score: e.score,
        reason: e.reason,
        inputFrom: e.evidence?.input?.from,
        inputTo: e.evidence?.input?.to,
        rulesVersion,
        quality: [e.evidence?.quality.gaps, e.evidence?.quality.late, e.evidence?.quality.duplicates],
      }))
      .sort((a, b) => a.ts - b.ts || a.symbol.localeCompare(b.symbol) || a.detector.localeCompare(b.detector));
    expect(want.every((e) => /^\w+\[\d+\]@\d+$/.test(String(e.inputFrom)) && /^\w+\[\d+\]@\d+$/.test(String(e.inputTo)))).toBe(true);
    expect(stored).toEqual(want);
  });

  it('e-mails exactly the notifications the rehearsal of the same ticks with the same rules decides, each once', async () => {
    // afterMs 0 and a drain at the last tick: what the monitor's close does (see RULES).
    const rehearsal = await rehearseAlerts({
      ticksPath: join(dir, 'ticks.jsonl'),
      rules: await loadAlertingConfig(join(dir, 'rules.yaml')),
      detectors: run.options.detectors,
      afterMs: 0,
      env: testEnvironment(dir),
    });
    expect(rehearsal).toMatchObject({ ticks: run.ticks.length, rejected: 0 });
    const notifications = [
      ...rehearsal.entries.flatMap((entry) => (entry.kind === 'notification' ? [entry.notification] : [])),
      ...rehearsal.engine.drain(rehearsal.lastTs),
    ];
    // The rules' paths all show up: both routes and an inhibition; every e-mail is a group's one
    // e-mail, sent at the close (see RULES).
    expect(new Set(notifications.map((n) => n.route))).toEqual(new Set(['quotes', 'desk']));
    expect(new Set(notifications.map((n) => n.reason))).toEqual(new Set(['new']));
    expect(rehearsal.entries.filter((entry) => entry.kind === 'notification')).toEqual([]);
    expect(rehearsal.entries.some((entry) => entry.kind === 'quiet' && entry.decision.kind === 'inhibited')).toBe(true);

    const mails = smtp.messages.map(mailDecision);
    expect(mails.map((mail) => mail.decision).sort()).toEqual(notifications.map(decidedBy).sort());
    // Every transfer was accepted once: no retry, no resend.
    expect(smtp.transfers).toBe(notifications.length);
    for (const [index, mail] of smtp.messages.entries()) {
      expect(mail.headers.get('x-riskwatch-alerts')).toBe(String(mails[index]!.alerts));
      expect(mail.headers.get('x-riskwatch-rules-version')).toBe(rulesVersion);
      expect(mail.html).not.toMatch(/<script/i);
    }
  });

  it('gives every e-mail the Message-ID sha1(notification id)', () => {
    expect(smtp.messages.length).toBeGreaterThan(0);
    for (const mail of smtp.messages) {
      const { notificationId } = mailDecision(mail);
      expect(notificationId, mail.subject).toBeDefined();
      expect(mail.messageId).toBe(`<${createHash('sha1').update(notificationId!).digest('hex')}@riskwatch>`);
    }
  });

  it('gives different notifications different Message-IDs, so no client takes one for a duplicate of another', () => {
    const byMessageId = new Map<string, string[]>();
    for (const mail of smtp.messages) byMessageId.set(mail.messageId, [...(byMessageId.get(mail.messageId) ?? []), mailDecision(mail).decision]);
    const shared = [...byMessageId].filter(([, decisions]) => decisions.length > 1);
    expect(shared).toEqual([]);
  });
});
