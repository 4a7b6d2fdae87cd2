/**
 * Word matching on top of the `obscenity` package: its English profanity
 * data set and recommended transformers (leetspeak, confusable characters,
 * repeated letters), plus Parley's own folding (invisible characters,
 * fullwidth and Cyrillic/Greek look-alikes, accents) and de-spacing of
 * spelled-out words ("f u c k", "s.h.i.t"). Used by the profanity phase and,
 * without the English data set, by the site's own word lists.
 */
import {
  DataSet,
  RegExpMatcher,
  SyntaxKind,
  englishDataset,
  englishRecommendedTransformers,
  parseRawPattern,
  type BlacklistedTerm,
  type Node as PatternNode,
  type ParsedPattern,
  type TransformerContainer,
} from 'obscenity';
import { foldText, type FoldedText } from './text';
import { innocentInContext } from './ambiguous';
import { inPlaceName } from './place-names';
import profanityFile from './data/profanity.json';
import { dataFile, notedWordLists, wordList } from './data-check';

export interface TermHit {
  /** the text as the author wrote it */
  text: string;
  start: number;
  end: number;
  /** the listed word it matched */
  word: string;
}

export interface TermMatcherOptions {
  /** include obscenity's English profanity data set and PARLEY_ENGLISH_WORDS */
  english: boolean;
  /** English data-set words not to treat as profanity (e.g. clinical words used in news) */
  ignore?: readonly string[];
  /** extra words: "word" matches the whole word, "word*" any word starting with it */
  words?: readonly string[];
  /** words or phrases never flagged even if they contain a listed word (e.g. "Scunthorpe") */
  allow?: readonly string[];
  /** excuse gazetteer names and ambiguous words in their innocent senses (place-names.ts, ambiguous.ts); default true */
  context?: boolean;
}

/** Parley's word lists for the English list (data/profanity.json, where each key is described). */
export interface ProfanityData {
  builtinAllow: string[];
  defaultIgnoredEnglish: string[];
  parleyEnglishWords: string[];
}

/** Checks the keys of data/profanity.json that this module reads (disguise.ts checks its own); throws naming the key. */
export function validateProfanityData(file: unknown): ProfanityData {
  const f = dataFile(file, 'profanity');
  return {
    builtinAllow: notedWordLists(f.builtinAllow, 'profanity.builtinAllow', 'words'),
    defaultIgnoredEnglish: wordList(f.defaultIgnoredEnglish, 'profanity.defaultIgnoredEnglish'),
    parleyEnglishWords: wordList(f.parleyEnglishWords, 'profanity.parleyEnglishWords'),
  };
}

const DATA = validateProfanityData(profanityFile);

/**
 * Clean words that contain a profane string and that obscenity does not
 * already allow: general entries only (ordinary English words and names found
 * in standard dictionaries, and the well-known cases such as Scunthorpe).
 * Site-specific place and family names belong in the site's own `allowWords`.
 */
export const BUILTIN_ALLOW: readonly string[] = DATA.builtinAllow;

/** English data-set entries that are ordinary words in news reporting; not profanity on Parley by default. */
export const DEFAULT_IGNORED_ENGLISH: readonly string[] = DATA.defaultIgnoredEnglish;

/** Parley's additions to the English data set: slurs and profane words obscenity lacks. Their innocent senses (the garden hoe) are in ambiguous.json. */
export const PARLEY_ENGLISH_WORDS: readonly string[] = DATA.parleyEnglishWords;

function escapePattern(s: string): string {
  return s.replace(/[\\[\]?|]/g, (c) => '\\' + c);
}

/**
 * obscenity's matcher collapses a run of one letter in the text to one (two for b, e, o, l, s and g: "abbo",
 * "feelings") before it looks for a pattern; a listed word is collapsed the same way, or "goddamn" could never match.
 */
const KEPT_DOUBLE = 'beolsg';
const collapseRuns = (w: string): string => w.replace(/(.)\1+/g, (run, c: string) => c.repeat(Math.min(run.length, KEPT_DOUBLE.includes(c) ? 2 : 1)));

