/* The audit log in words: one sentence per entry ("Morgan removed Victor’s comment “…” for abuse"),
   with the people and comments it names as links. Pure: the caller loads the names (AuditSubjects)
   and passes the sentence templates (web/audit-sentences.json). */

export interface AuditSubjects {
  /** Display names by user id; null once the account is deleted. */
  users: Map<string, string | null>;
  comments: Map<string, { authorId: string | null; body: string; postSlug: string | null }>;
}

export interface AuditLine {
  at: string;
  actor: { id: string } | null;
  action: string;
  targetKind: string;
  targetId: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
}

export type SentencePart = string | { text: string; href: string };

const EXCERPT = 60;

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return `“${flat.length > EXCERPT ? flat.slice(0, EXCERPT - 1) + '…' : flat}”`;
}

function field(o: unknown, key: string): unknown {
  return o && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined;
}

function hoursText(hours: number): string {
  if (hours >= 48 && hours % 24 === 0) return `${hours / 24} days`;
  return `${Math.round(hours * 10) / 10} h`;
}

/** The entry as a sentence: `templates[action]` (or `templates['*']`) with its {tokens} filled in. */
export function describeAudit(e: AuditLine, s: AuditSubjects, templates: Record<string, string>, reasonLabels: Record<string, string>): SentencePart[] {
  const person = (id: string | null | undefined): SentencePart => {
    if (!id) return 'someone';
    const name = s.users.get(id);
    return { text: name ?? 'a deleted account', href: `/admin/moderation/users/${id}` };
  };
  const comment = e.targetKind === 'comment' && e.targetId ? s.comments.get(e.targetId) : undefined;
  const commentLink: SentencePart = comment
    ? { text: excerpt(comment.body), href: comment.postSlug ? `/posts/${comment.postSlug}#comment-${e.targetId}` : `/admin/audit?target=${e.targetId}` }
    : 'a comment';
  const hours = field(e.after, 'hours');
  const endsAt = field(e.after, 'endsAt');
  const duration =
    typeof hours === 'number' ? ` for ${hoursText(hours)}` : typeof endsAt === 'string' ? ` for ${hoursText((Date.parse(endsAt) - Date.parse(e.at)) / 3_600_000)}` : '';
  const strike = field(e.after, 'strike');
  const rolesOf = (o: unknown) => {
    const r = Array.isArray(o) ? o : field(o, 'roles');
    return Array.isArray(r) ? (r.length ? r.join(', ') : 'reader') : null;
  };
  const [rb, ra] = [rolesOf(e.before), rolesOf(e.after)];
  const tokens: Record<string, SentencePart> = {
    actor: e.actor ? person(e.actor.id) : 'Parley',
    user: e.targetKind === 'user' ? person(e.targetId) : 'someone',
    author: comment ? person(comment.authorId) : 'someone',
    comment: commentLink,
    reason: e.reason ? (reasonLabels[e.reason] ?? e.reason) : 'no reason given',
    strikeNote: strike === false ? ' (no strike)' : strike === true ? ' (with a strike)' : '',
    duration,
    roles: ra !== null ? `${rb !== null ? ` from ${rb}` : ''} to ${ra}` : '',
    action: e.action,
    target: e.targetKind === 'user' ? person(e.targetId) : e.targetKind === 'comment' ? commentLink : `${e.targetKind}${e.targetId ? ` ${e.targetId}` : ''}`,
  };
  const template = templates[e.action] ?? templates['*'] ?? '{actor}: {action} {target}';
  const parts: SentencePart[] = [];
  for (const [i, piece] of template.split(/\{(\w+)\}/).entries()) {
    if (i % 2 === 0) {
      if (piece) parts.push(piece);
    } else parts.push(tokens[piece] ?? `{${piece}}`);
  }
  // Capitalise a sentence that starts with plain text ("someone …"), and end it with a full stop.
  if (typeof parts[0] === 'string') parts[0] = parts[0].charAt(0).toUpperCase() + parts[0].slice(1);
  parts.push('.');
  return parts;
}
