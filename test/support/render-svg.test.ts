import { afterAll, expect, it } from 'vitest';
import { closeChromium, renderSvg } from './render-svg.js';
afterAll(closeChromium);
it('a rendered SVG reports its marks, its ink, and a parse error for a broken document', async () => {
  const r = await renderSvg('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect class="bar" x="0" y="0" width="100" height="100" fill="red"/></svg>', ['rect.bar']);
  expect(r.inkRatio).toBeGreaterThan(0.4); expect(r.inkRatio).toBeLessThan(0.6);
  expect(r.visible['rect.bar']).toBe(1);
  const bad = await renderSvg('<svg><rect</svg>');
  expect(bad.parseError).not.toBeNull();
});
