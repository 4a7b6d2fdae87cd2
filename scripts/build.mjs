// Builds the server (dist/cli.js) and the browser bundles (dist/assets) with esbuild.
// --if-stale: skip when every output is newer than every source file.
import { build } from 'esbuild';
import { readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ifStale = process.argv.includes('--if-stale');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const outputs = [path.join(root, 'dist', 'cli.js'), path.join(root, 'dist', 'train.js'), path.join(root, 'dist', 'moderation-worker.js')];
if (ifStale && outputs.every(existsSync)) {
  const srcTime = Math.max(newest(path.join(root, 'src')), newest(path.join(root, 'tools')), statSync(path.join(root, 'package.json')).mtimeMs);
  if (outputs.every((o) => statSync(o).mtimeMs >= srcTime)) process.exit(0);
}

const started = Date.now();

/** One Node bundle: `entry` (under the repository) to dist/`out`, npm packages left as imports. */
const nodeBundle = (entry, out, extra = {}) =>
  build({
    entryPoints: [path.join(root, ...entry)],
    outfile: path.join(root, 'dist', out),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    ...extra,
  });

await nodeBundle(['src', 'cli.ts'], 'cli.js', { jsx: 'automatic', jsxImportSource: 'preact', sourcemap: true });
// The WordPress importer's reader runs in a worker thread: its own small bundle next to cli.js.
await nodeBundle(['src', 'publishing', 'import', 'wxr-worker.ts'], 'wxr-worker.js');
// Heavy reads run in a worker thread on their own SQLite connection (src/store/reader.ts): next to cli.js too.
await nodeBundle(['src', 'store', 'read-worker.ts'], 'read-worker.js');
// The moderation pipeline of new comments runs in a worker thread (src/moderation/off-thread.ts): next to cli.js too.
await nodeBundle(['src', 'moderation', 'pipeline-worker.ts'], 'moderation-worker.js');
// The trainer (`parley train`) is loaded only by that command: its own bundle, out of the server's.
await nodeBundle(['tools', 'train', 'train-cli.ts'], 'train.js');

// Browser bundles: every src/widget/entries/*.ts(x) becomes dist/assets/NAME.js.
const entriesDir = path.join(root, 'src', 'widget', 'entries');
if (existsSync(entriesDir)) {
  const entryPoints = readdirSync(entriesDir).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(entriesDir, f));
  await build({
    entryPoints,
    outdir: path.join(root, 'dist', 'assets'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['es2020'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
  });
}
console.log(`parley: built in ${Date.now() - started} ms`);
