import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';

/** Twice the CSS size, so the chart stays sharp on high-density screens; HTML shows it at 1×. */
const ZOOM = 2;

/**
 * The chart font ships as a package, not read from the system: slim server images have no fonts
 * (charts without labels), and one font draws the same chart on every machine.
 */
const FONT_FILE = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

/**
 * Rasterises an SVG document to PNG, because Gmail and Outlook do not show inline SVG. resvg
 * renders on libuv's thread pool, off the event loop.
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: ZOOM },
    background: '#ffffff',
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    logLevel: 'off',
  });
  return image.asPng();
}
