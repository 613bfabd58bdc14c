import { renderAsync } from '@resvg/resvg-js';

/** Twice the CSS size, so the chart stays sharp on high-density screens; HTML shows it at 1×. */
const ZOOM = 2;

/**
 * Rasterises an SVG document to PNG, because Gmail and Outlook do not show inline SVG. resvg
 * renders on libuv's thread pool, off the event loop; text uses the system fonts (none installed
 * means charts without labels, not an error).
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: ZOOM },
    background: '#ffffff',
    logLevel: 'off',
  });
  return image.asPng();
}
