/** The timeline SVG as PNG, rasterised by resvg (no browser; system fonts, DejaVu Sans by default). */
import { Resvg } from '@resvg/resvg-js';

export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, { background: '#ffffff', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return resvg.render().asPng();
}
