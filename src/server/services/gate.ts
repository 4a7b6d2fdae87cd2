import { gate, type GateAction, type GateRefusal } from '../../domain/gate';
import { DomainError } from '../../domain/errors';
import type { PostsTable } from '../../store/schema';
import type { SessionUser } from '../plugins/session';

/** The error a gate refusal leaves as: 401 or 403 {error: {code, message, cta?}}. */
export function gateError(refusal: GateRefusal): DomainError {
  return new DomainError(refusal.status === 401 ? 'unauthorized' : 'forbidden', refusal.code, refusal.message, refusal.cta ? { cta: refusal.cta } : {});
}

/** Throws the gate's refusal for `action`, if any (comments, likes, flags); every action but reading needs a signed-in user. */
export function enforceGate(action: Exclude<GateAction, 'read'>, user: SessionUser | null, post: Pick<PostsTable, 'discussion' | 'discussion_closes_at'>, now: Date): asserts user is SessionUser;
export function enforceGate(action: GateAction, user: SessionUser | null, post: Pick<PostsTable, 'discussion' | 'discussion_closes_at'>, now: Date): void;
export function enforceGate(action: GateAction, user: SessionUser | null, post: Pick<PostsTable, 'discussion' | 'discussion_closes_at'>, now: Date): void {
  const g = gate(action, user, { discussion: post.discussion, discussionClosesAt: post.discussion_closes_at }, now);
  if (!g.allowed) throw gateError(g);
}
