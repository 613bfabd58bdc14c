import { describe, expect, it } from 'vitest';
import type { AlertLabels } from '../../../../src/alerting/model/alert-labels.js';
import { compileSilences, type Silence, silenceSchema, silenceState } from '../../../../src/alerting/suppress/silence.js';
import { validateConfig } from '../../../../src/config/validate-config.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-09T14:00:00Z');

function silence(fields: Partial<Silence> & Pick<Silence, 'match'>): Silence {
  return { id: 'a1', startsAt: T0, endsAt: T0 + 2 * HOUR, createdBy: 'alice', comment: '', createdAt: T0, ...fields };
}

const aapl: AlertLabels = { symbol: 'AAPL', detector: 'volume-spike', severity: 'warning', desk: 'equities' };
const msft: AlertLabels = { symbol: 'MSFT', detector: 'cusum', severity: 'critical', desk: 'equities' };
const msci: AlertLabels = { symbol: 'MSCI', detector: 'cusum', severity: 'info', desk: 'indices' };

describe('silenceState', () => {
  const s = silence({ match: { symbols: ['AAPL'] } });

  it('is pending before the start, active in [start, end), expired from the end', () => {
    expect(silenceState(s, T0 - 1)).toBe('pending');
    expect(silenceState(s, T0)).toBe('active');
    expect(silenceState(s, T0 + 2 * HOUR - 1)).toBe('active');
    expect(silenceState(s, T0 + 2 * HOUR)).toBe('expired');
  });

  it('is expired once expired by hand, even before its start', () => {
    expect(silenceState({ ...s, endsAt: T0 - HOUR, expiredAt: T0 - HOUR }, T0 - 2 * HOUR)).toBe('expired');
  });
});

describe('compileSilences', () => {
  it('returns the active silence that matches, and nothing before its start or from its end', () => {
    const quietAapl = silence({ match: { symbols: ['AAPL'] } });
    const matcher = compileSilences([quietAapl]);
    expect(matcher(aapl, T0 - 1)).toBeUndefined();
    expect(matcher(aapl, T0)).toBe(quietAapl);
    expect(matcher(msft, T0)).toBeUndefined();
    expect(matcher(aapl, T0 + 2 * HOUR)).toBeUndefined();
  });

  it('ignores silences expired by hand', () => {
    const expired = silence({ match: { symbols: ['AAPL'] }, endsAt: T0 + HOUR, expiredAt: T0 + HOUR });
    expect(compileSilences([expired])(aapl, T0 + 30 * 60_000)).toBeUndefined();
  });

  it('matches with the shared match language: globs, detectors, severities, labels; all criteria must hold', () => {
    const cases: [Silence['match'], readonly AlertLabels[]][] = [
      [{ symbols: ['MS*'] }, [msft, msci]],
      [{ symbols: ['MS*'], detectors: ['cusum'], severity: ['critical'] }, [msft]],
      [{ minSeverity: 'warning' }, [aapl, msft]],
      [{ labels: { desk: 'equities' } }, [aapl, msft]],
      [{ labels: { desk: ['ind*'] } }, [msci]],
      [{ labels: { region: 'emea' } }, []],
      [{ detectors: ['volume-*', 'cusum'], symbols: ['AAPL', 'MSCI'] }, [aapl, msci]],
    ];
    for (const [match, expected] of cases) {
      const matcher = compileSilences([silence({ match })]);
      expect([aapl, msft, msci].filter((labels) => matcher(labels, T0) !== undefined), JSON.stringify(match)).toEqual(expected);
    }
  });

  it('prefers, among matching active silences, the one that ends last', () => {
    const short = silence({ id: 'short', match: { symbols: ['AAPL'] }, endsAt: T0 + HOUR });
    const long = silence({ id: 'long', match: { labels: { desk: 'equities' } }, endsAt: T0 + 3 * HOUR });
    const later = silence({ id: 'later', match: { symbols: ['AAPL'] }, startsAt: T0 + 2 * HOUR, endsAt: T0 + 9 * HOUR });
    const matcher = compileSilences([short, long, later]);
    expect(matcher(aapl, T0)?.id).toBe('long');
    expect(matcher(aapl, T0 + 2 * HOUR)?.id).toBe('later');
  });
});

describe('silence schema', () => {
  const valid = { id: 'a1b2c3d4', match: { symbols: ['AAPL'] }, startsAt: T0, endsAt: T0 + HOUR, createdBy: 'alice', comment: 'earnings', createdAt: T0 };

  it('accepts a stored silence unchanged', () => {
    expect(validateConfig(valid, 'silences.json', silenceSchema)).toEqual(valid);
  });

  it.each([
    [{ ...valid, match: {} }, 'match: a silence needs at least one of symbols, detectors, severity, minSeverity, labels'],
    [{ ...valid, match: { labels: {} } }, 'match: a silence needs at least one of'],
    [{ ...valid, match: { symbol: 'AAPL' } }, 'match.symbol: unknown key'],
    [{ ...valid, createdBy: '  ' }, 'createdBy: missing: expected author name'],
    [{ ...valid, startsAt: '2026-03-09' }, 'startsAt: expected time as whole epoch milliseconds, got string'],
    [{ ...valid, endsAt: 1.5 }, 'endsAt: expected time as whole epoch milliseconds'],
    [{ ...valid, id: 'a b' }, 'id: expected silence id of letters, digits'],
  ])('rejects %j', (data, message) => {
    expect(() => validateConfig(data, 'silences.json', silenceSchema)).toThrow(message);
  });
});
