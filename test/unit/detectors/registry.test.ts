import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { buildDetectors, detectorsConfigSchema } from '../../../src/detectors/registry.js';
import { randomWalk, run, ticks } from './fixtures.js';

describe('detector registry', () => {
  const DEFAULT_SET = [
    'return-zscore',
    'ewma-vol-band',
    'volume-spike',
    'spread-blowout',
    'crossed-quote',
    'stale-feed',
    'fat-finger',
    'luld-band',
    'cusum',
    'volatility-regime',
  ];

  it('runs the default set with default parameters when the section is empty; the opt-in ones stay off', () => {
    expect(buildDetectors().map((detector) => detector.id)).toEqual(DEFAULT_SET);
    const parsed = detectorsConfigSchema.parse({});
    expect(parsed).toMatchObject({
      'return-zscore': { window: 100, threshold: 12, minStd: 1e-4, minPriceStd: 0.005, price: 'mid' },
      'ewma-vol-band': { alpha: 0.06, warmup: 50, k: 12, minStd: 1e-4, minPriceStd: 0.005, price: 'mid' },
      'volume-spike': { burst: 15, window: 150, k: 5, ratio: 3, rearm: 0.25 },
      'robust-zscore': false,
      bollinger: false,
    });
    expect(buildDetectors({ 'robust-zscore': {}, bollinger: {} }).map((d) => d.id)).toEqual([...DEFAULT_SET.slice(0, 8), 'robust-zscore', 'bollinger', ...DEFAULT_SET.slice(8)]);
  });

  it('turns a detector off with false and passes parameters through', () => {
    const detectors = buildDetectors({ 'ewma-vol-band': false, 'return-zscore': { window: 20, threshold: 3 } });
    expect(detectors.map((detector) => detector.id)).toEqual(DEFAULT_SET.filter((id) => id !== 'ewma-vol-band'));

    const prices = randomWalk(60, 1, 0.001, new Map([[40, 0.01]]));
    const [zscore] = detectors;
    expect(run(zscore!, ticks('ACME', prices))[40]).toBeDefined(); // a 100-return window would still be warming up
  });

  it('accepts the output of its own schema, as the app config hands it over', () => {
    const parsed = detectorsConfigSchema.parse({ 'volume-spike': { ratio: 3 } });
    expect(buildDetectors(parsed)).toHaveLength(DEFAULT_SET.length);
  });

  it.each([
    [{ 'return-zscore': { window: 0 } }, 'detectors.return-zscore.window: Too small'],
    [{ 'ewma-vol-band': { alpha: 2, k: 'x' } }, 'detectors.ewma-vol-band.alpha: Too big'],
    [{ 'ewma-vol-band': { alpha: 2, k: 'x' } }, 'detectors.ewma-vol-band.k: expected number, received string'],
    [{ 'volume-spike': true }, 'detectors.volume-spike: expected false or object, received boolean'],
    [{ 'return-zcore': {} }, 'detectors.return-zcore: unknown key'],
  ])('rejects %j when built, naming %s', (config, path) => {
    expect(() => buildDetectors(config as never)).toThrow(ConfigError);
    expect(() => buildDetectors(config as never)).toThrow(path);
  });
});
