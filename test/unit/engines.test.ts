import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// semver comes with fastify; it is the same range logic npm applies to "engines".
import semver from 'semver';

interface Manifest { name?: string; version?: string; engines?: { node?: string } }

function installedManifests(dir: string, out: Manifest[] = []): Manifest[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      installedManifests(full, out);
      continue;
    }
    const file = path.join(full, 'package.json');
    if (fs.existsSync(file)) out.push(JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest);
    if (fs.existsSync(path.join(full, 'node_modules'))) installedManifests(path.join(full, 'node_modules'), out);
  }
  return out;
}

describe('package.json engines', () => {
  it('promises only Node versions that every installed package supports', () => {
    const ours = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as Manifest).engines?.node;
    expect(ours).toBeTruthy();
    const tooNarrow = installedManifests('node_modules')
      .filter((m) => m.name && m.engines?.node && semver.validRange(m.engines.node) && !semver.subset(ours!, m.engines.node))
      .map((m) => `${m.name}@${m.version} wants node ${m.engines!.node}`);
    expect(tooNarrow).toEqual([]);
  });

  it('includes the Node version running these tests', () => {
    const ours = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as Manifest).engines!.node!;
    expect(semver.satisfies(process.versions.node, ours)).toBe(true);
  });
});
