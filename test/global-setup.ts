/* Runs once before any test file: builds the server and the browser bundles (scripts/build.mjs) for the
   whole run, so test files that start the real server or load the widget in Chromium find dist/ current
   without rebuilding it each (and files running side by side never rewrite it under one another). */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  process.env.PARLEY_TEST_DIST_BUILT = '1';
}
