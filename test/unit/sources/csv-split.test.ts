import { describe, expect, it } from 'vitest';
import { CSV_BAD_QUOTE, CSV_OK, CSV_OPEN_QUOTE, continueQuotedField, splitCsvRecord } from '../../../src/sources/csv-split.js';

function fields(text: string, delimiter = ','): [number, string[]] {
  const out: string[] = [];
  const status = splitCsvRecord(text, delimiter, out);
  return [status, out];
}

describe('splitCsvRecord', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a,,c,', ['a', '', 'c', '']],
    ['', ['']],
    ['"a,b",c', ['a,b', 'c']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['"",""', ['', '']],
    ['ab"c,d', ['ab"c', 'd']],
    ['"multi\nline",z', ['multi\nline', 'z']],
  ])('splits %j', (text, expected) => {
    expect(fields(text)).toEqual([CSV_OK, expected]);
  });

  it('uses another delimiter', () => {
    expect(fields('a;"b;c";d', ';')).toEqual([CSV_OK, ['a', 'b;c', 'd']]);
  });

  it('reports an open quote and a bad closing quote', () => {
    expect(fields('a,"b')[0]).toBe(CSV_OPEN_QUOTE);
    expect(fields('a,"b""')[0]).toBe(CSV_OPEN_QUOTE);
    expect(fields('a,"b"c,d')[0]).toBe(CSV_BAD_QUOTE);
    expect(fields('"b" ,d')[0]).toBe(CSV_BAD_QUOTE);
  });

  it('continues a quoted field on a following line', () => {
    expect(continueQuotedField('still inside', ',')).toBe(CSV_OPEN_QUOTE);
    expect(continueQuotedField('end"",more', ',')).toBe(CSV_OPEN_QUOTE);
    expect(continueQuotedField('end",next,"x"', ',')).toBe(CSV_OK);
    expect(continueQuotedField('end",next,"x', ',')).toBe(CSV_OPEN_QUOTE);
    expect(continueQuotedField('end"x,next', ',')).toBe(CSV_BAD_QUOTE);
    expect(continueQuotedField('end"', ',')).toBe(CSV_OK);
  });
});
