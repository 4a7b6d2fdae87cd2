/**
 * Checks for the word files in `src/moderation/data/*.json` as they load: a broken file stops Parley at start
 * with the file and key named ("moderation data: ambiguous.entries[3].before must be a list of words"), never
 * halfway through moderating a comment.
 */

export function dataError(path: string, why: string): never {
  throw new Error(`moderation data: ${path} ${why}`);
}

export const isWordList = (v: unknown): v is string[] => Array.isArray(v) && v.every((w) => typeof w === 'string' && w.length > 0);

/** The file as an object with `version` 1 and an `about` text; `name` is the file name without `.json`. */
export function dataFile(file: unknown, name: string): Record<string, unknown> {
  if (!file || typeof file !== 'object' || Array.isArray(file)) dataError(name, 'must be an object');
  const f = file as Record<string, unknown>;
  if (f.version !== 1) dataError(`${name}.version`, 'must be 1');
  if (typeof f.about !== 'string' || !f.about.trim()) dataError(`${name}.about`, 'must say what the file holds');
  return f;
}

export function wordList(v: unknown, path: string): string[] {
  if (!isWordList(v)) dataError(path, 'must be a list of words');
  return v;
}

/** A map from words to notes, e.g. a place name to its region; its keys are the words. */
export function wordMap(v: unknown, path: string): string[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) dataError(path, 'must map words to notes');
  for (const [k, note] of Object.entries(v)) {
    if (!k) dataError(path, 'must not hold an empty word');
    if (typeof note !== 'string') dataError(`${path}.${k}`, 'must be a note');
  }
  return Object.keys(v);
}

/** Lists of words each with a note saying why they are there (`[{ "note": …, "<key>": [words] }]`), joined in order. */
export function notedWordLists(v: unknown, path: string, key: string): string[] {
  if (!Array.isArray(v) || v.length === 0) dataError(path, 'must be a non-empty list');
  return v.flatMap((g: unknown, i) => {
    const group = (g ?? {}) as Record<string, unknown>;
    if (typeof group.note !== 'string') dataError(`${path}[${i}].note`, 'must be text');
    return wordList(group[key], `${path}[${i}].${key}`);
  });
}

/** A regular expression written as in JavaScript source, "/source/flags" (flags from i, u). */
export function regex(v: unknown, path: string): RegExp {
  const m = typeof v === 'string' ? /^\/(.+)\/([iu]*)$/s.exec(v) : null;
  const source = m?.[1];
  if (!m || source === undefined) dataError(path, 'must be a regular expression written "/source/flags" (flags i, u)');
  try {
    return new RegExp(source, m[2]);
  } catch (e) {
    return dataError(path, `is not a valid regular expression: ${(e as Error).message}`);
  }
}

/** A regular expression for any of `phrases` (escaped, matched as written). */
export function alternation(phrases: readonly string[]): string {
  return `(?:${[...phrases].sort((a, b) => b.length - a.length).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`;
}
