/* The letters of an initials avatar: the first letter of the first and last words of a name. */

export function initials(name: string | null | undefined): string {
  const words = (name ?? '').trim().split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w));
  if (words.length === 0) return '?';
  const first = (w: string) => [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '';
  const a = first(words[0] ?? '');
  const b = words.length > 1 ? first(words[words.length - 1] ?? '') : '';
  return (a + b).toLocaleUpperCase('en-GB');
}
