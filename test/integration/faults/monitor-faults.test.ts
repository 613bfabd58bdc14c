import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxDB } from '@influxdata/influxdb-client';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, startCli, type CliRun } from '../../helpers/cli.js';
import { createInfluxBucket, testServers, uniqueName } from '../../helpers/servers.js';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../../helpers/smtp-server.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';

/**
 * Fault injection against the real servers: the `riskwatch run monitor` command on a Kafka topic,
 * writing events to InfluxDB and alert e-mails to an SMTP server, is crashed (kill -9), has its
 * broker restarted, its InfluxDB cut off and its SMTP server stopped mid-run. Each faulty run must
 * end with exactly what an uninterrupted run of the same ticks produced: the same events in
 * InfluxDB, the same e-mails, none twice.
 *
 * One partition: a restarted consumer then reads the ticks in the order the first one did, so
 * alert decisions (which depend on the order symbols interleave in) can be compared exactly.
 */
const MARKET = { seed: 7, symbols: 12, maxTicks: 40_000 };
const TICKS = MARKET.maxTicks;
const SMTP_DELAY_MS = 250;

interface RunResult {
  /** Events stored in InfluxDB, one line each: time, symbol, detector, severity, score. */
  readonly events: string[];
  /** Accepted e-mails. */
  readonly mails: readonly ReceivedMail[];
  /** Message-IDs of every transfer the SMTP server saw (refused ones too). */
  readonly transfers: readonly string[];
}

const servers = testServers();
let admin: Admin;
let workDir: string;
let topic: string;
let labelled: number;
let lastTickTs: number;
let reference: RunResult;
const cleanups: (() => Promise<unknown>)[] = [];

async function connectAdmin(): Promise<Admin> {
  const client = new Kafka({ clientId: 'riskwatch-faults-test', brokers: servers.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
  await client.connect();
  return client;
}

/**
 * The group's committed offset. A request that has not answered in 5 s gets a new admin client:
 * after a broker restart, kafkajs' admin can wait on a dead connection for minutes.
 */
async function committed(groupId: string): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 5000)));
  const answer = await Promise.race([admin.fetchOffsets({ groupId, topics: [topic] }), timeout]).finally(() => clearTimeout(timer));
  if (answer === undefined) {
    const stuck = admin;
    void stuck.disconnect().catch(() => undefined);
    admin = await connectAdmin();
    return committed(groupId);
  }
  const offset = Number(answer[0]?.partitions[0]?.offset ?? -1);
  return offset < 0 ? 0 : offset;
}

