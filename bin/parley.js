#!/usr/bin/env node
// The `parley` command: runs the built CLI, building it first when the sources are newer.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist', 'cli.js');
if (!existsSync(built) || process.env.PARLEY_REBUILD === '1') {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
}
await import(built);
