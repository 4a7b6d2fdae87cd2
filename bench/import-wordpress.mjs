// Import benchmark: a WXR of 100,000 comments on 1,000 posts into a fresh SQLite database through
// the real `parley import wordpress` command (the built dist/cli.js), then the same file again.
// Targets: first run < 60 s with peak RSS < 300 MB; the second run creates nothing.
// Prints ONE JSON line. usage: node bench/import-wordpress.mjs [--posts 1000] [--comments 100000] [--postgres URL]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const posts = Number(opt('posts', 1000));
const comments = Number(opt('comments', 100000));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-import-'));
const file = path.join(dir, 'export.xml');
execFileSync(process.execPath, [path.join(root, 'bench/make-wxr.mjs'), file, '--posts', String(posts), '--comments', String(comments)], { stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
const databaseUrl = opt('postgres', null) ?? `sqlite:${path.join(dir, 'parley.db')}`;

function run() {
  const started = performance.now();
  const res = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'import', 'wordpress', file, '--json', '--no-progress'], {
    env: { ...process.env, PARLEY_DATABASE_URL: databaseUrl, PARLEY_LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (res.status !== 0) throw new Error(`import failed: ${res.stderr}`);
  const stats = JSON.parse(res.stdout.trim().split('\n').pop());
  return { ...stats, wallMs: Math.round(performance.now() - started) };
}

const first = run();
const second = run();
const sizeMb = fs.statSync(file).size / 1e6;
fs.rmSync(dir, { recursive: true, force: true });
const load = os.loadavg()[0];
const result = {
  cores: os.cpus().length,
  loadAverage1m: Math.round(load * 10) / 10,
  bench: 'import-wordpress',
  database: databaseUrl.startsWith('sqlite') ? 'sqlite' : 'postgres',
  fileMb: Math.round(sizeMb * 10) / 10,
  posts,
  comments,
  first: { seconds: first.wallMs / 1000, importSeconds: first.ms / 1000, cpuSeconds: first.cpuSeconds, maxRssMb: first.maxRssMb, postsCreated: first.posts.created, commentsCreated: first.comments.created, spam: first.comments.spam, trash: first.comments.trash, pingbacks: first.comments.pingbacks, commenters: first.commenters.created, redirects: first.redirects },
  second: { seconds: second.wallMs / 1000, cpuSeconds: second.cpuSeconds, maxRssMb: second.maxRssMb, postsCreated: second.posts.created, commentsCreated: second.comments.created, commentersCreated: second.commenters.created, redirects: second.redirects },
  mbPerSecond: Math.round((sizeMb / (first.ms / 1000)) * 10) / 10,
  targets: { under60s: first.wallMs < 60_000, rssUnder300Mb: first.maxRssMb < 300, secondRunAddsNothing: second.posts.created + second.comments.created + second.commenters.created + second.redirects === 0 },
};
console.log(JSON.stringify(result));