export function wordToPattern(word: string): string | null {
  let w = collapseRuns(foldText(word.trim()).text.replace(/\s+/g, ' '));
  const prefix = w.endsWith('*');
  if (prefix) w = w.slice(0, -1).trimEnd();
  if (!w) return null;
  return '|' + escapePattern(w) + (prefix ? '' : '|');
}

interface Compiled {
  matcher: RegExpMatcher;
  dataset: DataSet<{ originalWord: string }>;
  prefilter: RegExp | null;
  transform: ((s: string) => string) | null;
  /** context kept on each side of a window: longer than any listed or allowed phrase */
  margin: number;
}

/** Long texts are checked in windows of this many characters (plus margins); only windows the prefilter flags get the full matcher. */
const WINDOW = 256;

/**
 * A necessary condition for obscenity's matcher, checked fast: one regular expression of all its terms over the
 * text as its transformers leave it. obscenity keeps its compiled expressions and its transformed text private,
 * so both are rebuilt here from its public terms (patterns of literal, optional and wildcard nodes) and
 * transformer containers, as its RegExpMatcher builds them; test/moderation/prefilter.test.ts checks that the
 * prefilter passes every text obscenity matches.
 */
export function makePrefilter(terms: readonly BlacklistedTerm[], transformers: readonly TransformerContainer[]): { regex: RegExp; transform: (s: string) => string } {
  const regex = new RegExp(terms.map((t) => `(?:${patternSource(t.pattern)})`).join('|'), 's');
  // stateful transformers (duplicate collapsing) get one instance each, reset after every text
  const steps = transformers.map((t) => ('factory' in t ? t.factory() : { transform: t.transform, reset: () => {} }));
  const transform = (s: string): string => {
    let out = '';
    for (const ch of s) {
      let c = ch.codePointAt(0);
      for (const step of steps) {
        if (c === undefined) break;
        c = step.transform(c);
      }
      if (c !== undefined) out += String.fromCodePoint(c);
    }
    for (const step of steps) step.reset();
    return out;
  };
  return { regex, transform };
}

function patternSource(p: ParsedPattern): string {
  return (p.requireWordBoundaryAtStart ? '\\b' : '') + p.nodes.map(nodeSource).join('') + (p.requireWordBoundaryAtEnd ? '\\b' : '');
}

function nodeSource(n: PatternNode): string {
  if (n.kind === SyntaxKind.Literal) return String.fromCodePoint(...n.chars).replace(/[[\]\\.*+?^${}()|]/g, '\\$&');
  if (n.kind === SyntaxKind.Optional) return `(?:${nodeSource(n.childNode)})?`;
  return '.';
}

/**
 * Runs of 3+ single characters joined by one repeated separator: "f u c k",
 * "s.h.i.t", "c-u-n-t". (A different separator ends the run, so in
 * "a w-a-n-k" the article stays out.)
 */
