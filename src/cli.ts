#!/usr/bin/env node
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { loadConfig, ConfigError, type Config } from './config';
import { packageRoot } from './paths';
import { startServer, createLogger } from './server/start';
import { openStore, migrate, backupSqlite } from './store/db';
import { restoreSqlite } from './store/restore';
import { createUser, findUserByEmail } from './store/users';
import { hashPassword } from './server/services/passwords';
import { isRole } from './domain/roles';
import { canonicalEmail } from './domain/email';
import { vetDisplayName } from './server/services/display-names';
import { registerImportCommands } from './publishing/import/cli';
import { runModerateStream } from './moderation/stream';
import { moderationSettings } from './server/services/comment-moderation';
import type { ModerationSettings } from './moderation/types';

function config(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`parley: bad configuration: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

function fail(message: string): never {
  process.stderr.write(`parley: ${message}\n`);
  process.exit(1);
}

/**
 * Under npm (`npx parley start`, `npm start`), npm passes a SIGTERM to the shell it started, which
 * dies without passing it on, and npm exits: the server would keep serving with nobody to stop it.
 * So when the process that started this one goes away, stop as if told to. Only under npm: a
 * server started with `nohup node … &` outlives its shell on purpose.
 */
function watchLauncher(stop: () => void): void {
  if (!process.env.npm_command) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, 250);
  timer.unref();
}

const program = new Command('parley').description('Parley: publishing, supporters, discussion and moderation for a reader-funded site');

program
  .command('start')
  .description('migrate, then serve (an empty database gets the demo site)')
  .option('--port <n>', 'port to listen on (PARLEY_PORT)')
  .action(async (opts: { port?: string }) => {
    if (opts.port) process.env.PARLEY_PORT = opts.port;
    const server = await startServer(config());
    server.ctx.log.info(`Parley is serving ${server.ctx.config.publicUrl}`);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      server.ctx.log.info(`${signal}: finishing in-flight requests, then stopping`);
      server.close().then(
        () => process.exit(0),
        (err: unknown) => {
          server.ctx.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    watchLauncher(() => stop('the npm process that started Parley has stopped'));
  });

program
  .command('migrate')
  .description('apply database migrations')
  .action(async () => {
    const store = openStore(config().databaseUrl);
    const applied = await migrate(store);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    await store.close();
  });

const user = program.command('user').description('manage users');
user
  .command('create')
  .requiredOption('--email <email>')
  .requiredOption('--password <password>')
  .requiredOption('--name <name>', 'display name')
  .option('--role <role>', 'admin, moderator or editor')
  .action(async (opts: { email: string; password: string; name: string; role?: string }) => {
    const email = canonicalEmail(opts.email);
    if (!email) return fail(`not an e-mail address: ${opts.email}`);
    if (opts.password.length < 8) fail('the password needs at least 8 characters');
    if (opts.role && (!isRole(opts.role) || opts.role === 'reader')) fail(`unknown role "${opts.role}" (admin, moderator or editor)`);
    const store = openStore(config().databaseUrl);
    await migrate(store);
    if (await findUserByEmail(store.db, email)) fail(`a user with ${email} exists already`);
    let displayName = opts.name;
    try {
      displayName = await vetDisplayName(store.db, opts.name, { userId: null, isStaff: !!opts.role });
    } catch (err) {
      await store.close();
      fail(`--name: ${(err as Error).message}`);
    }
    const row = await createUser(store.db, { email, displayName, passwordHash: await hashPassword(opts.password), roles: opts.role && isRole(opts.role) ? [opts.role] : [], emailVerified: true }, new Date());
    process.stdout.write(`created user ${row.id} <${row.email}>${opts.role ? ` as ${opts.role}` : ''}\n`);
    await store.close();
  });

program
  .command('backup <file>')
  .description('consistent online backup of the SQLite database (safe while the server runs)')
  .action(async (file: string) => {
    const store = openStore(config().databaseUrl);
    try {
      await backupSqlite(store, file);
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    }
    process.stdout.write(`backup written to ${file}\n`);
    await store.close();
  });

program
  .command('restore <file>')
  .description('replace the SQLite database with a backup (stop the server first)')
  .action(async (file: string) => {
    try {
      await restoreSqlite(config().databaseUrl, file);
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    }
    process.stdout.write(`restored ${file}\n`);
  });

registerImportCommands(program);

program
  .command('moderate')
  .description('read JSON lines {"id","text"} on stdin; write the automated decision for each on stdout (nothing is stored)')
  .option('--defaults', "use Parley's default moderation settings instead of the site's")
  .action(async (opts: { defaults?: boolean }) => {
    let settings: ModerationSettings | undefined;
    if (!opts.defaults) {
      const store = openStore(config().databaseUrl);
      await migrate(store);
      settings = await moderationSettings(store.db);
      await store.close();
    }
    const { errors } = await runModerateStream(process.stdin, process.stdout, settings);
    if (errors) process.stderr.write(`parley: ${errors} line(s) could not be read\n`);
  });

/** The trainer lives outside the runtime bundle (tools/train): dist/train.js beside a built CLI, the source otherwise. */
function trainerUrl(): URL {
  return import.meta.url.endsWith('.js') ? new URL('./train.js', import.meta.url) : pathToFileURL(path.join(packageRoot(), 'tools', 'train', 'train-cli.ts'));
}

program
  .command('train')
  .description('train the abuse classifier from the labelled data (seeded; prints held-out metrics) and write models/abuse-model.json')
  .option('--data <dir>', 'labelled data folder (default ../shared/data/moderation or PARLEY_TRAINING_DATA)')
  .option('--seed <n>', 'random seed', '1')
  .option('--out <file>', 'where to write the model')
  .action(async (opts: { data?: string; seed: string; out?: string }) => {
    const { runTrainCli } = (await import(trainerUrl().href)) as { runTrainCli: (argv: string[]) => Promise<void> };
    await runTrainCli([...(opts.data ? ['--data', opts.data] : []), '--seed', opts.seed, ...(opts.out ? ['--out', opts.out] : [])]);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  createLogger(loadConfig({})).error({ err }, 'command failed');
  process.exit(1);
});
