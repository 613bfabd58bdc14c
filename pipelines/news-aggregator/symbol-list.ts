import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { ConfigError } from '../../src/core/errors.js';

/** One company of the symbol list: the names it goes by in headlines. */
export interface ListedCompany {
  readonly symbol: string;
  readonly name: string;
  /** Name and aliases, as written. */
  readonly names: readonly string[];
  /** The names that are also everyday words (Apple, Target): they count only in context. */
  readonly commonWords: ReadonlySet<string>;
}

const SYMBOL = /^[A-Z][A-Z0-9]{0,5}(\.[A-Z])?$/;

const rowSchema = z.strictObject({
  symbol: z.string().regex(SYMBOL, { error: 'expected an upper-case ticker such as AAPL or BRK.B' }),
  name: z.string().trim().min(1, { error: 'expected the company name' }),
  aliases: z.string().default(''),
  common_words: z.string().default(''),
});

const list = (text: string): string[] =>
  text
    .split('|')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/**
 * Reads a symbol list: CSV with `symbol,name,aliases,common_words`, aliases and common words
 * separated by `|`. A bad row is a ConfigError naming file, line and field.
 */
export async function readSymbolList(path: string): Promise<ListedCompany[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the symbol list: ${(error as Error).message}`, { cause: error });
  }
  return parseSymbolList(text, basename(path));
}

export function parseSymbolList(text: string, name: string): ListedCompany[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (error) {
    throw new ConfigError(`${name}: not a CSV symbol list: ${(error as Error).message}`, { cause: error });
  }
  const seen = new Set<string>();
  return rows.map((raw, i) => {
    const line = i + 2;
    const result = rowSchema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new ConfigError(`${name}:${line}: field "${String(issue.path[0] ?? 'row')}": ${issue.message}`);
    }
    const row = result.data;
    if (seen.has(row.symbol)) throw new ConfigError(`${name}:${line}: field "symbol": ${row.symbol} is listed twice`);
    seen.add(row.symbol);
    const names = [row.name, ...list(row.aliases)];
    const commonWords = new Set(list(row.common_words));
    for (const word of commonWords) {
      if (!names.includes(word)) throw new ConfigError(`${name}:${line}: field "common_words": "${word}" is not one of the names or aliases`);
    }
    return { symbol: row.symbol, name: row.name, names, commonWords };
  });
}
