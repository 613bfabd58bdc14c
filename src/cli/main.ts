#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import type { PipelineEnvironment } from '../app/pipeline-definition.js';
import { systemClock } from '../core/clock.js';
import { ConfigError, InputError, RiskwatchError } from '../core/errors.js';
import { ReleaseGateFailed } from '../jobs/release-gate-failed.js';
import { createLogger } from '../observability/logger.js';
import { registerAlerts } from './commands/alerts.js';
import { registerBench } from './commands/bench.js';
import { registerJob } from './commands/job.js';
import { registerNab } from './commands/nab.js';
import { registerProduce } from './commands/produce.js';
import { registerReplay } from './commands/replay.js';
import { registerRun } from './commands/run.js';
import { registerSilence } from './commands/silence.js';
import { registerSimulate } from './commands/simulate.js';

/** Exit codes: 0 done, 1 failed while running, 2 bad configuration or usage, 3 bad input, 4 a job's release gate failed. */
async function main(argv: readonly string[]): Promise<number> {
  const environment = (): PipelineEnvironment => ({ clock: systemClock, logger: createLogger(), baseDir: process.cwd() });
  const program = new Command('riskwatch')
    .description('Streaming risk monitoring for market ticks: rolling-statistics anomaly detectors, alerts, reports.')
    .showHelpAfterError('(add --help for usage)')
    // Options after a sub-command are its own (`job vr-telemetry generate --out FILE` is generate's --out).
    .enablePositionalOptions()
    .exitOverride();
  registerRun(program, environment);
  registerReplay(program, environment);
  registerSimulate(program, environment);
  registerProduce(program, environment);
  registerJob(program, environment);
  registerNab(program, environment);
  registerAlerts(program, environment);
  registerSilence(program);
  registerBench(program);

  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ConfigError) {
      process.stderr.write(`riskwatch: configuration error\n${error.message}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      process.stderr.write(`riskwatch: bad input\n${error.message}\n`);
      return 3;
    }
    if (error instanceof ReleaseGateFailed) {
      process.stderr.write(`riskwatch: release gate failed\n${error.message}\n`);
      return 4;
    }
    const message = error instanceof RiskwatchError ? `${error.code}: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`riskwatch: ${message}\n`);
    return 1;
  }
}

/** How long the process may linger once the command is done, before it is made to exit. */
const EXIT_GRACE_MS = 5000;

process.exitCode = await main(process.argv);
// Everything is flushed and closed by now. A client library that leaves a socket or timer behind
// (kafkajs after a broker restart, for one) must not keep a stopped service from exiting.
setTimeout(() => {
  process.stderr.write(`riskwatch: done, but ${process.getActiveResourcesInfo().join(', ')} kept the process alive; exiting\n`);
  process.exit();
}, EXIT_GRACE_MS).unref();
