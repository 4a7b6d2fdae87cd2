/* Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core, against a real Parley
   server on a random port. Browser bundles are built once per test file. */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser as PwBrowser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server/start';
import { ManualClock } from '../../src/domain/clock';
import { freshDatabase } from './harness';

export const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumAvailable = fs.existsSync(CHROMIUM);

/** Loud when Chromium is missing locally; a failure in CI. */
export function requireChromium(): boolean {
  if (!chromiumAvailable) {
    if (process.env.CI) throw new Error(`Chromium is required in CI but ${CHROMIUM} does not exist`);
    console.warn(`\n*** SKIPPING browser tests: ${CHROMIUM} not found (apt-get install chromium) ***\n`);
  }
  return chromiumAvailable;
}

/* Built once per run by test/global-setup.ts (which sets PARLEY_TEST_DIST_BUILT), or here once per file
   when a file runs without it. */
let built = process.env.PARLEY_TEST_DIST_BUILT === '1';
export function buildAssets(): void {
  if (built) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  built = true;
}

/** `extraArgs`: e.g. `--host-resolver-rules=MAP parley.lan 127.0.0.1` to reach the server by a LAN-like name. */
export async function launchChromium(extraArgs: string[] = []): Promise<PwBrowser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', ...extraArgs],
  });
}

export interface LiveServer extends RunningServer {
  cleanup(): Promise<void>;
}

/** A real Parley server (SQLite temp database unless databaseUrl is given) on a random port. */
export async function startLiveServer(opts: { env?: Record<string, string>; seedDemo?: boolean; clock?: ManualClock } = {}): Promise<LiveServer> {
  buildAssets();
  const database = opts.env?.PARLEY_DATABASE_URL ? null : await freshDatabase('sqlite');
  const config = loadConfig({
    PARLEY_DATABASE_URL: database?.url ?? '',
    PARLEY_PORT: '0',
    PARLEY_HOST: '127.0.0.1',
    PARLEY_SEED_DEMO: opts.seedDemo ? 'true' : 'false',
    PARLEY_LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const server = await startServer(config, opts.clock ? { clock: opts.clock } : {}, { print: () => {} });
  // The public URL must be the real address so that Origin checks and links work.
  const port = (server.app.server.address() as { port: number }).port;
  server.ctx.config.publicUrl = `http://127.0.0.1:${port}`;
  return { ...server, async cleanup() { await server.close(); await database?.cleanup(); } };
}

/** Collects console errors and page errors, so a test can assert that a page ran cleanly. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Signs a Playwright page in through the real login form. */
export async function signInThroughForm(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.click('form[data-api="/api/auth/login"] button[type=submit]')]);
}

export const ARTIFACTS = 'test-artifacts';
export function artifactPath(name: string): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return `${ARTIFACTS}/${name}`;
}
