/* SIGTERM, as a process supervisor or a container runtime sends it, through the documented start
   commands: the server drains and stops, its port closes, and no process is left behind. */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssets } from '../helpers/browser';
import { freePort } from '../helpers/free-port';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-sig-'));
const leftovers = new Set<number>();

/** Every process below `pid`, from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '); // a zombie is gone too
  } catch {
    return false;
  }
}

function portOpen(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(p, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

beforeAll(() => buildAssets());
afterAll(() => {
  for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SIGTERM through the documented start commands', () => {
  // The last is what deploy/parley.service and deploy/Dockerfile run.
  for (const command of [['npm', 'start'], ['npx', 'parley', 'start'], [process.execPath, 'dist/cli.js', 'start']]) {
    it(`${command.join(' ').replace(process.execPath, 'node')}: the server stops, the port closes, nothing is orphaned`, async () => {
      const port = await freePort();
      const env = { ...process.env, PARLEY_DATABASE_URL: `sqlite:${path.join(dir, `${command[0]}.db`)}`, PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'warn', PARLEY_HOST: '127.0.0.1', PARLEY_PORT: String(port) };
      const launcher: ChildProcess = spawn(command[0]!, command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      launcher.stdout!.on('data', (b: Buffer) => (output += b));
      launcher.stderr!.on('data', (b: Buffer) => (output += b));
      let gone = false;
      const exited = new Promise<void>((r) => launcher.once('exit', () => ((gone = true), r())));
      // A launcher that exits before serving fails at once, with what it printed.
      const health = () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0);
      const deadline = Date.now() + 60_000;
      let status = await health();
      while (status !== 200 && !gone && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        status = await health();
      }
      expect(status, `${command.join(' ')} did not serve /healthz on port ${port}${gone ? ' and exited' : ' within 60 s'}; it printed:\n${output}`).toBe(200);
      const tree = descendants(launcher.pid!);
      for (const pid of tree) leftovers.add(pid);
      tree.push(launcher.pid!);

      launcher.kill('SIGTERM');
      await exited;
      await expect.poll(() => portOpen(port), { timeout: 10_000 }).toBe(false);
      await expect.poll(() => tree.filter(alive), { timeout: 10_000 }).toEqual([]);
    }, 90_000);
  }
});
