#!/usr/bin/env node
// The `parley` command: runs the built CLI, building it first when it is missing or, for `start`
// from a source checkout, older than the sources. The CLI runs in this process (no child), so
// signals sent to `parley` (or to `npm start`, which execs it) reach the server itself.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist', 'cli.js');
const fromSource = existsSync(path.join(root, 'src')) && existsSync(path.join(root, 'node_modules', 'esbuild'));
if (!existsSync(built) || process.env.PARLEY_REBUILD === '1' || (process.argv[2] === 'start' && fromSource)) {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
}
await import(built);
