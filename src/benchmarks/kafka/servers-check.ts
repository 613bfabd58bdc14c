import { Kafka, logLevel } from 'kafkajs';
import { RiskwatchError } from '../../core/errors.js';

/** Kafka or InfluxDB is not there: the benchmarks assume both are running. */
export class BenchServerError extends RiskwatchError {
  constructor(message: string, cause: unknown) {
    super('bench_server_unreachable', message, { retriable: true, cause });
  }
}

/**
 * Fails fast, with what to do, when the servers the Kafka benchmarks need are not reachable;
 * otherwise kafkajs would retry for a minute before saying anything.
 */
export async function checkServers(brokers: readonly string[], influxUrl?: string): Promise<void> {
  const admin = new Kafka({ clientId: 'riskwatch-bench', brokers: [...brokers], logLevel: logLevel.NOTHING, connectionTimeout: 2000, retry: { retries: 1 } }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } catch (error) {
    throw new BenchServerError(
      `cannot reach Kafka at ${brokers.join(',')} (${(error as Error).message}); start it with scripts/servers/kafka.sh start, or pass --brokers`,
      error,
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  if (influxUrl === undefined) return;
  try {
    const response = await fetch(`${influxUrl}/ping`, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`answered ${response.status}`);
  } catch (error) {
    throw new BenchServerError(
      `cannot reach InfluxDB at ${influxUrl} (${(error as Error).message}); start it with scripts/servers/influxdb.sh start, or pass --influx-url`,
      error,
    );
  }
}
