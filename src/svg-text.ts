/**
 * Text that XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF) is dropped from a
 * rendered SVG: case titles, queue and stage names come from clients, and one such character makes the
 * whole document unreadable for browsers and rasterisers.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafe(svg: string): string {
  return svg.replace(NOT_XML, '');
}
