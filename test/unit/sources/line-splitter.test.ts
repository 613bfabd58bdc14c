import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/sources/line-splitter.js';

function split(chunks: string[], maxLineLength = 1000): [number, string, boolean][] {
  const splitter = new LineSplitter(maxLineLength);
  const lines: [number, string, boolean][] = [];
  for (const chunk of chunks) {
    splitter.feed(chunk);
    for (let line = splitter.next(); line !== undefined; line = splitter.next()) lines.push([splitter.lineNumber, line, splitter.overlong]);
  }
  const last = splitter.end();
  if (last !== undefined) lines.push([splitter.lineNumber, last, splitter.overlong]);
  return lines;
}

describe('LineSplitter', () => {
  const text = 'alpha\r\nbeta\n\ngamma\r\ndelta';
  const expected: [number, string, boolean][] = [
    [1, 'alpha', false],
    [2, 'beta', false],
    [3, '', false],
    [4, 'gamma', false],
    [5, 'delta', false],
  ];

  it('splits LF and CRLF lines and keeps a last line without newline', () => {
    expect(split([text])).toEqual(expected);
  });

  it('gives the same lines wherever the chunks are cut', () => {
    for (let cut = 0; cut <= text.length; cut++) {
      expect(split([text.slice(0, cut), text.slice(cut)])).toEqual(expected);
    }
    expect(split([...text])).toEqual(expected);
  });

  it('cuts over-long lines, skips their rest without buffering it, and carries on', () => {
    const long = 'x'.repeat(500);
    const lines = split(['ok\n', long.slice(0, 120), long.slice(120, 300), long.slice(300), '\nnext\n', 'y'.repeat(300)], 100);
    expect(lines.map(([n, line, overlong]) => [n, line.length, overlong])).toEqual([
      [1, 2, false],
      [2, 120, true], // what had arrived when the limit was crossed
      [3, 4, false],
      [4, 200, true],
    ]);
  });

  it('cuts an over-long line that arrives in one chunk', () => {
    expect(split([`${'z'.repeat(150)}\nend`], 100).map(([n, line, overlong]) => [n, line.length, overlong])).toEqual([
      [1, 150, true],
      [2, 3, false],
    ]);
  });
});
