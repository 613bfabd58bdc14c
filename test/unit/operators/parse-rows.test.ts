import { describe, expect, it } from 'vitest';
import type { RejectReason } from '../../../src/core/dead-letter.js';
import type { OperatorOutput } from '../../../src/core/operator.js';
import { parseRows, type RowSpec } from '../../../src/operators/parse-rows.js';

function run(spec: RowSpec, value: unknown): { rows: unknown[]; rejects: { reason: RejectReason; origin: string | undefined }[] } {
  const rows: unknown[] = [];
  const rejects: { reason: RejectReason; origin: string | undefined }[] = [];
  const out: OperatorOutput<unknown> = {
    emit: (row) => rows.push(row),
    reject: (_record, reason, origin) => rejects.push({ reason, origin }),
    side: () => {},
  };
  parseRows('rows', spec).process({ value, origin: 'in.csv:7' }, out as never);
  return { rows, rejects };
}

describe('parseRows', () => {
  const spec = {
    ts: { type: 'timestamp' },
    n: { type: 'integer', min: 0, max: 10 },
    x: { type: 'number', optional: true },
    kind: { type: 'string', values: ['a', 'b'] },
    ok: { type: 'boolean' },
  } as const;

  it('reads CSV strings and JSON values into typed rows', () => {
    expect(run(spec, { ts: '2026-01-02T00:00:00Z', n: '3', x: '', kind: 'a', ok: '1' }).rows).toEqual([
      { ts: Date.UTC(2026, 0, 2), n: 3, x: undefined, kind: 'a', ok: true },
    ]);
    expect(run(spec, { ts: 1000, n: 10, x: -1.5, kind: 'b', ok: false }).rows).toEqual([{ ts: 1000, n: 10, x: -1.5, kind: 'b', ok: false }]);
  });

  it.each([
    [{ ts: 'soon', n: '1', kind: 'a', ok: '1' }, 'ts', 'field "ts": expected a time (ISO-8601 or epoch milliseconds), got "soon"'],
    [{ ts: '1', n: '11', kind: 'a', ok: '1' }, 'n', 'field "n": expected an integer in [0, 10], got "11"'],
    [{ ts: '1', n: '1.5', kind: 'a', ok: '1' }, 'n', 'field "n": expected an integer in [0, 10], got "1.5"'],
    [{ ts: '1', n: '1', x: 'abc', kind: 'a', ok: '1' }, 'x', 'field "x": expected a number, got "abc"'],
    [{ ts: '1', n: '1', kind: 'c', ok: '1' }, 'kind', 'field "kind": expected one of a, b, got "c"'],
    [{ ts: '1', n: '1', kind: 'a', ok: 'yes' }, 'ok', 'field "ok": expected true/false or 1/0, got "yes"'],
    [{ ts: '1', kind: 'a', ok: '1' }, 'n', 'field "n" is missing'],
    [{ ts: '1', n: '', kind: 'a', ok: '1' }, 'n', 'field "n" is empty'],
    [{ ts: '1', n: '   ', kind: 'a', ok: '1' }, 'n', 'field "n" is empty'],
  ])('rejects %j naming the field', (value, field, message) => {
    const { rows, rejects } = run(spec, value);
    expect(rows).toEqual([]);
    expect(rejects).toEqual([{ reason: { code: 'bad_field', field, message }, origin: 'in.csv:7' }]);
  });

  it('rejects a value that is not an object', () => {
    expect(run(spec, [1, 2]).rejects[0]?.reason.code).toBe('not_an_object');
  });
});
