/* Single sign-on from an embedding site: checking its tokens, and which Parley account a token may
   act as. The host vouches for its own user (the token's subject); its word on an e-mail address
   claims no account that has credentials of its own here. */
import { errors as joseErrors, jwtVerify } from 'jose';
import type { AppContext } from '../context';
import { MINUTE, HOUR } from '../../domain/clock';
import { canonicalEmail, normalizeEmail } from '../../domain/email';
import { DomainError } from '../../domain/errors';
import { displayNameCharacters, checkDisplayName } from '../../domain/display-name';
import { isStaff } from '../../domain/roles';
import { audit } from '../../store/audit';
import { consumeMailToken, createMailToken } from '../../store/sessions';
import { consumeSsoTokenId } from '../../store/sso-tokens';
import { createUser, displayNameTaken, findUserByEmail, findUserById, findUserBySsoSubject, getRoles, staffNames, updateUser, type Db } from '../../store/users';
import type { UsersTable } from '../../store/schema';
import { Type } from '@sinclair/typebox';
import { jsonReader } from '../../domain/json';
import { emailProved } from './email-confirmation';

const MAX_SSO_LIFETIME_MS = 10 * MINUTE;
export const SSO_LINK_PURPOSE = 'sso_link';
/** What a link token carries: the host's subject the account is to sign in as (a token without it links nothing). */
const LINK_DATA = jsonReader(Type.Object({ sub: Type.String() }), 'SSO link token data');

const invalid = (message = 'The sign-in token is not valid. Reload the page and try again.') => new DomainError('unauthorized', 'sso_invalid', message);

export interface SsoClaims {
  sub: string;
  jti: string;
  exp: number;
  /** Canonical address. */
  email: string;
  /** The host says it has proved the address (`email_verified: true`). */
  emailVerified: boolean;
  name: string;
  raw: Record<string, unknown>;
}

/** Checks a host-signed token (HS256, at most 10 minutes long, with sub, jti, e-mail and name) and uses it up: each token works once. */
export async function verifySsoToken(ctx: AppContext, token: string): Promise<SsoClaims> {
  if (!ctx.config.ssoSecret) throw new DomainError('not_found', 'sso_disabled', 'Single sign-on is not set up on this site.');
  const now = ctx.clock.now();
  let claims: Record<string, unknown>;
  try {
    const verified = await jwtVerify(token, new TextEncoder().encode(ctx.config.ssoSecret), { algorithms: ['HS256'], currentDate: now, requiredClaims: ['exp', 'sub', 'jti'] });
    claims = verified.payload as Record<string, unknown>;
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw invalid('The sign-in token has expired. Reload the page and try again.');
    throw invalid();
  }
  const exp = claims.exp as number;
  if (!Number.isFinite(exp) || exp * 1000 - now.getTime() > MAX_SSO_LIFETIME_MS) throw invalid('The sign-in token is valid for too long (10 minutes at most).');
  const { sub, jti } = claims;
  const email = typeof claims.email === 'string' ? canonicalEmail(claims.email) : null;
  const name = typeof claims.name === 'string' ? claims.name.slice(0, 200) : '';
  if (typeof sub !== 'string' || !sub || sub.length > 200 || sub.startsWith('hash:') || typeof jti !== 'string' || !jti || jti.length > 200 || !email || !name.trim()) {
    throw invalid('The sign-in token lacks the user’s id, e-mail address or name.');
  }
  if (claims.email_verified !== undefined && typeof claims.email_verified !== 'boolean') throw invalid('The email_verified claim must be true or false.');
  if (claims.supporter !== undefined && typeof claims.supporter !== 'boolean') throw invalid('The supporter claim must be true or false.');
  if (!(await consumeSsoTokenId(ctx.db, jti, new Date(exp * 1000).toISOString(), now))) throw invalid('This sign-in token was already used. Reload the page and try again.');
  return { sub, jti, exp, email, emailVerified: claims.email_verified === true, name, raw: claims };
}

/** The name the host gives, under Parley's policy; a name another reader shows exactly gets a number. */
async function ssoDisplayName(db: Db, raw: string, userId: string | null): Promise<string | null> {
  const chars = displayNameCharacters(raw.replace(/[\r\n\t]+/g, ' ').slice(0, 60));
  if (!chars.ok) return null;
  const staff = (await staffNames(db)).filter((s) => s.id !== userId).map((s) => s.displayName);
  for (let n = 1; n <= 20; n += 1) {
    const candidate = n === 1 ? chars.name : `${chars.name.slice(0, 56)} ${n}`;
    const check = checkDisplayName(candidate, { isStaff: false, staffNames: staff, takenExactly: await displayNameTaken(db, candidate, userId) });
    if (check.ok) return check.name;
    if (check.code !== 'display_name_taken') return null;
  }
  return null;
}

export type SsoAccount = { user: UsersTable } | { confirmLinkTo: UsersTable };