const SPACED_RUN = /(?<![\p{L}\p{N}])[\p{L}\p{N}@$!|]([\s.\-_,·•:;+~'"*/\\]{1,3})[\p{L}\p{N}@$!|](?:\1[\p{L}\p{N}@$!|])+(?![\p{L}\p{N}])/gu;
const RUN_CHAR = /[\p{L}\p{N}@$!|]/u;
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const ASCII_ONLY = /^[\x00-\x7f]*$/;
/** necessary for SPACED_RUN in ASCII text: two single characters joined by a separator ("f u", "s.h") */
const ASCII_TWO_SINGLES = /(?:^|[^a-z0-9])[a-z0-9@$!|][\s.\-_,:;+~'"*/\\]{1,3}[a-z0-9@$!|](?![a-z0-9])/;
const ASCII_TRIPLE = /([a-z])\1\1/;

function rebuild(f: FoldedText, edits: Array<{ start: number; end: number; keep: number[] }>): FoldedText {
  let out = '';
  const map: number[] = [];
  let last = 0;
  for (const e of edits) {
    out += f.text.slice(last, e.start);
    for (const v of f.map.subarray(last, e.start)) map.push(v);
    for (const k of e.keep) {
      out += f.text.charAt(k);
      map.push(f.map[k] ?? 0);
    }
    last = e.end;
  }
  out += f.text.slice(last);
  for (const v of f.map.subarray(last, f.text.length + 1)) map.push(v);
  return { text: out, map: Int32Array.from(map) };
}

/**
 * Variants of the folded text in which disguises are undone: spelled-out
 * letters joined (also without a leading "a"/"I", which is usually the English
 * word), and letters repeated 3+ times squeezed to one ("coooock").
 */
export function variants(f: FoldedText): FoldedText[] {
  const out: FoldedText[] = [];
  // ASCII text (most comments) gets cheap non-Unicode pre-checks first
  const ascii = ASCII_ONLY.test(f.text);
  SPACED_RUN.lastIndex = 0;
  if ((!ascii || ASCII_TWO_SINGLES.test(f.text)) && SPACED_RUN.test(f.text)) {
    SPACED_RUN.lastIndex = 0;
    const full: Array<{ start: number; end: number; keep: number[] }> = [];
    const noArticle: typeof full = [];
    let differs = false;
    for (const m of f.text.matchAll(SPACED_RUN)) {
      const keep: number[] = [];
      for (let k = 0; k < m[0].length; k++) if (RUN_CHAR.test(m[0].charAt(k))) keep.push(m.index + k);
      const e = { start: m.index, end: m.index + m[0].length, keep };
      full.push(e);
      const first = f.text[m.index];
      const second = keep[1];
      if ((first === 'a' || first === 'i') && /\s/.test(m[1] ?? '') && keep.length > 3 && second !== undefined) {
        differs = true;
        noArticle.push({ start: second, end: e.end, keep: keep.slice(1) });
      } else noArticle.push(e);
    }
    out.push(rebuild(f, full));
    if (differs) out.push(rebuild(f, noArticle));
  }
  if (ascii ? ASCII_TRIPLE.test(f.text) : /(\p{L})\1\1/u.test(f.text)) {
    const edits: Array<{ start: number; end: number; keep: number[] }> = [];
    for (const m of f.text.matchAll(/(\p{L})\1{2,}/gu)) edits.push({ start: m.index, end: m.index + m[0].length, keep: [m.index] });
    out.push(rebuild(f, edits));
  }
  return out;
}

/** Masked spellings obscenity's wildcards do not cover ("f**k", "sh*t", "c#nt"). */
const MASKS: Array<[RegExp, string]> = [
  [/\bf[*#%@_.-]{1,3}(?:c?k|ck)(?:ing|in|er|ers|ed|s)?\b|\bf[*#%@]{2,4}(?:ing|in)?\b/g, 'fuck'],
  [/\bs[*#%@]{1,2}(?:it|t)\b|\bsh[*#%@_.-]{1,2}t(?:s|ty)?\b/g, 'shit'],
  [/\bc[*#%@]{1,2}nt(?:s)?\b|\bcu[*#%@]t\b/g, 'cunt'],
  [/\bb[*#%@]{1,2}tch(?:es)?\b|\bbi[*#%@]{1,2}ch\b/g, 'bitch'],
  [/\ba[*#%@]{2}hole(?:s)?\b|\bass?h[*#%@]le\b/g, 'asshole'],
  [/\bd[*#%@]ck(?:head)?\b/g, 'dick'],
  [/\bwh[*#%@]re\b/g, 'whore'],
  [/\bbast[*#%@]rd\b/g, 'bastard'],
];

/**
 * obscenity's English blacklist transformers (confusables, leetspeak, ASCII
 * lower case, duplicates collapsed with its per-letter thresholds), done with
 * two lookup tables for ASCII text; null for anything else, which then goes
 * through obscenity itself. Used only for the prefilter, so agreement with
 * obscenity is what matters (checked by a test over the fixtures).
 */
const LEET = new Uint8Array(128).map((_, c) => (c >= 65 && c <= 90 ? c + 32 : c));
for (const [to, from] of [['a', '@4'], ['c', '('], ['e', '3'], ['g', '6'], ['i', '1|!'], ['l', '/'], ['o', '0'], ['s', '$5'], ['t', '7'], ['z', '2']] as const) {
  for (const ch of from) LEET[ch.charCodeAt(0)] = to.charCodeAt(0);
}
LEET[124] = 108; // obscenity's confusables turn "|" into "l" before leetspeak sees it
const KEEP_REPEATS = new Uint8Array(128).fill(1);
for (const ch of KEPT_DOUBLE) KEEP_REPEATS[ch.charCodeAt(0)] = 2;
let asciiBuf = new Uint16Array(1024);

export function asciiTransform(s: string): string | null {
  const n = s.length;
  if (asciiBuf.length < n) asciiBuf = new Uint16Array(n * 2);
  const buf = asciiBuf;
  let len = 0;
  let last = -1;
  let remaining = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return null;
    const m = LEET[c] ?? c;
    if (m === last) {
      if (remaining-- > 0) buf[len++] = m;
      continue;
    }
    last = m;
    remaining = (KEEP_REPEATS[m] ?? 1) - 1;
    buf[len++] = m;
  }
  let out = '';
  for (let i = 0; i < len; i += 4096) out += String.fromCharCode.apply(null, buf.subarray(i, Math.min(len, i + 4096)) as unknown as number[]);
  return out;
}

export class TermMatcher {
  private readonly c: Compiled | null;

  constructor(opts: TermMatcherOptions) {
    const ignore = new Set((opts.ignore ?? []).map((w) => w.toLowerCase()));
    const dataset = new DataSet<{ originalWord: string }>();
    if (opts.english) {
      dataset.addAll(englishDataset as unknown as DataSet<{ originalWord: string }>);
      if (ignore.size) dataset.removePhrasesIf((p) => ignore.has(String(p.metadata?.originalWord)));
    }
    let any = opts.english;
    const parley = opts.english ? PARLEY_ENGLISH_WORDS.filter((w) => !ignore.has(w)) : [];
    for (const word of [...parley, ...(opts.words ?? [])]) {
      const pat = wordToPattern(word);
      if (!pat) continue;
      any = true;
      const original = word.trim().replace(/\*$/, '');
      dataset.addPhrase((p) => p.setMetadata({ originalWord: original }).addPattern(parseRawPattern(pat)));
    }
    if (!any) {
      this.c = null;
      return;
    }
    const built = dataset.build();
    const allow = [...(opts.english ? BUILTIN_ALLOW : []), ...(opts.allow ?? [])]
      .map((w) => foldText(w.trim()).text)
      .filter((w) => w.length > 0);
    const matcher = new RegExpMatcher({
      blacklistedTerms: built.blacklistedTerms,
      whitelistedTerms: [...(built.whitelistedTerms ?? []), ...allow],
      ...englishRecommendedTransformers,
    });
    // Fast path: obscenity runs one regular expression per term; one combined
    // expression over the same transformed text tells us whether any can match.
    const fast = makePrefilter(built.blacklistedTerms, englishRecommendedTransformers.blacklistMatcherTransformers ?? []);
    const prefilter = fast.regex;
    const transform = (s: string) => asciiTransform(s) ?? fast.transform(s);
    const longest = Math.max(0, ...allow.map((w) => w.length), ...(opts.words ?? []).map((w) => w.length));
    this.c = { matcher, dataset, prefilter, transform, margin: Math.max(48, longest + 24) };
  }

  /** All listed words in `raw`, with their positions in `raw`. */
  find(raw: string): TermHit[] {
    if (!this.c) return [];
    const folded = foldText(raw);
    const hits: TermHit[] = [];
    this.scan(raw, folded, hits);
    for (const v of variants(folded)) this.scan(raw, v, hits);
    return dedupe(hits);
  }

  private scan(raw: string, f: FoldedText, hits: TermHit[]): void {
    const c = this.c;
    if (!c) return;
    const n = f.text.length;
    if (!c.prefilter || !c.transform) return this.match(raw, f, 0, n, 0, n, hits);
    if (!c.prefilter.test(c.transform(f.text))) return;
    if (n <= WINDOW + 2 * c.margin) return this.match(raw, f, 0, n, 0, n, hits);
    // Windows: a match is kept only by the window whose core holds its start,
    // and the margins give every match and allow-list phrase its full context.
    for (let core = 0; core < n; core += WINDOW) {
      const from = Math.max(0, core - c.margin);
      const to = Math.min(n, core + WINDOW + c.margin);
      if (c.prefilter.test(c.transform(f.text.slice(from, to)))) this.match(raw, f, from, to, core, Math.min(n, core + WINDOW), hits);
    }
  }

  /** Run obscenity on f.text[from, to); keep matches starting in [keepFrom, keepTo). */
  private match(raw: string, f: FoldedText, from: number, to: number, keepFrom: number, keepTo: number, hits: TermHit[]): void {
    const c = this.c;
    if (!c) return;
    const text = from === 0 && to === f.text.length ? f.text : f.text.slice(from, to);
    for (const m of c.matcher.getAllMatches(text)) {
      const at = from + m.startIndex;
      if (at < keepFrom || at >= keepTo) continue;
      const start = f.map[at] ?? 0;
      let end = f.map[from + m.endIndex + 1] ?? raw.length;
      // report the whole word as written ("fucking", "spamwords"), not just the listed stem
      while (end < raw.length && /[\p{L}\p{N}]/u.test(raw.charAt(end))) end++;
      const meta = c.dataset.getPayloadWithPhraseMetadata(m).phraseMetadata;
      hits.push({ text: raw.slice(start, end), start, end, word: String(meta?.originalWord ?? raw.slice(start, end)) });
    }
  }
}

/**
 * Profanity finder: the term matcher plus masked spellings when the English set is on, less the names of the
 * gazetteer (place-names.ts) and, unless `context` is false, ambiguous words in their innocent senses.
 */
export class ProfanityMatcher {
  private readonly terms: TermMatcher;
  constructor(private readonly opts: TermMatcherOptions) {
    this.terms = new TermMatcher(opts);
  }
  find(raw: string): TermHit[] {
    const hits = this.terms.find(raw);
    if (this.opts.english && /[*#%@]/.test(raw)) {
      const f = foldText(raw);
      for (const [re, word] of MASKS) {
        re.lastIndex = 0;
        for (const m of f.text.matchAll(re)) {
          const start = f.map[m.index] ?? 0;
          const end = f.map[m.index + m[0].length] ?? raw.length;
          hits.push({ text: raw.slice(start, end), start, end, word });
        }
      }
    }
    const out = dedupe(hits);
    // context: false is the plain word list (training uses it, so the training set does not move with these rules)
    if (!this.opts.english || this.opts.context === false) return out;
    // real places and names written as such: Shitterton, Cumnor, Fukushima (place-names.ts), and words such as tit,
    // ass, dyke, prick, cum, Dick and hoe in their ordinary senses (ambiguous.ts)
    return out.filter((h) => !inPlaceName(raw, h) && !innocentInContext(raw, h));
  }
}

function dedupe(hits: TermHit[]): TermHit[] {
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: TermHit[] = [];
  for (const h of hits) {
    const prev = out[out.length - 1];
    if (prev && h.start < prev.end) {
      if (h.end > prev.end) prev.end = h.end;
      continue;
    }
    out.push({ ...h });
  }
  return out;
}

const cache = new Map<string, ProfanityMatcher | TermMatcher>();

function cached<T extends ProfanityMatcher | TermMatcher>(key: string, make: () => T): T {
  let m = cache.get(key);
  if (!m) {
    if (cache.size > 32) cache.clear();
    m = make();
    cache.set(key, m);
  }
  return m as T;
}

export function getProfanityMatcher(opts: { ignore: readonly string[]; words: readonly string[]; allow: readonly string[]; context?: boolean }): ProfanityMatcher {
  return cached('p' + JSON.stringify([opts.ignore, opts.words, opts.allow, opts.context ?? true]), () => new ProfanityMatcher({ english: true, ...opts }));
}

export function getWordListMatcher(words: readonly string[], allow: readonly string[] = []): TermMatcher {
  return cached('w' + JSON.stringify([words, allow]), () => new TermMatcher({ english: false, words, allow }));
}
