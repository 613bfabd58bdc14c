import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type ChartSpec = TopLevelSpec;

/** One look for every report chart; DejaVu Sans is what the e-mail charts use too. */
const CHART_CONFIG = {
  font: 'DejaVu Sans, Verdana, sans-serif',
  view: { stroke: null },
  axis: { labelColor: '#333', titleColor: '#333', gridColor: '#e5e5e5' },
} as const;

/**
 * Renders a Vega-Lite spec to a standalone SVG string, headless: Vega's 'none' renderer with
 * `toSVG` needs no browser and no canvas (text widths are estimated).
 */
export async function renderChartSvg(spec: ChartSpec): Promise<string> {
  const withConfig = { ...spec, config: { ...CHART_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const view = new View(parse(compile(withConfig).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