/**
 * The account this token acts as: the one linked to the subject; else, when no account holds the
 * address, a new one. An account that exists with that address is never taken over on the host's
 * word: staff and accounts linked to another subject are refused, and any other one is linked only
 * when the host says it proved the address and the account's owner confirms by mail
 * (`confirmLinkTo`: the caller sends that mail).
 */
export async function resolveSsoAccount(trx: Db, c: SsoClaims, now: Date): Promise<SsoAccount> {
  const linked = await findUserBySsoSubject(trx, c.sub);
  if (linked) {
    if (linked.deleted_at) throw new DomainError('forbidden', 'account_closed', 'This account was closed.');
    const changes: Parameters<typeof updateUser>[2] = {};
    if (linked.display_name !== c.name) {
      // A name the policy refuses leaves the current one in place.
      const name = await ssoDisplayName(trx, c.name, linked.id);
      if (name && name !== linked.display_name) changes.display_name = name;
    }
    if (linked.email !== c.email) {
      const clash = await findUserByEmail(trx, c.email);
      if (!clash || clash.id === linked.id) Object.assign(changes, { email: c.email, email_normalized: normalizeEmail(c.email), email_verified_at: c.emailVerified ? now.toISOString() : null });
    }
    await updateUser(trx, linked.id, changes);
    return { user: { ...linked, ...changes } };
  }
  // The exact address: a variant of it (another +tag) makes a separate account, which the ban check sees.
  const holder = await findUserByEmail(trx, c.email);
  if (holder) {
    const roles = await getRoles(trx, holder.id);
    if (holder.sso_subject || isStaff(roles) || !c.emailVerified) {
      throw new DomainError('conflict', 'sso_email_conflict', 'An account with that e-mail address already exists here. Sign in with it directly instead.');
    }
    return { confirmLinkTo: holder };
  }
  const name = await ssoDisplayName(trx, c.name, null);
  if (!name) throw new DomainError('invalid', 'invalid_display_name', 'The name the site sent cannot be used here: it is empty, invisible, or could be mistaken for the site or its staff.');
  const user = await createUser(trx, { email: c.email, displayName: name, passwordHash: null, emailVerified: c.emailVerified, ssoSubject: c.sub }, now);
  await audit(trx, { actorId: null, action: 'user.sso_created', targetKind: 'user', targetId: user.id, reason: c.sub }, now);
  return { user };
}

/** Mails the holder of an address a link that connects their account to the host's subject (at most 3 an hour). */
export async function sendSsoLinkConfirmation(ctx: AppContext, account: UsersTable, sub: string): Promise<void> {
  const limit = await ctx.limiter.hit(`sso-link:${account.id}`, 3, HOUR, ctx.clock.now().getTime());
  if (!limit.allowed) return;
  const token = await createMailToken(ctx.db, { purpose: SSO_LINK_PURPOSE, userId: account.id, email: account.email, data: { sub }, ttlMs: HOUR }, ctx.clock.now());
  const host = ctx.config.embedOrigins[0] ?? 'the site that embeds our discussion';
  await ctx.mailer.send({
    to: account.email,
    subject: 'Connect your account to another site?',
    text:
      `Hello ${account.display_name},\n\nSomeone signed in on ${host} with this address and asked to use your account here.\n` +
      `If that was you, open this link and confirm; that site will then sign you in to this account:\n${ctx.config.publicUrl}/account/connect?token=${token}\n\n` +
      `The link works once, for an hour. If it was not you, ignore this mail: nothing changes.`,
  });
}

/** The account's owner confirms the link: the subject now signs in as the account. */
export async function confirmSsoLink(ctx: AppContext, token: string): Promise<UsersTable> {
  const now = ctx.clock.now();
  const used = await consumeMailToken(ctx.db, token, SSO_LINK_PURPOSE, now);
  const data = used?.data ? LINK_DATA.tryParse(used.data) : undefined;
  const account = used?.user_id ? await findUserById(ctx.db, used.user_id) : undefined;
  const sub = data?.sub ?? null;
  if (!account || account.deleted_at || !sub || account.email !== used?.email || account.sso_subject) {
    throw new DomainError('invalid', 'link_expired', 'This link has expired, was already used, or the account changed since.');
  }
  if (await findUserBySsoSubject(ctx.db, sub)) throw new DomainError('conflict', 'sso_subject_taken', 'That sign-in from the other site already belongs to another account.');
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, account.id, { sso_subject: sub });
    await audit(trx, { actorId: account.id, action: 'user.sso_linked', targetKind: 'user', targetId: account.id, reason: sub }, now);
  });
  await emailProved(ctx, account.id);
  return { ...account, sso_subject: sub };
}

/** Whether a fresh host token names this account's subject: how an account without a password confirms its deletion. */
export async function ssoTokenConfirms(ctx: AppContext, token: string, account: UsersTable): Promise<boolean> {
  if (!account.sso_subject) return false;
  const claims = await verifySsoToken(ctx, token);
  return claims.sub === account.sso_subject;
}
