// `npm run bench`: runs every benchmark in bench/ (each prints one JSON line) one after the other.
// Helpers (lib.ts, serve.ts, *.d.ts, files starting with "_") are not benchmarks. Pass names to run some: npm run bench -- comments-read
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'bench');
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => /\.(ts|mjs)$/.test(f) && !f.endsWith('.d.ts') && !f.startsWith('_') && !['lib.ts', 'serve.ts'].includes(f))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.(ts|mjs)$/, '')))
  .sort();
let failed = 0;
for (const file of benches) {
  const args = file.endsWith('.ts') ? ['--import', 'tsx', path.join(dir, file)] : [path.join(dir, file)];
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    failed += 1;
    console.error(`bench/${file} exited with ${r.status}`);
  }
}
process.exit(failed ? 1 : 0);
