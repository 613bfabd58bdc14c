import type { Command } from 'commander';

/** `riskwatch bench engine` and `bench growth` (owned by the engine benchmark). */
export function registerEngineBench(bench: Command): void {
  void bench;
}
