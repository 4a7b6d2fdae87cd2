// Gzipped size of the browser bundles against their budgets (issue "Discussion"):
// comments widget ≤ 30 KB, embed loader ≤ 3 KB. Builds first (scripts/build.mjs), prints one JSON line.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!process.argv.includes('--no-build')) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

const budgets = { comments: 30 * 1024, embed: 3 * 1024 };
const result = { bench: 'bundle-size', unit: 'bytes' };
let ok = true;
for (const [name, budget] of Object.entries(budgets)) {
  const raw = readFileSync(path.join(root, 'dist', 'assets', `${name}.js`));
  const gz = gzipSync(raw, { level: 9 }).length;
  result[name] = { raw: raw.length, gzip: gz, budget, ratio: Number((gz / budget).toFixed(3)), withinBudget: gz <= budget };
  ok &&= gz <= budget;
}
result.ok = ok;
console.log(JSON.stringify(result));
process.exitCode = ok ? 0 : 1;
