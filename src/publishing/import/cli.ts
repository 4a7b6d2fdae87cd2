import fs from 'node:fs';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { loadConfig } from '../../config';
import { openStore, migrate } from '../../store/db';
import { systemClock } from '../../domain/clock';
import { importWordPress } from './wordpress';
import { importDisqus } from './disqus';
import type { ImportStats } from './common';

function formatBytes(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`;
}

function summary(kind: string, s: ImportStats & { threads?: { matched: number; unmatched: number; commentsWithoutPost: number } }, ms: number): string {
  const lines = [
    `${kind} import finished in ${(ms / 1000).toFixed(1)} s`,
    `  posts:      ${s.posts.created} created, ${s.posts.existing} already imported, ${s.posts.skipped} skipped (pages, attachments, trash)`,
    `  authors:    ${s.authors.created} created, ${s.authors.existing} existing`,
    `  commenters: ${s.commenters.created} created, ${s.commenters.existing} existing`,
    `  comments:   ${s.comments.created} created (${s.comments.published} published, ${s.comments.pending} awaiting moderation), ${s.comments.existing} already imported`,
    `  skipped:    ${s.comments.spam} spam, ${s.comments.trash} trash, ${s.comments.deleted} deleted, ${s.comments.pingbacks} pingbacks/trackbacks; ${s.comments.orphaned} replies whose parent is missing became top-level`,
    `  redirects:  ${s.redirects} old addresses now redirect`,
  ];
  if (s.threads) lines.push(`  threads:    ${s.threads.matched} matched to posts, ${s.threads.unmatched} without a post (${s.threads.commentsWithoutPost} comments not imported)`);
  for (const w of s.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n') + '\n';
}

async function run(kind: 'wordpress' | 'disqus', file: string, opts: { json?: boolean; progress?: boolean; worker?: boolean }): Promise<void> {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    process.stderr.write(`parley: cannot read ${file}\n`);
    process.exit(1);
  }
  const config = loadConfig();
  const store = openStore(config.databaseUrl);
  await migrate(store);
  const showBar = opts.progress !== false && process.stderr.isTTY;
  const bar = showBar
    ? new cliProgress.SingleBar(
        { format: ' {bar} {percentage}% | {read} of {size} | {comments} comments | ETA {eta_formatted}', stream: process.stderr, hideCursor: true, etaBuffer: 50 },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(size, 0, { read: formatBytes(0), size: formatBytes(size), comments: 0 });
  const started = performance.now();
  const onProgress = (read: number, stats: ImportStats) => bar?.update(read, { read: formatBytes(read), size: formatBytes(size), comments: stats.comments.created + stats.comments.existing });
  try {
    const stats = kind === 'wordpress' ? await importWordPress(store.db, file, { clock: systemClock, onProgress, worker: opts.worker !== false }) : await importDisqus(store.db, file, { clock: systemClock, onProgress });
    bar?.update(size);
    bar?.stop();
    const ms = performance.now() - started;
    process.stdout.write(opts.json ? JSON.stringify({ ...stats, ms: Math.round(ms), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), cpuSeconds: Math.round((process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e4) / 100 }) + '\n' : summary(kind === 'wordpress' ? 'WordPress' : 'Disqus', stats, ms));
  } catch (err) {
    bar?.stop();
    process.stderr.write(`parley: import stopped: ${err instanceof Error ? err.message : String(err)}\nEverything written before this point is kept; running the same command again resumes.\n`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}

/** `parley import wordpress FILE` and `parley import disqus FILE`. */
export function registerImportCommands(program: Command): void {
  const imp = program.command('import').description('bring an existing site in (resumable: running the same import again creates nothing twice)');
  imp
    .command('wordpress <file>')
    .description('import posts, authors, tags, commenters and threaded comments from a WordPress export (WXR)')
    .option('--json', 'print the counts as one JSON line')
    .option('--no-progress', 'no progress bar')
    .option('--no-worker', 'read the file on the main thread (normally a worker thread reads while the main thread writes)')
    .action((file: string, opts: { json?: boolean; progress?: boolean; worker?: boolean }) => run('wordpress', file, opts));
  imp
    .command('disqus <file>')
    .description('import the comments of a Disqus export into the posts they belong to')
    .option('--json', 'print the counts as one JSON line')
    .option('--no-progress', 'no progress bar')
    .action((file: string, opts: { json?: boolean; progress?: boolean }) => run('disqus', file, opts));
}
