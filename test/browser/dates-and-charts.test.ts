import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, buildAssets, launchChromium, requireChromium, watchErrors } from '../helpers/browser';
import { DEMO_POST, startDemoServer, type DemoServer } from '../helpers/demo-tour';
import { newId } from '../../src/store/ids';

/* Dates written one way on every page staff and readers read, and charts whose labels fit, on the
   demo site at a desktop's and a phone's width. */
const run = requireChromium();
const MONTH = '(January|February|March|April|May|June|July|August|September|October|November|December)';
const ONE_FORMAT = new RegExp(`^\\d{1,2} ${MONTH} \\d{4}(, \\d\\d:\\d\\d UTC)?$`);

describe.runIf(run)('dates and charts on the demo site, in Chromium', () => {
  let demo: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    buildAssets();
    demo = await startDemoServer();
    browser = await launchChromium();
    // A mail in the outbox, as a sign-in link or a reply notice leaves one.
    await demo.ctx.db.insertInto('mail_outbox').values({ id: newId(Date.now()), to_address: 'reader@example.org', subject: 'Your sign-in link', text: 'Hello', html: null, created_at: new Date().toISOString(), sent_at: null, error: null }).execute();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.cleanup();
  });

  async function adminPage(width: number): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const admin = demo.passwords.get('admin')!;
    await page.goto(`${demo.base}/login`);
    await page.fill('#email', admin.email);
    await page.fill('#password', admin.password);
    await Promise.all([page.waitForURL(`${demo.base}/`), page.click('form[data-api="/api/auth/login"] button[type=submit]')]);
    return { page, errors };
  }

  it('writes every date one way: "2 December 2026", with ", 14:05 UTC" where the time matters', async () => {
    const { page, errors } = await adminPage(1280);
    const someone = await demo.ctx.db.selectFrom('comments').select('author_id').where('author_id', 'is not', null).executeTakeFirstOrThrow();
    const pages: Array<[string, string]> = [
      ['/admin/outbox', 'main details'],
      ['/admin/supporters', 'main table.supporters'],
      ['/admin/posts', 'main table'],
      ['/admin/users', 'main table'],
      ['/admin/audit', 'main table'],
      ['/admin/moderation', '[data-testid=mod-item]'],
      [`/admin/moderation/users/${someone.author_id}`, 'main'],
      [`/posts/${DEMO_POST}`, 'main .parley-comment'],
      ['/', 'main time'],
    ];
    const wrong: string[] = [];
    let seen = 0;
    for (const [path, ready] of pages) {
      await page.goto(`${demo.base}${path}`);
      await page.locator(ready).first().waitFor({ timeout: 10_000 }).catch(() => wrong.push(`${path}: ${ready} never appeared`));
      // Every <time> outside the discussion's relative times ("5 minutes ago"), and no other date anywhere in the text.
      const { times, text } = await page.evaluate(() => ({
        times: [...document.querySelectorAll('main time')].filter((t) => !t.closest('.parley')).map((t) => (t.textContent ?? '').trim()),
        text: (document.querySelector('main') as HTMLElement).innerText,
      }));
      seen += times.length;
      for (const t of times) if (!ONE_FORMAT.test(t)) wrong.push(`${path}: <time>${t}</time>`);
      for (const m of text.matchAll(/\b\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d)?|\b\d{1,2} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b/g)) wrong.push(`${path}: ${m[0]}`);
    }
    expect(wrong).toEqual([]);
    expect(seen).toBeGreaterThan(10);
    expect(errors).toEqual([]);
  }, 120_000);

  for (const width of [1280, 390]) {
    it(`keeps the moderation and supporter charts' labels inside the charts, and the pages inside the screen, at ${width} px`, async () => {
      const { page, errors } = await adminPage(width);
      for (const path of ['/admin/moderation/dashboard', '/admin/supporters']) {
        await page.goto(`${demo.base}${path}`);
        await page.locator('figure.chart svg').first().waitFor();
        const clipped = await page.evaluate(() =>
          [...document.querySelectorAll('figure.chart svg text')]
            .filter((t) => {
              const svg = (t as SVGTextElement).ownerSVGElement!.getBoundingClientRect();
              const r = t.getBoundingClientRect();
              return r.left < svg.left - 0.5 || r.right > svg.right + 0.5 || r.top < svg.top - 0.5 || r.bottom > svg.bottom + 0.5;
            })
            .map((t) => t.textContent),
        );
        expect(clipped, path).toEqual([]);
        // Labels side by side must not run into each other.
        const overlapping = await page.evaluate(() => {
          const out: string[] = [];
          for (const svg of document.querySelectorAll('figure.chart svg')) {
            const boxes = [...svg.querySelectorAll('text')].map((t) => ({ t: t.textContent, r: t.getBoundingClientRect() }));
            for (let i = 0; i < boxes.length; i++)
              for (let j = i + 1; j < boxes.length; j++) {
                const a = boxes[i]!.r;
                const b = boxes[j]!.r;
                if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) out.push(`${boxes[i]!.t} / ${boxes[j]!.t}`);
              }
          }
          return out;
        });
        expect(overlapping, path).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(width);
        // Readable: no label drawn smaller than 9 px, however narrow the screen.
        const smallest = await page.evaluate(() =>
          Math.min(
            ...[...document.querySelectorAll('figure.chart svg text')].map((t) => {
              const svg = (t as SVGTextElement).ownerSVGElement!;
              const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
              return parseFloat(getComputedStyle(t).fontSize) * scale;
            }),
          ),
        );
        expect(smallest, path).toBeGreaterThanOrEqual(9);
        await page.screenshot({ path: artifactPath(`charts${path.replace(/\//g, '-')}-${width}.png`), fullPage: true });
      }
      expect(errors).toEqual([]);
    }, 60_000);
  }
});
