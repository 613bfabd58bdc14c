import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** What one process of the group did, as far as the check needs it. */
export interface MemberRecord {
  readonly name: string;
  readonly recordsIn: number;
  readonly symbolsTracked: number;
  /** Its last logged assignment. */
  readonly partitions: readonly number[];
  /** Assignments it logged after the group had settled: each one a rebalance during the run. */
  readonly lateAssignments: number;
  /** Symbols of the events in its event log. */
  readonly eventSymbols: ReadonlySet<string>;
}

export interface OwnershipCheck {
  readonly ok: boolean;
  readonly problems: readonly string[];
  /** Sum of the members' records in. */
  readonly processed: number;
}

/**
 * Each symbol was processed by exactly one process: the final assignments split the partitions
 * without overlap or gap, nobody was reassigned while the ticks were read, the symbols the
 * processes hold state for add up to the market's, and no symbol has events in two event logs.
 * And every loaded tick was read exactly once.
 */
export function checkOwnership(members: readonly MemberRecord[], market: { readonly partitions: number; readonly symbols: number; readonly loaded: number }): OwnershipCheck {
  const problems: string[] = [];
  const owners = new Map<number, string[]>();
  for (const member of members) for (const partition of member.partitions) owners.set(partition, [...(owners.get(partition) ?? []), member.name]);
  for (let partition = 0; partition < market.partitions; partition++) {
    const of = owners.get(partition) ?? [];
    if (of.length !== 1) problems.push(`partition ${partition} assigned to ${of.length === 0 ? 'nobody' : of.join(' and ')}`);
  }
  for (const member of members) if (member.lateAssignments > 0) problems.push(`${member.name} was reassigned ${member.lateAssignments} time(s) after the group settled`);
  const tracked = members.reduce((sum, m) => sum + m.symbolsTracked, 0);
  if (tracked !== market.symbols) problems.push(`the processes track ${tracked} symbols in all, the market has ${market.symbols}`);
  const seenIn = new Map<string, string>();
  const split = new Set<string>();
  for (const member of members) {
    for (const symbol of member.eventSymbols) {
      const other = seenIn.get(symbol);
      if (other !== undefined && other !== member.name) split.add(symbol);
      seenIn.set(symbol, member.name);
    }
  }
  if (split.size > 0) problems.push(`${split.size} symbol(s) with events in two processes, e.g. ${[...split].slice(0, 3).join(', ')}`);
  const processed = members.reduce((sum, m) => sum + m.recordsIn, 0);
  if (processed !== market.loaded) problems.push(`${processed} ticks processed, ${market.loaded} loaded`);
  return { ok: problems.length === 0, problems, processed };
}

/** Each line of a JSONL file, parsed; none when the file does not exist (nothing was written). */
export async function* readJsonLines<T>(path: string): AsyncGenerator<T> {
  if (!existsSync(path)) return;
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    if (line !== '') yield JSON.parse(line) as T;
  }
}
