import type { Command } from 'commander';
import { JOBS } from '../../../pipelines/jobs.js';
import type { PipelineEnvironment } from '../../app/pipeline-definition.js';

/** `riskwatch job <name> ...`: one sub-command per bounded analytics job. */
export function registerJob(program: Command, env: () => PipelineEnvironment): void {
  const list = JOBS.map((job) => `  ${job.name.padEnd(18)} ${job.description}`).join('\n');
  const command = program
    .command('job')
    .description('run a bounded analytics job: reads its input, writes reports/<job>/summary.json and report.html')
    .addHelpText('after', `\nJobs:\n${list}\n\nEach job runs on its bundled input with no arguments, e.g.\n  riskwatch job data-analysis\nExit status: 0 done, 1 failed, 2 bad flags, 3 bad input (rows skipped over --max-skipped), 4 release gate failed (outputs written).`);
  for (const job of JOBS) job.register(command.command(job.name).description(job.description), env);
}
