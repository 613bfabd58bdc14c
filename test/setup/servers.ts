import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPTS = join(import.meta.dirname, '..', '..', 'scripts', 'servers');

/** The real servers the integration tests talk to, each started by its script in scripts/servers. */
const SERVERS = [
  { name: 'kafka', env: { RISKWATCH_TEST_KAFKA_BROKERS: `127.0.0.1:${process.env['KAFKA_PORT'] ?? '19092'}` } },
  { name: 'influxdb', env: { RISKWATCH_TEST_INFLUX_URL: `http://127.0.0.1:${process.env['INFLUX_PORT'] ?? '18086'}` } },
] as const;

async function isRunning(name: string): Promise<boolean> {
  try {
    await run(join(SCRIPTS, `${name}.sh`), ['status']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Vitest global setup of the integration project: starts (installing on first use, cached in
 * ~/.cache/riskwatch) every server that is not already running, and stops at the end only those
 * it started, so a developer's long-running servers are left alone.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const started: string[] = [];
  await Promise.all(
    SERVERS.map(async (server) => {
      // `start` is idempotent and waits until the server is ready, even one still starting up.
      const wasRunning = await isRunning(server.name);
      const { stdout } = await run(join(SCRIPTS, `${server.name}.sh`), ['start'], { maxBuffer: 16 << 20 });
      process.stdout.write(stdout);
      if (!wasRunning) started.push(server.name);
      Object.assign(process.env, server.env);
    }),
  );
  return async () => {
    for (const name of started) await run(join(SCRIPTS, `${name}.sh`), ['stop']).catch(() => undefined);
  };
}
