#!/usr/bin/env node
// Renders the app icons (static/icons/*.png) from static/icon.svg in headless Chromium.
// Run after changing the SVG: `node scripts/render-icons.mjs` (needs bench/'s npm
// packages: `npm ci --prefix bench`). The PNGs are committed; builds do not run this.
//
//   icon-192.png, icon-512.png                   purpose "any": rounded square, transparent corners
//   icon-maskable-192.png, icon-maskable-512.png purpose "maskable": full-bleed background, the
//                                                artwork scaled to 78% so it stays inside the
//                                                safe zone (a circle of 40% of the size)
//   apple-touch-icon.png (180)                   full-bleed (iOS rounds the corners itself)

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = await import(pathToFileURL(join(root, 'bench/node_modules/playwright-core/index.mjs')).href);
const svg = await readFile(join(root, 'static/icon.svg'), 'utf8');
const out = join(root, 'static/icons');
await mkdir(out, { recursive: true });

const variants = [
  { file: 'icon-192.png', size: 192, bleed: false, scale: 1 },
  { file: 'icon-512.png', size: 512, bleed: false, scale: 1 },
  { file: 'icon-maskable-192.png', size: 192, bleed: true, scale: 0.78 },
  { file: 'icon-maskable-512.png', size: 512, bleed: true, scale: 0.78 },
  { file: 'apple-touch-icon.png', size: 180, bleed: true, scale: 0.86 },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  for (const v of variants) {
    const page = await browser.newPage({ viewport: { width: v.size, height: v.size }, deviceScaleFactor: 1 });
    await page.setContent(`<!doctype html><html><head><style>html,body{margin:0;background:transparent}
      svg{display:block;width:${v.size}px;height:${v.size}px}</style></head><body>${svg}</body></html>`);
    await page.evaluate(({ bleed, scale }) => {
      const bg = document.getElementById('bg');
      if (bleed) bg.setAttribute('rx', '0');
      const art = document.getElementById('art');
      if (scale !== 1) art.setAttribute('transform', `translate(256 256) scale(${scale}) translate(-256 -256)`);
    }, v);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: v.size, height: v.size } });
    await writeFile(join(out, v.file), png);
    console.log(`render-icons: static/icons/${v.file} (${v.size}px, ${png.length} bytes)`);
    await page.close();
  }
} finally {
  await browser.close();
}
