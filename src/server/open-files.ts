import fs from 'node:fs';

/**
 * The process's soft limit on open files (what `ulimit -n` or systemd's LimitNOFILE set; Node raises
 * the soft limit to the hard one at start), or null where /proc is not available. `unlimited` counts
 * as no limit.
 */
export function openFileLimit(limitsFile = '/proc/self/limits'): number | null {
  try {
    const line = fs.readFileSync(limitsFile, 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
    if (soft === 'unlimited') return Number.POSITIVE_INFINITY;
    const n = Number(soft);
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}
