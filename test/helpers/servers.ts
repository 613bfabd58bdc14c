import { randomUUID } from 'node:crypto';

/** Where the integration project's global setup started the real servers. */
export function testServers(): { kafkaBrokers: string[]; influxUrl: string } {
  const brokers = process.env['RISKWATCH_TEST_KAFKA_BROKERS'];
  const influxUrl = process.env['RISKWATCH_TEST_INFLUX_URL'];
  if (brokers === undefined || influxUrl === undefined) {
    throw new Error('integration servers are not set up: run through the "integration" vitest project (npm test)');
  }
  return { kafkaBrokers: brokers.split(','), influxUrl };
}

/** A name no other test run uses: for topics, groups and databases. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

/** Creates an InfluxDB 1.8 database and returns its v2 bucket name (`db/autogen`). */
export async function createInfluxBucket(influxUrl: string, database: string): Promise<string> {
  const response = await fetch(`${influxUrl}/query?q=${encodeURIComponent(`CREATE DATABASE "${database}"`)}`, { method: 'POST' });
  if (!response.ok) throw new Error(`cannot create database ${database}: ${response.status} ${await response.text()}`);
  return `${database}/autogen`;
}
