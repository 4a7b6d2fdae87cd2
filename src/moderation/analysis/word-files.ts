/** Word lists of the evidence step that are too long for JSON: one word per line, `#` lines are comments. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../paths';

const loaded = new Map<string, Set<string>>();

/** The words of `src/moderation/data/<name>`, read once; throws when the file holds fewer than `atLeast`. */
export function wordFile(name: string, atLeast: number): Set<string> {
  let words = loaded.get(name);
  if (!words) {
    const file = join(packageRoot(), 'src', 'moderation', 'data', name);
    words = new Set(readFileSync(file, 'utf8').split('\n').filter((w) => w && !w.startsWith('#')));
    if (words.size < atLeast) throw new Error(`moderation data: ${file} holds ${words.size} words, expected at least ${atLeast}`);
    loaded.set(name, words);
  }
  return words;
}
