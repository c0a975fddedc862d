/// <reference lib="dom" />
/**
 * Renders an SVG document in Debian's headless Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH) the way a
 * person's browser shows it, for tests of pictures: the page's own parse errors, the rendered size, how
 * many elements match each selector, and how much of the picture is not background.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(chromiumPath);

export interface RenderedSvg {
  /** Chromium's own parse error text for the document, null when it parsed. */
  parseError: string | null;
  width: number;
  height: number;
  /** For each selector given: the number of matching elements that are rendered with a non-empty box. */
  visible: Record<string, number>;
  /** Share of sampled pixels (0..1) of the picture's box that are not the white page background. */
  inkRatio: number;
  png: Buffer;
}

let browser: Browser | undefined;

async function launch(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
  return browser;
}

export async function closeChromium(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

export async function renderSvg(svg: string, selectors: string[] = []): Promise<RenderedSvg> {
  const page = await (await launch()).newPage();
  try {
    await page.setContent('<!doctype html><body style="margin:0;background:#fff"></body>');
    const result = await page.evaluate(
      ({ svgText, selectors: sel }) => {
        const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
        const err = doc.querySelector('parsererror');
        if (err) return { parseError: err.textContent ?? 'parse error', width: 0, height: 0, visible: {} };
        const root = document.importNode(doc.documentElement, true);
        document.body.appendChild(root);
        const box = root.getBoundingClientRect();
        const visible: Record<string, number> = {};
        for (const s of sel) {
          visible[s] = Array.from(root.querySelectorAll(s)).filter((e) => {
            const r = e.getBoundingClientRect();
            return r.width > 0 || r.height > 0;
          }).length;
        }
        return { parseError: null, width: box.width, height: box.height, visible };
      },
      { svgText: svg, selectors },
    );
    const clip = result.width > 0 && result.height > 0 ? { x: 0, y: 0, width: result.width, height: result.height } : undefined;
    const png = await page.screenshot({ type: 'png', fullPage: !clip, clip });
    const inkRatio = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, img.width, img.height).data;
      const bg = [255, 255, 255];
      let ink = 0;
      let n = 0;
      for (let i = 0; i < data.length; i += 4 * 7) {
        n++;
        if (Math.abs(data[i] - bg[0]) + Math.abs(data[i + 1] - bg[1]) + Math.abs(data[i + 2] - bg[2]) > 30) ink++;
      }
      return n === 0 ? 0 : ink / n;
    }, png.toString('base64'));
    return { ...result, inkRatio, png };
  } finally {
    await page.close();
  }
}
