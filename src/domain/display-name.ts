/* Display names: what a person may call themselves in the discussion. Pure: the caller loads the
   staff names and whether the name is taken. The point is that a reader can trust a name: no
   look-alike of staff or of the site, nothing invisible, nothing that reorders or breaks the text
   around it. */
import RESERVED from './data/reserved-names.json';
import { lookAlikeFold } from './confusables';

export const MAX_DISPLAY_NAME = 60;

// Controls (CR, LF, NUL…), format characters (bidi overrides and isolates, zero-width spaces and
// joiners, soft hyphen, tags), private use, lone surrogates, line and paragraph separators, and the
// fillers that render as nothing (Hangul fillers, braille blank, combining grapheme joiner,
// Mongolian vowel separator, variation selectors).
const FORBIDDEN_CLASS = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{Zl}\p{Zp}]/u;
const FILLERS = [[0x034f, 0x034f], [0x115f, 0x1160], [0x17b4, 0x17b5], [0x180b, 0x180f], [0x2800, 0x2800], [0x3164, 0x3164], [0xffa0, 0xffa0], [0xfe00, 0xfe0f], [0xe0100, 0xe01ef]] as const;
/** Whether `s` holds a character no name may contain. */
export const forbidden = (s: string) => FORBIDDEN_CLASS.test(s) || [...s].some((ch) => FILLERS.some(([lo, hi]) => { const cp = ch.codePointAt(0) ?? -1; return cp >= lo && cp <= hi; }));
const VISIBLE = /[\p{L}\p{N}\p{S}\p{P}]/u;

const fold = (s: string) => lookAlikeFold(s);
const squash = (s: string) => fold(s).replace(/[^\p{L}\p{N}]/gu, '');
let reserved: { words: Set<string>; contains: string[] } | null = null;
const reservedFolded = () => (reserved ??= { words: new Set(RESERVED.words.map(squash)), contains: RESERVED.contains.map(squash) });

export type DisplayNameCheck = { ok: true; name: string } | { ok: false; code: 'invalid_display_name' | 'display_name_taken'; message: string };

export interface DisplayNameContext {
  /** Staff may use the reserved words: the badge beside their name says they are staff. */
  isStaff: boolean;
  /** Other staff accounts' names (not the person's own). */
  staffNames: readonly string[];
  /** Another account already shows exactly this name. */
  takenExactly: boolean;
}

/** The stored spelling: NFC, runs of spaces made one, trimmed. */
export function tidyDisplayName(raw: string): string {
  return raw.normalize('NFC').replace(/\p{Zs}+/gu, ' ').trim();
}

const refuse = (message: string): DisplayNameCheck => ({ ok: false, code: 'invalid_display_name', message });

/** Checks only the characters: what any name, however it arrives (sign-up, single sign-on, import), must satisfy. */
export function displayNameCharacters(raw: string): DisplayNameCheck {
  if (forbidden(raw)) return refuse('Names may not contain line breaks, control characters or invisible characters.');
  const name = tidyDisplayName(raw);
  if (!VISIBLE.test(name)) return refuse('Please choose a name with visible letters or digits.');
  if ([...name].length > MAX_DISPLAY_NAME) return refuse(`Names may be at most ${MAX_DISPLAY_NAME} characters long.`);
  return { ok: true, name };
}

/** The whole policy for a name a person chooses. */
export function checkDisplayName(raw: string, ctx: DisplayNameContext): DisplayNameCheck {
  const chars = displayNameCharacters(raw);
  if (!chars.ok) return chars;
  const { name } = chars;
  const squashed = squash(name);
  if (!ctx.isStaff) {
    const words = fold(name).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const r = reservedFolded();
    if (r.words.has(squashed) || words.some((w) => r.words.has(w)) || r.contains.some((c) => squashed.includes(c))) {
      return refuse('That name could be mistaken for the site or its staff. Please choose another.');
    }
  }
  if (ctx.staffNames.some((s) => squash(s) === squashed)) return refuse('That name looks like the name of a member of staff. Please choose another.');
  if (ctx.takenExactly) return { ok: false, code: 'display_name_taken', message: 'Another reader already uses that name. Please choose another.' };
  return { ok: true, name };
}
