// Runs every benchmark in bench/ (or those named on the command line) one after another.
// Each prints one JSON line with its figures; this prints them all, and writes them to bench/results.jsonl.
import { readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const files = readdirSync(path.join(root, 'bench'))
  .filter((f) => /\.(mjs|ts)$/.test(f) && !f.startsWith('_') && !f.startsWith('make-'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
const lines = [];
for (const f of files) {
  process.stderr.write(`bench: ${f}\n`);
  const args = f.endsWith('.ts') ? ['--import', 'tsx', path.join('bench', f)] : [path.join('bench', f)];
  const out = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (line) {
    lines.push(line);
    process.stdout.write(line + '\n');
  }
}
writeFileSync(path.join(root, 'bench', 'results.jsonl'), lines.join('\n') + '\n');
