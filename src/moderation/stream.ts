/**
 * `parley moderate`: JSON lines {"id","text"} in, one line per comment out:
 * {"id","decision","reasons":[codes],"abusive","score"}. The author is an
 * established supporter in good standing, so only the content decides.
 */
import { createInterface } from 'node:readline';
import { moderate } from './pipeline';
import { DEFAULT_MODERATION_SETTINGS } from './settings';
import type { ModerationInput, ModerationSettings } from './types';
import { Type } from '@sinclair/typebox';
import { jsonReader } from '../domain/json';

/** One input line: {"id": any, "text": string}; the id of a line that is refused still goes back with its error. */
const LINE = jsonReader(Type.Object({ id: Type.Optional(Type.Unknown()), text: Type.String() }), 'line');
const LINE_ID = jsonReader(Type.Object({ id: Type.Optional(Type.Unknown()) }), 'line');

export interface StreamLineResult {
  id: unknown;
  decision: 'publish' | 'hold' | 'reject';
  reasons: string[];
  abusive: boolean;
  score: number;
}

export function contentOnlyInput(text: string, settings: ModerationSettings = DEFAULT_MODERATION_SETTINGS): ModerationInput {
  return {
    text,
    now: new Date(0),
    user: { id: 'stream', isSupporter: true, sanction: 'none', underReview: false, publishedCommentCount: 1000, supporterSince: '2000-01-01T00:00:00Z' },
    post: { id: 'stream', discussionOpen: true },
    recent: { userCommentsLastMinute: 0, userCommentsLastHour: 0, userCommentsOnPostLast10Min: 0, userRecentBodies: [] },
    settings,
  };
}

export function moderateLine(id: unknown, text: string, settings?: ModerationSettings): StreamLineResult {
  const r = moderate(contentOnlyInput(text, settings));
  return { id, decision: r.decision, reasons: r.reasons.map((x) => x.code), abusive: r.abusive, score: Math.round(r.score * 10000) / 10000 };
}

/** Resolves with the number of lines written once `input` ends. Bad lines get {"id", "error"}. */
export async function runModerateStream(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  settings?: ModerationSettings,
): Promise<{ lines: number; errors: number }> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lines = 0;
  let errors = 0;
  for await (const line of rl) {
    if (!line.trim()) continue;
    let out: unknown;
    try {
      const row = LINE.parse(line);
      out = moderateLine(row.id ?? null, row.text, settings);
    } catch (err) {
      errors++;
      const id = LINE_ID.tryParse(line)?.id ?? null;
      out = { id, error: err instanceof Error ? err.message : String(err) };
    }
    lines++;
    if (!output.write(JSON.stringify(out) + '\n')) await new Promise<void>((r) => output.once('drain', () => r()));
  }
  return { lines, errors };
}
