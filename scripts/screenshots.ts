/* npm run screenshots: starts a demo server and writes docs/screenshots/NAME-WIDTH.png for every page
   of the tour (test/helpers/demo-tour.ts) at 1280 and 390 px, in Debian's Chromium. */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { TOUR, contextFor, startDemoServer, visit } from '../test/helpers/demo-tour';

const OUT = 'docs/screenshots';
const WIDTHS = [1280, 390];
// Long pages are cut here: the top of a page is what a publisher looks at, and the files stay small.
const MAX_HEIGHT = { 1280: 2200, 390: 3000 } as Record<number, number>;

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
fs.mkdirSync(OUT, { recursive: true });
const demo = await startDemoServer();
const browser = await chromium.launch({ executablePath: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars', '--font-render-hinting=none'] });
const only = process.argv.slice(2);
try {
  for (const width of WIDTHS) {
    for (const stop of TOUR.filter((s) => only.length === 0 || only.includes(s.name))) {
      const context = await contextFor(browser, demo, stop.who, width);
      const page = await context.newPage();
      await visit(page, demo, stop);
      const height = Math.min(await page.evaluate(() => document.documentElement.scrollHeight), MAX_HEIGHT[width]!);
      const file = `${OUT}/${stop.name}-${width}.png`;
      await page.screenshot({ path: file, clip: { x: 0, y: 0, width, height }, fullPage: true });
      console.log(`${file} (${width}×${height})`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await demo.cleanup();
}
