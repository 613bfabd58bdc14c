import { type Command, InvalidArgumentError, Option } from 'commander';
import { type AlertMatch, alertMatchSchema } from '../../alerting/config/alert-match.js';
import { hasCriteria, type Silence, silenceState } from '../../alerting/suppress/silence.js';
import { addSilence, DEFAULT_SILENCES_PATH, expireSilence, readSilences } from '../../alerting/suppress/silence-store.js';
import { textTable } from '../../benchmarks/text-table.js';
import { validateConfig } from '../../config/validate-config.js';
import { type Clock, systemClock } from '../../core/clock.js';
import { SEVERITIES } from '../../events/anomaly-event.js';
import { collect, duration } from '../parse-flags.js';

interface AddFlags {
  readonly symbol?: string[];
  readonly detector?: string[];
  readonly severity?: string[];
  readonly label?: string[];
  readonly duration?: number;
  readonly end?: number;
  readonly start: number | 'now';
  readonly author: string;
  readonly comment?: string;
  readonly file: string;
}

interface ListFlags {
  readonly all?: boolean;
  readonly json?: boolean;
  readonly file: string;
}

// A zone is required: a bare `2026-03-09T09:30` would silently mean the machine's local time.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function isoTime(value: string): number {
  const ms = ISO_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError('expected an ISO time with a zone, like 2026-03-09T14:30Z or 2026-03-09T09:30-05:00');
  return ms;
}

function startTime(value: string): number | 'now' {
  return value === 'now' ? 'now' : isoTime(value);
}

