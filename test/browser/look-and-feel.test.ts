import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { buildAssets, launchChromium, requireChromium } from '../helpers/browser';
import { DEMO_POST, TOUR, contextFor, startDemoServer, visit, type DemoServer, type Who } from '../helpers/demo-tour';

const run = requireChromium();

/* The demo site as a publisher sees it, in Chromium at a desktop and a phone width: the pages of
   docs/screenshots/ have no serious or critical accessibility problem and nothing wider than the
   phone; the home page, post page, admin shell, editor and embed look the way the README shows. */
describe.runIf(run)('the look of the demo site', () => {
  let demo: DemoServer;
  let browser: Browser;
  const contexts = new Map<string, BrowserContext>();
  const as = async (who: Who, width: number) => {
    const key = `${who}@${width}`;
    if (!contexts.has(key)) contexts.set(key, await contextFor(browser, demo, who, width));
    return contexts.get(key)!;
  };
  beforeAll(async () => {
    buildAssets();
    demo = await startDemoServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.cleanup();
  });

  for (const width of [1280, 390]) {
    it(`has no serious or critical axe violations and nothing wider than the screen, at ${width} px`, async () => {
      const problems: string[] = [];
      for (const stop of TOUR) {
        const page = await (await as(stop.who, width)).newPage();
        await visit(page, demo, stop);
        const results = await new AxeBuilder({ page }).analyze();
        for (const v of results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
          problems.push(`${stop.name}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        }
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${stop.name}: ${overflow} px wider than the ${width} px screen`);
        await page.close();
      }
      expect(problems).toEqual([]);
    }, 180_000);
  }

  it('home: the site as a hero, posts as cards with images and tag chips, search in the header, the support band', async () => {
    const page = await (await as('anonymous', 1280)).newPage();
    await page.goto(`${demo.base}/`);
    expect(await page.locator('.hero h1').textContent()).toBe('The Parley Review');
    expect(await page.locator('.hero').textContent()).toContain('Short briefs on the reporting worth reading');
    const cards = page.locator('.cards .card');
    expect(await cards.count()).toBe(6);
    const firstImage = cards.first().locator('img');
    await expect.poll(() => firstImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const chip = cards.first().getByRole('link', { name: 'libraries', exact: true });
    await Promise.all([page.waitForURL(`${demo.base}/tags/libraries`), chip.click()]);
    expect(await page.locator('h1').textContent()).toBe('libraries');
    await page.getByRole('searchbox', { name: 'Search posts' }).first().fill('water fines');
    await Promise.all([page.waitForURL(/\/search\?q=water\+fines/), page.getByRole('searchbox', { name: 'Search posts' }).first().press('Enter')]);
    expect(await page.locator('main .card-title').first().textContent()).toContain('Water company fines');
    const band = page.locator('.support-band');
    expect((await band.innerText()).replace(/\s+/g, ' ')).toContain('To join in with the discussion, please make a donation; profanity and abuse will be removed and may lead to a permanent ban.');
    expect(await band.getByRole('link', { name: 'Make a donation' }).getAttribute('href')).toBe('/support');
    await page.close();
  });

  it('post: tag chips, byline, a featured image wider than the text, and the cited source', async () => {
    const page = await (await as('anonymous', 1280)).newPage();
    await page.goto(`${demo.base}/posts/${DEMO_POST}`);
    expect(await page.locator('.post-head .chip').allTextContents()).toEqual(['libraries', 'local government']);
    const image = page.locator('.featured img');
    expect(await image.getAttribute('alt')).toContain('library shelves');
    const [imageBox, textBox] = [await image.boundingBox(), await page.locator('.post-body').boundingBox()];
    expect(imageBox!.width).toBeGreaterThan(textBox!.width + 100);
    expect((await page.locator('.sources').innerText()).trim()).toBe('The Guardian has more.');
    await page.close();
  });

  it('admin shell: a left navigation showing each person the areas of their roles, with the current one marked', async () => {
    const areas = async (who: Who, path: string) => {
      const page = await (await as(who, 1280)).newPage();
      await page.goto(`${demo.base}${path}`);
      const nav = page.getByRole('navigation', { name: 'Admin' });
      const out = { links: await nav.locator('li a').allTextContents(), current: await nav.locator('[aria-current=page]').allTextContents(), left: (await nav.boundingBox())!.x < (await page.locator('main').boundingBox())!.x };
      await page.close();
      return out;
    };
    expect(await areas('moderator', '/admin/audit')).toEqual({ links: ['Moderation', 'Dashboard', 'Audit log'], current: ['Audit log'], left: true });
    expect(await areas('editor', '/admin/posts')).toEqual({ links: ['Posts'], current: ['Posts'], left: true });
    expect(await areas('admin', '/admin/moderation/settings')).toEqual({
      links: ['Moderation', 'Dashboard', 'Audit log', 'Posts', 'People', 'Supporters', 'Settings', 'Outbox'],
      current: ['Settings'],
      left: true,
    });
  });

  it('supporters on a phone: each supporter is a stacked card with its column names, nothing scrolls sideways', async () => {
    const page = await (await as('admin', 390)).newPage();
    await page.goto(`${demo.base}/admin/supporters`);
    const row = page.locator('table.supporters tbody tr').first();
    expect(await row.locator('td').first().evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"Name"');
    const box = (await row.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('editor: the publish panel stays in view while the writer scrolls down the canvas', async () => {
    const page = await (await as('editor', 1280)).newPage();
    await page.goto(`${demo.base}/admin/posts/new`);
    await page.fill('#body', Array.from({ length: 80 }, (_, i) => `Paragraph ${i + 1} of a long draft.`).join('\n\n'));
    await page.locator('#add-source').scrollIntoViewIfNeeded();
    const save = page.locator('.publish-panel #save');
    const box = (await save.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(900);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
    const canvas = (await page.locator('.editor-canvas .canvas-title').boundingBox())!;
    expect(box.x).toBeGreaterThan(canvas.x + canvas.width);
    await page.close();
  });

  it('embed: transparent on a white host page, and in a dark host page\'s scheme, accent and font', async () => {
    const page = await (await as('anonymous', 1280)).newPage();
    const look = async () => {
      const frame = page.frameLocator('iframe');
      await frame.locator('.parley-comment').first().waitFor();
      return frame.locator('html').evaluate(() => {
        const link = document.querySelector<HTMLElement>('.parley-sort a:not([aria-current])')!;
        return {
          html: getComputedStyle(document.documentElement).backgroundColor,
          body: getComputedStyle(document.body).backgroundColor,
          scheme: getComputedStyle(document.documentElement).colorScheme,
          link: getComputedStyle(link).color,
          text: getComputedStyle(document.querySelector('.parley-comment')!).color,
          font: getComputedStyle(document.querySelector('.parley')!).fontFamily,
        };
      });
    };
    await page.goto(demo.hostUrl);
    const light = await look();
    expect([light.html, light.body]).toEqual(['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);
    expect(light.scheme).toBe('light');

    await page.goto(demo.hostUrl.replace('/library-hours', '/dark-library-hours'));
    const dark = await look();
    expect([dark.html, dark.body]).toEqual(['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);
    expect(dark.scheme).toBe('dark');
    expect(dark.link).toBe('rgb(76, 194, 255)'); // the host's --parley-accent: #4cc2ff
    expect(dark.font).toContain('Verdana');
    expect(dark.text).not.toBe(light.text);
    await page.close();
  });

  it('embed: a theme value that is not a colour, a font list or a length is refused with a 422, not put into the page', async () => {
    const ok = await fetch(`${demo.base}/embed/${DEMO_POST}?theme=dark&accent=%234cc2ff&font=Verdana%2C%20sans-serif&radius=4px`);
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(html).toContain('data-parley-theme="dark"');
    expect(html).toContain('--parley-accent:#4cc2ff;--parley-font:Verdana, sans-serif;--parley-radius:4px');
    for (const bad of ['accent=red%3Bbackground%3Aurl(x)', 'font=%7D%20body%7Bdisplay%3Anone', 'theme=sepia', 'radius=calc(1px)']) {
      const res = await fetch(`${demo.base}/embed/${DEMO_POST}?${bad}`);
      expect(res.status, bad).toBe(422);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
    }
  });
});
