import { describe, expect, it } from 'vitest';
import { evidenceChartSvg } from '../../../../src/alerting/render/evidence-chart.js';
import { svgToPng } from '../../../../src/alerting/render/svg-to-png.js';
import { AT_EST, event, evidence } from './notifications.js';

const OPTIONS = { timeZone: 'America/New_York', color: '#b3261e' };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Three ticks: 100 → 101 → 104 (flagged), a second apart. */
function threeTicks(overrides: Parameters<typeof event>[0] = {}) {
  const ts = AT_EST;
  return event({
    ts,
    observed: 104,
    expected: 101,
    lower: 99,
    upper: 102,
    evidence: evidence(ts, { recent: { ts: [ts - 2000, ts - 1000, ts], price: [100, 101, 104], size: [10, 20, 40] } }),
    ...overrides,
  });
}

/** An attribute of the first element starting with `start`, e.g. `circle class="flagged"`. */
const attr = (svg: string, start: string, name: string): string | undefined =>
  new RegExp(`<${start}[^>]* ${name}="([^"]*)"`).exec(svg)?.[1];

describe('evidenceChartSvg', () => {
  it('draws every price as a point of the line, time left to right, higher prices higher up', () => {
    const svg = evidenceChartSvg(threeTicks(), OPTIONS) ?? '';
    const points = (attr(svg, 'polyline class="price"', 'points') ?? '').split(' ').map((point) => point.split(',').map(Number));
    expect(points).toHaveLength(3);
    const xs = points.map(([x]) => x ?? NaN);
    const ys = points.map(([, y]) => y ?? NaN);
    expect(xs[0]).toBe(8);
    expect(xs[2]).toBe(496);
    expect(xs[1]).toBe(252);
    expect(ys[0]).toBeGreaterThan(ys[1] ?? 0);
    expect(ys[1]).toBeGreaterThan(ys[2] ?? 0);
  });

  it('marks the flagged tick in the alert colour', () => {
    const svg = evidenceChartSvg(threeTicks(), OPTIONS) ?? '';
    const points = (attr(svg, 'polyline class="price"', 'points') ?? '').split(' ');
    expect(`${attr(svg, 'circle class="flagged"', 'cx')},${attr(svg, 'circle class="flagged"', 'cy')}`).toBe(points[2]);
    expect(svg).toMatch(/<circle class="flagged"[^>]*fill="#b3261e"/);
  });

  it('draws one volume bar per tick with volume and labels prices and times', () => {
    const svg = evidenceChartSvg(threeTicks(), OPTIONS) ?? '';
    expect(svg.match(/<rect x=[^>]*fill="#b8c4d6"/g)).toHaveLength(3);
    expect(svg).toContain('>104</text>');
    expect(svg).toContain('>99</text>');
    expect(svg).toContain('>vol 40</text>');
    expect(svg).toContain('>09:31:03</text>');
    expect(svg).toContain('>09:31:05 EST</text>');
  });

  it('shades the band when it is a band of prices', () => {
    const svg = evidenceChartSvg(threeTicks(), OPTIONS) ?? '';
    expect(svg).toContain('<rect class="band"');
  });

  it('skips a band in another unit, such as returns', () => {
    const svg = evidenceChartSvg(threeTicks({ lower: -0.003, upper: 0.003 }), OPTIONS) ?? '';
    expect(svg).toContain('<polyline class="price"');
    expect(svg).not.toContain('class="band"');
  });

  it('skips a one-sided band far from the prices, such as a volume limit', () => {
    const { lower: _lower, ...upperOnly } = threeTicks({ upper: 50_000 });
    expect(evidenceChartSvg(upperOnly, OPTIONS)).not.toContain('class="band"');
  });

  it('has no chart without evidence or with fewer than two ticks', () => {
    expect(evidenceChartSvg(event(), OPTIONS)).toBeUndefined();
    const ts = AT_EST;
    const single = event({ ts, evidence: evidence(ts, { recent: { ts: [ts], price: [100], size: [1] } }) });
    expect(evidenceChartSvg(single, OPTIONS)).toBeUndefined();
  });

  it('spreads ticks that share one time stamp evenly', () => {
    const ts = AT_EST;
    const svg = evidenceChartSvg(event({ ts, evidence: evidence(ts, { recent: { ts: [ts, ts], price: [1, 2], size: [0, 0] } }) }), OPTIONS) ?? '';
    expect(attr(svg, 'polyline class="price"', 'points')).toMatch(/^8,\S+ 496,\S+$/);
  });
});

describe('svgToPng', () => {
  it('converts the chart to a PNG at twice its size', async () => {
    const png = await svgToPng(evidenceChartSvg(threeTicks(), OPTIONS) ?? '');
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    // IHDR: width and height, big-endian, right after the signature and chunk header.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1120, 320]);
  });
});