function severities(value: string, previous: string[] = []): string[] {
  if (!(SEVERITIES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${SEVERITIES.join(', ')}`);
  return [...previous, value];
}

function label(value: string, previous: string[] = []): string[] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*=[^=\s]+$/.test(value)) {
    throw new InvalidArgumentError('expected name=value, like desk=equities (a name of letters, digits and _; a value without spaces)');
  }
  return [...previous, value];
}

/** `2026-03-09T14:30:00Z`: UTC, milliseconds only when there are some. */
function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function matchFromFlags(flags: AddFlags): AlertMatch {
  const labels: Record<string, string[]> = {};
  for (const pair of flags.label ?? []) {
    const [name = '', value = ''] = pair.split('=');
    (labels[name] ??= []).push(value);
  }
  return validateConfig(
    {
      ...(flags.symbol === undefined ? {} : { symbols: flags.symbol }),
      ...(flags.detector === undefined ? {} : { detectors: flags.detector }),
      ...(flags.severity === undefined ? {} : { severity: flags.severity }),
      ...(flags.label === undefined ? {} : { labels }),
    },
    'silence flags',
    alertMatchSchema,
  );
}

/** `symbols=AAPL,MS* severity=critical desk=equities`. */
function describeMatch(match: AlertMatch): string {
  const parts: string[] = [];
  if (match.symbols !== undefined) parts.push(`symbols=${match.symbols.join(',')}`);
  if (match.detectors !== undefined) parts.push(`detectors=${match.detectors.join(',')}`);
  if (match.severity !== undefined) parts.push(`severity=${match.severity.join(',')}`);
  if (match.minSeverity !== undefined) parts.push(`minSeverity=${match.minSeverity}`);
  for (const [name, values] of Object.entries(match.labels ?? {})) {
    parts.push(`${name}=${typeof values === 'string' ? values : values.join(',')}`);
  }
  return parts.join(' ');
}

function registerAdd(silence: Command, clock: Clock): void {
  silence
    .command('add')
    .description('mute the alerts that match, from a start (default now) for a duration or until an end')
    .option('--symbol <pattern>', 'symbol, or pattern like MS* (repeatable)', collect)
    .option('--detector <id>', 'detector id or pattern (repeatable)', collect)
    .option('--severity <level>', `${SEVERITIES.join(', ')} (repeatable)`, severities)
    .option('--label <name=value>', 'configured symbol label, e.g. desk=equities (repeatable)', label)
    .addOption(new Option('--duration <duration>', 'how long, e.g. 30m or 2h').argParser(duration).conflicts('end'))
    .addOption(new Option('--end <time>', 'ISO time it ends, e.g. 2026-03-09T21:00Z').argParser(isoTime))
    .option('--start <time>', 'ISO time it starts, or now', startTime, 'now')
    .requiredOption('--author <name>', 'who is adding it')
    .option('--comment <text>', 'why it is needed')
    .option('--file <path>', 'silences file', DEFAULT_SILENCES_PATH)
    .addHelpText('after', '\nExample:\n  riskwatch silence add --symbol AAPL --detector volume-spike --duration 2h --author alice --comment "earnings"')
    .action(async (flags: AddFlags, command: Command) => {
      const match = matchFromFlags(flags);
      if (!hasCriteria(match)) command.error('error: give at least one of --symbol, --detector, --severity, --label');
      const now = clock.now();
      const startsAt = flags.start === 'now' ? now : flags.start;
      const endsAt = flags.duration !== undefined ? startsAt + flags.duration : flags.end;
      if (endsAt === undefined) command.error('error: give --duration or --end');
      const added = await addSilence(flags.file, { match, startsAt, endsAt, createdBy: flags.author, comment: flags.comment ?? '' }, now);
      const state = silenceState(added, now);
      command.configureOutput().writeOut?.(
        `${added.id}\n${state} silence of ${describeMatch(added.match)} from ${isoUtc(added.startsAt)} until ${isoUtc(added.endsAt)} by ${added.createdBy}\n`,
      );
    });
}

function renderTable(silences: readonly Silence[], now: number): string {
  const rows = silences.map((s) => [s.id, describeMatch(s.match), isoUtc(s.startsAt), isoUtc(s.endsAt), s.createdBy, s.comment.replace(/\s+/g, ' '), silenceState(s, now)]);
  return `${textTable(['ID', 'MATCHERS', 'START', 'END', 'AUTHOR', 'COMMENT', 'STATE'], rows, [0, 1, 2, 3, 4, 5, 6])}\n`;
}

function registerList(silence: Command, clock: Clock): void {
  silence
    .command('list')
    .description('show active and pending silences (times in UTC)')
    .option('--all', 'also show expired silences')
    .option('--json', 'print JSON, with each silence\'s state')
    .option('--file <path>', 'silences file', DEFAULT_SILENCES_PATH)
    .action(async (flags: ListFlags, command: Command) => {
      const now = clock.now();
      const shown = (await readSilences(flags.file))
        .filter((s) => flags.all === true || silenceState(s, now) !== 'expired')
        .sort((a, b) => a.startsAt - b.startsAt || a.id.localeCompare(b.id));
      const write = (text: string): void => command.configureOutput().writeOut?.(text);
      if (flags.json === true) write(`${JSON.stringify(shown.map((s) => ({ ...s, state: silenceState(s, now) })), null, 2)}\n`);
      else if (shown.length === 0) write(flags.all === true ? 'no silences\n' : 'no active or pending silences\n');
      else write(renderTable(shown, now));
    });
}

function registerExpire(silence: Command, clock: Clock): void {
  silence
    .command('expire')
    .description('end a silence now')
    .argument('<id>', 'silence id, from `riskwatch silence list`')
    .option('--file <path>', 'silences file', DEFAULT_SILENCES_PATH)
    .action(async (id: string, flags: { readonly file: string }, command: Command) => {
      const expired = await expireSilence(flags.file, id, clock.now());
      command.configureOutput().writeOut?.(`expired silence ${expired.id} (${describeMatch(expired.match)}), ended ${isoUtc(expired.endsAt)}\n`);
    });
}

/** `riskwatch silence add|list|expire`: the silences file that the running monitor re-reads. */
export function registerSilence(program: Command, clock: Clock = systemClock): void {
  const silence = program.command('silence').description('mute matching alerts for a while: add, list, expire');
  registerAdd(silence, clock);
  registerList(silence, clock);
  registerExpire(silence, clock);
}
