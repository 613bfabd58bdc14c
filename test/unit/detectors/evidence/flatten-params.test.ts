import { describe, expect, it } from 'vitest';
import { flattenParams } from '../../../../src/detectors/evidence/flatten-params.js';

describe('flattenParams', () => {
  it('dots nested keys, joins plain arrays, writes other arrays as JSON and leaves out undefined', () => {
    const config = {
      window: 100,
      price: 'mid',
      enabled: true,
      tier1Symbols: ['AAPL', 'MSFT'],
      missing: undefined,
      profile: { timeZone: 'America/New_York', buckets: [{ from: '09:30', volume: 3 }], days: undefined },
    };
    expect(flattenParams(config)).toEqual({
      window: 100,
      price: 'mid',
      enabled: true,
      tier1Symbols: 'AAPL,MSFT',
      'profile.timeZone': 'America/New_York',
      'profile.buckets': '[{"from":"09:30","volume":3}]',
    });
  });
});
