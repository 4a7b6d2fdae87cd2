import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, requireChromium, startLiveServer, watchErrors, type LiveServer } from '../helpers/browser';
import { makePost, relaxRateLimits } from '../helpers/discussion';
import { HttpClient } from '../helpers/sse';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy';

/* A reader's live stream drops (the network between the reader and Parley is cut for a while); a
   comment posted during the gap shows up once the stream is back, without a reload. */

const run = requireChromium();

describe.runIf(run)('live updates across a dropped stream, in Chromium', () => {
  let server: LiveServer;
  let proxy: TcpProxy;
  let browser: Browser;

  beforeAll(async () => {
    server = await startLiveServer();
    await relaxRateLimits(server.ctx.db);
    proxy = await startTcpProxy(Number(new URL(server.url).port));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.cleanup();
  });

  it('shows a comment posted while the stream was cut, once it is back', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Ferries are late again' });
    const writer = new HttpClient(server.url);
    await writer.signInAsNewUser(server.ctx, 'Wren Writer');
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`http://127.0.0.1:${proxy.port}/posts/${post.slug}`);
    await page.locator('.parley').waitFor();

    // The stream is live: a first comment arrives by itself.
    const first = await writer.request('POST', `/api/posts/${post.slug}/comments`, { body: 'Before the cut: the 8:15 was cancelled.' });
    expect(first.status).toBe(201);
    await expect.poll(() => page.getByText('Before the cut').count(), { timeout: 10_000 }).toBe(1);

    proxy.cut();
    await new Promise((r) => setTimeout(r, 500));
    const during = await writer.request('POST', `/api/posts/${post.slug}/comments`, { body: 'During the cut: the 9:40 left an hour late.' });
    expect(during.status).toBe(201);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.getByText('During the cut').count()).toBe(0); // really cut off
    proxy.restore();

    // Chromium reconnects by itself (retry: 3 s) with Last-Event-ID; the widget's own fallback
    // (reloading the first page) would take 15 s or more, so this is the resumed stream.
    await expect.poll(() => page.getByText('During the cut').count(), { timeout: 9000 }).toBe(1);
    await expect.poll(() => page.locator('.parley-count').textContent()).toContain('2 comments');

    // And it stays live.
    await writer.request('POST', `/api/posts/${post.slug}/comments`, { body: 'After the cut: services are back to normal.' });
    await expect.poll(() => page.getByText('After the cut').count(), { timeout: 5000 }).toBe(1);
    expect(await page.getByText('During the cut').count()).toBe(1);
    expect(errors.filter((e) => !/ERR_|EventSource|Failed to load resource/.test(e))).toEqual([]);
    await page.close();
  });
});
