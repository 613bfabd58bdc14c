import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { monitorPipeline } from '../../../pipelines/monitor/index.js';
import type { MonitorOptions } from '../../../pipelines/monitor/monitor-options.js';
import { loadPipelineOptions } from '../../app/load-options.js';
import type { PipelineEnvironment } from '../../app/pipeline-definition.js';
import { loadAlertingConfig, type LoadedAlertingConfig } from '../../alerting/config/alerting-config.js';
import { formatPlan } from '../../alerting/plan/plan-text.js';
import { rehearseAlerts } from '../../alerting/plan/rehearsal.js';
import { formatDuration } from '../../alerting/render/display-format.js';
import { loadNotificationTemplates } from '../../alerting/render/notification-templates.js';
import { RouteTree } from '../../alerting/routing/route-tree.js';
import { readSilences } from '../../alerting/suppress/silence-store.js';
import { compileSilences } from '../../alerting/suppress/silence.js';
import { duration } from '../parse-flags.js';

interface RulesFlags {
  readonly rules?: string;
  readonly config?: string;
}

interface TestFlags extends RulesFlags {
  readonly ticks: string;
  readonly after: number;
  readonly silences?: string;
}

/** The monitor's options (for its detectors and default rules path), from --config or defaults. */
async function monitorOptions(flags: RulesFlags): Promise<MonitorOptions> {
  return (await loadPipelineOptions(monitorPipeline, flags.config === undefined ? {} : { configPath: flags.config })) as MonitorOptions;
}

function rulesPathOf(flags: RulesFlags, options: MonitorOptions, baseDir: string): string {
  return resolve(baseDir, flags.rules ?? options.alerts.rules);
}

/** Rules and the templates beside them: what the monitor loads at start. */
async function loadRules(path: string): Promise<LoadedAlertingConfig> {
  const rules = await loadAlertingConfig(path);
  await loadNotificationTemplates(join(dirname(path), 'templates'));
  return rules;
}

function describeRules(rules: LoadedAlertingConfig): string {
  const { config } = rules;
  const ms = (value: number): string => (value === 0 ? 'never' : formatDuration(value));
  const lines = [`${rules.path}: ok (version ${rules.version})`, '', 'receivers'];
  for (const receiver of config.receivers) lines.push(`  ${receiver.name.padEnd(16)} ${receiver.to.length === 0 ? '(not e-mailed)' : receiver.to.join(', ')}  [${receiver.timeZone}]`);
  lines.push('', 'routes (first match wins; + continue)');
  for (const { depth, route, continue: goOn } of new RouteTree(config.route).describe()) {
    const timing = `wait ${ms(route.groupWaitMs)}, interval ${ms(route.groupIntervalMs)}, repeat ${ms(route.repeatIntervalMs)}`;
    const mute = route.muteWindows.length === 0 ? '' : `, muted ${route.muteWindows.join('/')}`;
    lines.push(`  ${'  '.repeat(depth)}${goOn ? '+ ' : ''}${route.name} → ${route.receiver}  by [${route.groupBy.join(', ')}], ${timing}${route.sendResolved ? '' : ', no recovery notices'}${mute}`);
  }
  if (config.inhibit.length > 0) lines.push('', 'inhibitions', ...config.inhibit.map((rule) => `  ${rule.name}: ${JSON.stringify(rule.source)} mutes ${JSON.stringify(rule.target)}${rule.equal.length > 0 ? ` with equal ${rule.equal.join(', ')}` : ''}`));
  if (config.muteWindows.length > 0) lines.push('', 'mute windows', ...config.muteWindows.map((window) => `  ${window.name} [${window.timeZone}]`));
  const budget = config.budgets;
  lines.push('', `budgets  ${budget.perHour === undefined ? 'none' : `${budget.perHour}/hour per recipient`}${Object.entries(budget.recipients ?? {}).map(([to, n]) => `, ${to} ${n}/hour`).join('')}`);
  lines.push(`state    resolve after ${ms(config.state.resolveAfter)}${config.state.flapping === undefined ? '' : `, flapping above ${config.state.flapping.high} changes in ${ms(config.state.flapping.window)} (settles at ${config.state.flapping.low})`}`);
  return `${lines.join('\n')}\n`;
}

export function registerAlerts(program: Command, env: () => PipelineEnvironment): void {
  const alerts = program.command('alerts').description('check alert rules, and rehearse them on a tick file before they ship');
  const rulesOptions = (command: Command): Command =>
    command
      .option('-r, --rules <file>', 'alert rules (default: alerts.rules of the monitor config, or the rules shipped with riskwatch)')
      .option('-c, --config <file>', 'monitor config, for its detectors and rules path');

  rulesOptions(alerts.command('check').description('validate the rules, routes, inhibitions, mute windows and templates; show the routing tree')).action(async (flags: RulesFlags) => {
    const options = await monitorOptions(flags);
    const rules = await loadRules(rulesPathOf(flags, options, env().baseDir));
    process.stdout.write(describeRules(rules));
  });

  rulesOptions(
    alerts
      .command('test')
      .description('replay a tick file through the detectors and alerting on a fake clock; print the e-mails that would be sent')
      .requiredOption('-t, --ticks <file>', 'tick file (.csv or .jsonl)')
      .option('--after <duration>', 'let event time run on after the last tick, for waits and recoveries still due', duration, 3_600_000)
      .option('--silences <file>', 'silences to apply (default: none, so the plan does not depend on who silenced what today)')
      .addHelpText('after', '\nExample:\n  riskwatch alerts test --ticks alerts/examples/ticks.csv'),
  ).action(async (flags: TestFlags) => {
    const environment = env();
    const options = await monitorOptions(flags);
    const rulesPath = rulesPathOf(flags, options, environment.baseDir);
    const rules = await loadRules(rulesPath);
    const silences = flags.silences === undefined ? undefined : compileSilences(await readSilences(resolve(environment.baseDir, flags.silences)));
    const ticksPath = resolve(environment.baseDir, flags.ticks);
    const rehearsal = await rehearseAlerts({
      ticksPath,
      rules,
      detectors: options.detectors,
      afterMs: flags.after,
      env: environment,
      ...(silences === undefined ? {} : { silences }),
    });
    // Paths as given or relative to the working folder, so a saved plan reads the same on every machine.
    process.stdout.write(formatPlan(rehearsal, { ticksPath: flags.ticks, rulesPath: relative(environment.baseDir, rulesPath) || rulesPath, version: rules.version }));
  });
}
