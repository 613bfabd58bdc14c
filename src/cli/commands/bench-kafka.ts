import type { Command } from 'commander';

/** `riskwatch bench e2e` and `bench scale-out` (owned by the Kafka benchmarks). */
export function registerKafkaBench(bench: Command): void {
  void bench;
}