/** Waits until the group's committed offset (only ever a checkpointed one) reaches `offset`. */
async function committedAtLeast(groupId: string, offset: number, timeoutMs: number, run?: CliRun): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await committed(groupId)) >= offset) return;
    if (run !== undefined && run.child.exitCode !== null) throw new Error(`monitor exited (${run.child.exitCode}) before offset ${offset}:\n${run.stderr}`);
    if (Date.now() > deadline) throw new Error(`group ${groupId} committed ${await committed(groupId)} < ${offset} after ${timeoutMs} ms:\n${run?.stderr ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Setup {
  readonly dir: string;
  readonly groupId: string;
  readonly bucket: string;
  readonly smtp: TestSmtpServer;
}

async function setUp(name: string, influxUrl = servers.influxUrl): Promise<Setup> {
  const dir = await mkdtemp(join(workDir, `${name}-`));
  const groupId = uniqueName(`rw_${name}`);
  const bucket = await createInfluxBucket(servers.influxUrl, uniqueName(`rw_${name}`));
  // A relay that takes a while per e-mail: the monitor waits for its alerts, so a run lasts a few
  // seconds and each fault lands mid-stream.
  const smtp = await startSmtpServer({ replyDelayMs: SMTP_DELAY_MS });
  cleanups.push(() => smtp.stop());
  const config = {
    source: { kind: 'kafka', topic, groupId, sessionTimeoutMs: 6000, heartbeatIntervalMs: 500, kafka: { brokers: servers.kafkaBrokers } },
    checkpoint: { intervalMs: 500, enabled: process.env['MUTATE_NO_CHECKPOINT'] !== name },
    influx: { enabled: true, url: influxUrl, bucket, token: 'user:password', org: '', attempts: 2, spoolRetryMs: 500 },
    alerts: { transport: { kind: 'smtp', host: smtp.host, port: smtp.port }, retry: { attempts: 2, initialDelayMs: 100, maxDelayMs: 200 } },
    output: { console: false },
  };
  await writeFile(join(dir, 'monitor.yaml'), JSON.stringify(config)); // JSON is YAML
  return { dir, groupId, bucket, smtp };
}

function startMonitor(setup: Setup): CliRun {
  const run = startCli(['run', 'monitor', '--config', 'monitor.yaml'], setup.dir);
  cleanups.push(async () => {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await run.exited;
  });
  return run;
}

/** Stops a monitor that has checkpointed every tick, the way an operator would (SIGTERM). */
async function stopWhenCaughtUp(setup: Setup, run: CliRun, timeoutMs = 90_000): Promise<void> {
  await committedAtLeast(setup.groupId, TICKS, timeoutMs, run);
  run.child.kill('SIGTERM');
  expect(await run.exited, run.stderr).toBe(0);
}

async function storedEvents(bucket: string): Promise<string[]> {
  const rows = await new InfluxDB({ url: servers.influxUrl, token: 'user:password' }).getQueryApi('').collectRows<Record<string, unknown>>(`
    import "influxdata/influxdb/v1"
    from(bucket: "${bucket}")
      |> range(start: 2000-01-01T00:00:00Z)
      |> filter(fn: (r) => r._measurement == "riskwatch_events")
      |> v1.fieldsAsCols()
      |> group()`);
  return rows.map((r) => `${String(r['_time'])} ${String(r['symbol'])} ${String(r['detector'])} ${String(r['severity'])} ${String(r['score'])}`).sort();
}

function result(setup: Setup, events: string[]): RunResult {
  return { events, mails: [...setup.smtp.messages], transfers: [...setup.smtp.transferMessageIds] };
}

/** E-mails decided while ticks were being read (on their event time), by Message-ID: the same in every run. */
function decidedDuringTheTicks(mails: readonly ReceivedMail[]): string[] {
  return mails.filter((mail) => Date.parse(String(mail.headers.get('x-riskwatch-decided-at'))) <= lastTickTs).map((mail) => `${mail.messageId} ${mail.subject}`).sort();
}

function duplicates(ids: readonly string[]): string[] {
  return ids.filter((id, index) => ids.indexOf(id) !== index);
}

/** How long before a kill -9 an e-mail may have been accepted and still not be recorded as sent. */
const IN_FLIGHT_MS = 500;

/**
 * The checks every faulty run must pass against the uninterrupted one; returns the figures for the
 * log. The one repeat allowed (`killedAt`) is an e-mail the relay accepted in the instant before
 * the sender was killed, before it could record it as sent: sent again after the restart, under
 * the same Message-ID.
 */
function expectSameAsReference(run: RunResult, killedAt?: number): string {
  expect(run.events).toEqual(reference.events);
  const firstCopies = run.mails.filter((mail, index) => run.mails.findIndex((other) => other.messageId === mail.messageId) === index);
  expect(decidedDuringTheTicks(firstCopies)).toEqual(decidedDuringTheTicks(reference.mails));
  const repeated = duplicates(run.mails.map((mail) => mail.messageId));
  for (const id of repeated) {
    const first = firstCopies.find((mail) => mail.messageId === id)!;
    expect(killedAt !== undefined && first.acceptedAt >= killedAt - IN_FLIGHT_MS, `${id} ${first.subject} sent twice`).toBe(true);
  }
  expect(new Set(repeated).size).toBe(repeated.length); // never three times
  const expectedMails = decidedDuringTheTicks(reference.mails).length;
  const repeats = repeated.length === 0 ? 'none twice' : `${repeated.length} repeated under the same Message-ID: accepted by the relay in the instant before the kill`;
  return (
    `${TICKS} ticks (${labelled} labelled anomalies); events expected ${reference.events.length}, found ${run.events.length}; ` +
    `e-mails expected ${expectedMails}, delivered ${decidedDuringTheTicks(firstCopies).length} (${run.mails.length} in all, ${repeats})`
  );
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'riskwatch-faults-'));
  topic = uniqueName('rw_faults');
  admin = await connectAdmin();
  const produce = await runCli(
    ['produce', '--from', 'simulator', '--topic', topic, '--partitions', '1', '--brokers', servers.kafkaBrokers[0]!, '--symbols', String(MARKET.symbols), '--seed', String(MARKET.seed), '--max-ticks', String(TICKS)],
    workDir,
  );
  expect(produce.code, produce.stderr).toBe(0);
  const labels = (await readFile(join(workDir, '.riskwatch', 'labels.jsonl'), 'utf8')).trim().split('\n');
  labelled = labels.length;
  lastTickTs = Date.parse(/last committed\s+simulator#\d+@(\S+)/.exec(produce.stderr)?.[1] ?? '');
  expect(lastTickTs).toBeGreaterThan(0);

  // The uninterrupted run every faulty one is held to.
  const setup = await setUp('reference');
  await stopWhenCaughtUp(setup, startMonitor(setup));
  reference = result(setup, await storedEvents(setup.bucket));
  expect(reference.events.length).toBeGreaterThan(20);
  expect(decidedDuringTheTicks(reference.mails).length).toBeGreaterThan(10);
  expect(duplicates(reference.transfers)).toEqual([]);
  console.info(`fault reference: ${TICKS} ticks, ${labelled} labelled anomalies, ${reference.events.length} events, ${reference.mails.length} e-mails (${decidedDuringTheTicks(reference.mails).length} decided during the ticks)`);
}, 180_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await admin?.disconnect();
});

describe('fault injection on the monitor (real Kafka, InfluxDB and SMTP)', () => {
  it('kill -9 halfway and restart: exactly the events and e-mails of an uninterrupted run, none twice but in-flight ones', async () => {
    const setup = await setUp('kill');
    const first = startMonitor(setup);
    // About halfway through the alerts: killed with e-mails and events still to come.
    const half = Math.ceil(decidedDuringTheTicks(reference.mails).length / 2);
    await setup.smtp.waitForMessages(half, 90_000);
    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe(null);
    const killedAtOffset = await committed(setup.groupId);
    expect(killedAtOffset).toBeLessThan(TICKS); // killed mid-stream, with ticks left to read
    const mailsBeforeRestart = setup.smtp.messages.length;

    const second = startMonitor(setup);
    await stopWhenCaughtUp(setup, second);
    const run = result(setup, await storedEvents(setup.bucket));
    // The event log was cut back to the checkpoint before the ticks after it were read again.
    const logged = (await readFile(join(setup.dir, '.riskwatch', 'events.jsonl'), 'utf8')).trim().split('\n');
    expect(duplicates(logged)).toEqual([]);
    expect(logged).toHaveLength(reference.events.length);
    console.info(`fault kill -9 at offset ${killedAtOffset} (${mailsBeforeRestart} e-mails before): ${expectSameAsReference(run, killedAt)}`);
    expect(second.stderr).not.toContain('not restored');
  }, 180_000);

  it('Kafka broker restarted mid-run: the run completes with every event and e-mail, none twice', async () => {
    const setup = await setUp('broker');
    const monitor = startMonitor(setup);
    await committedAtLeast(setup.groupId, TICKS / 3, 60_000, monitor);
    const mailsBefore = setup.smtp.messages.length;
    const restart = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn('bash', [join(REPO_ROOT, 'scripts', 'servers', 'kafka.sh'), 'restart'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, KAFKA_START_TIMEOUT: '60' },
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', (code) => resolve({ code, output }));
    });
    expect(restart.code, restart.output).toBe(0);
    await stopWhenCaughtUp(setup, monitor, 60_000);
    const run = result(setup, await storedEvents(setup.bucket));
    // Mid-stream: e-mails were still to come when the broker went down.
    expect(mailsBefore).toBeLessThan(decidedDuringTheTicks(reference.mails).length);
    console.info(`fault broker restart (${mailsBefore} e-mails before it): ${expectSameAsReference(run)}`);
  }, 180_000);

  it('InfluxDB unreachable for a stretch of the run: every event is there afterwards, once', async () => {
    const proxy: TcpProxy = await startTcpProxy(servers.influxUrl);
    cleanups.push(() => proxy.close());
    const setup = await setUp('influx', proxy.url);
    const monitor = startMonitor(setup);
    await committedAtLeast(setup.groupId, TICKS / 3, 90_000, monitor);
    proxy.cut();
    await committedAtLeast(setup.groupId, (2 * TICKS) / 3, 90_000, monitor);
    // Down for at least three seconds, well past the writes' retries: the lines are spooled.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const spooled = await spooledEventLines(join(setup.dir, '.riskwatch', 'influx-spool'));
    expect(spooled).toBeGreaterThan(0);
    proxy.restore();
    await committedAtLeast(setup.groupId, TICKS, 90_000, monitor);
    await waitForEvents(setup.bucket, reference.events.length, 30_000);
    monitor.child.kill('SIGTERM');
    expect(await monitor.exited, monitor.stderr).toBe(0);
    const run = result(setup, await storedEvents(setup.bucket));
    console.info(`fault influx outage (${spooled} event lines spooled while it was down): ${expectSameAsReference(run)}`);
  }, 180_000);

  it('SMTP server down for a stretch of the run: the e-mails arrive once it is back, none twice', async () => {
    const setup = await setUp('smtp');
    const monitor = startMonitor(setup);
    await committedAtLeast(setup.groupId, TICKS / 3, 90_000, monitor);
    await setup.smtp.pause();
    const whileDown = setup.smtp.messages.length;
    await committedAtLeast(setup.groupId, (2 * TICKS) / 3, 90_000, monitor);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(setup.smtp.messages.length).toBe(whileDown);
    await setup.smtp.resume();
    // Stopping tries the deferred e-mails once more, as the 30 s redelivery timer would.
    await stopWhenCaughtUp(setup, monitor);
    const run = result(setup, await storedEvents(setup.bucket));
    console.info(`fault smtp outage (${whileDown} e-mails before it): ${expectSameAsReference(run)}`);
  }, 180_000);
});

async function waitForEvents(bucket: string, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let found = 0;
  while (Date.now() < deadline) {
    found = (await storedEvents(bucket)).length;
    if (found >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${found} of ${count} events in ${bucket} after ${timeoutMs} ms`);
}

/** Event lines waiting in the InfluxDB spool (segment files of line protocol, a folder per bucket). */
async function spooledEventLines(dir: string): Promise<number> {
  const files = (await readdir(dir, { recursive: true }).catch(() => [] as string[])).filter((file) => file.endsWith('.lp'));
  let lines = 0;
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8').catch(() => '');
    lines += text.split('\n').filter((line) => line.startsWith('riskwatch_events,')).length;
  }
  return lines;
}
