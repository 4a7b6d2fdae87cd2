/* Dry run of moderation settings: replays past comments through the content checks under given
   settings and counts what would have been published, held or rejected. Pure: the caller loads the
   comments. Author-dependent checks (rate, repeats, new-supporter holds) depend on history at the
   time and are not replayed; the content checks are (length, links, word lists, profanity, abuse). */
import type { ModerationSettings } from './types';
import { moderate } from './pipeline';
import { contentOnlyInput } from './stream';

export interface ReplayItem {
  id: string;
  text: string;
  /** what actually happened: published | pending | removed | rejected */
  outcome: string;
}

export interface ReplayCounts {
  publish: number;
  hold: number;
  reject: number;
  byReason: Record<string, number>;
}

export interface ReplayReport {
  total: number;
  current: ReplayCounts;
  proposed: ReplayCounts;
  /** items whose decision changes, first 50 */
  changes: Array<{ id: string; excerpt: string; outcome: string; from: string; to: string; reasons: string[] }>;
  changedCount: number;
}

const empty = (): ReplayCounts => ({ publish: 0, hold: 0, reject: 0, byReason: {} });

export function replay(items: readonly ReplayItem[], current: ModerationSettings, proposed: ModerationSettings): ReplayReport {
  const report: ReplayReport = { total: items.length, current: empty(), proposed: empty(), changes: [], changedCount: 0 };
  for (const item of items) {
    const before = moderate(contentOnlyInput(item.text, current));
    const after = moderate(contentOnlyInput(item.text, proposed));
    for (const [counts, r] of [[report.current, before], [report.proposed, after]] as const) {
      counts[r.decision] += 1;
      for (const reason of r.reasons) if (reason.action !== 'publish') counts.byReason[reason.code] = (counts.byReason[reason.code] ?? 0) + 1;
    }
    if (before.decision !== after.decision) {
      report.changedCount += 1;
      if (report.changes.length < 50) {
        report.changes.push({ id: item.id, excerpt: item.text.slice(0, 160), outcome: item.outcome, from: before.decision, to: after.decision, reasons: after.reasons.map((r) => r.code) });
      }
    }
  }
  return report;
}
