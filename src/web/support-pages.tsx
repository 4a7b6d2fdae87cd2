import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
/* The supporter pages: /support (and its return pages), /account, /admin/supporters (+ CSV). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../server/context';
import type { SessionUser } from '../server/plugins/session';
import { sendPage } from './routes';
import { siteSettings } from '../store/site';
import { formatDay, formatMonth } from '../domain/dates';
import { can } from '../domain/roles';
import { OPEN_ENDED } from '../domain/supporter';
import { donationsOf, latestSubscription, monthlyTotals, netGiven, stripeCustomerOf, allSupporters, countSupporters, supportersPage, type DonationView, type MonthTotal, type SupporterFilter } from '../store/supporters';
import { getUserById } from '../store/users';
import { currencyDigits, formatMoney, getSupportSettings, type SupportSettings } from '../payments/settings';
import { paymentProvider } from '../server/services/payment-provider';
import { encodeCursor, decodeCursor } from '../store/cursor';
import { HANDLED_EVENTS, reconcileReturn } from '../payments/stripe-events';
import { onDonationIdentified, onDonationRecorded } from '../payments/hooks';
import { loadSessionUser } from '../server/plugins/session';
import { csvCell } from '../domain/csv';

const scripts = (
  <>
    <script src="/assets/forms.js" defer />
    <script src="/assets/support.js" defer />
  </>
);

function untilText(until: string | null): string {
  return until === null ? 'with no end date' : `until ${formatDay(until)}`;
}

const STATUS_TEXT: Record<string, string> = { paid: 'Paid', refunded: 'Refunded', disputed: 'Disputed (on hold)', dispute_lost: 'Reversed by the bank' };

// ---------------------------------------------------------------- /support

function SupportPage(props: { user: SessionUser | null; configured: boolean; settings: SupportSettings; currency: string; siteName: string; publicUrl: string }) {
  const { user, configured, settings, currency, siteName } = props;
  const digits = currencyDigits(currency);
  const isAdmin = !!user && can(user.roles, 'configure');
  return (
    <section class="support">
      <h1>Support {siteName}</h1>
      <p class="standfirst">Reading {siteName} is free, and it will stay free. It is paid for by readers who can afford to chip in.</p>
      <p>
        Every brief here points you to reporting worth your time, and that takes hours of reading every day. Your donation pays for that
        work. It also opens the discussion under every post: only supporters can comment and like, which keeps the conversation in the
        hands of people who care about the site, and keeps out the drive-by abuse that ruins comment sections. Profanity and abuse are
        still removed, and may lead to a permanent ban.
      </p>
      <p class="meta">
        A one-off donation makes you a supporter for {settings.oneOffDays} days (giving again extends it). A monthly donation keeps you a
        supporter for as long as it runs; you can change or cancel it at any time from your account page.
      </p>

      {user?.supporter.active && (
        <p class="notice" role="status">
          You are a supporter {untilText(user.supporter.until)}. Thank you! You can give again below, or see your donations on{' '}
          <a href="/account">your account page</a>.
        </p>
      )}

      {!configured ? (
        <div class="notice" role="status" data-payments="off">
          <p><strong>Online payments are not set up on this site yet.</strong> Please check back soon.</p>
          {isAdmin && (
            <div class="admin-help">
              <p>To take donations with Stripe, an administrator sets these environment variables and restarts Parley:</p>
              <ul>
                <li><code>PARLEY_STRIPE_SECRET_KEY</code>: the secret API key from the Stripe dashboard (Developers → API keys).</li>
                <li>
                  <code>PARLEY_STRIPE_WEBHOOK_SECRET</code>: the signing secret of a webhook endpoint at <code>{props.publicUrl}/api/webhooks/stripe</code>{' '}
                  listening for {[...HANDLED_EVENTS].map((e, i) => <>{i ? ', ' : ''}<code>{e}</code></>)}.
                </li>
                <li><code>PARLEY_CURRENCY</code> (optional, default <code>gbp</code>).</li>
              </ul>
              <p>Until then you can make people supporters by hand on the <a href="/admin/supporters">supporters page</a>.</p>
            </div>
          )}
        </div>
      ) : user?.sanction.state === 'banned' ? (
        <p class="notice" role="status">This account is banned from the discussion, so a donation would not let you take part. We do not take donations from it.</p>
      ) : !user ? (
        <div class="notice" data-sign-in-first>
          <p>
            <strong>First, create an account or sign in.</strong> Your donation is linked to your account, so that it can unlock the discussion for you.
          </p>
          <p>
            <a class="button" href="/register?next=/support">Create an account</a> <a class="button secondary" href="/login?next=/support">Sign in</a>
          </p>
        </div>
      ) : (
        <form data-support noValidate data-currency={currency} data-digits={String(digits)} data-minimum={String(settings.minimum)} data-maximum={String(settings.maximum)}>
          <div class="notice error" role="alert" hidden data-error tabIndex={-1}></div>
          <fieldset>
            <legend>How often</legend>
            <label class="choice"><input type="radio" name="frequency" value="one_off" checked /> Once</label>
            <label class="choice"><input type="radio" name="frequency" value="monthly" /> Every month</label>
          </fieldset>
          <fieldset>
            <legend>Amount</legend>
            <div class="presets" data-presets="one_off">
              {settings.oneOffPresets.map((a, i) => (
                <label class="choice"><input type="radio" name="preset" value={String(a)} checked={i === 1 || settings.oneOffPresets.length === 1} /> {formatMoney(a, currency)}</label>
              ))}
            </div>
            <div class="presets" data-presets="monthly" hidden>
              {settings.monthlyPresets.map((a, i) => (
                <label class="choice"><input type="radio" name="preset" value={String(a)} checked={i === 1 || settings.monthlyPresets.length === 1} disabled /> {formatMoney(a, currency)} a month</label>
              ))}
            </div>
            <label for="custom">Or another amount ({currency.toUpperCase()}, at least {formatMoney(settings.minimum, currency)})</label>
            <input id="custom" name="custom" type="number" inputMode="decimal" min={settings.minimum / 10 ** digits} max={settings.maximum / 10 ** digits} step={digits ? 1 / 10 ** digits : 1} />
          </fieldset>
          <p><button type="submit">Continue to secure payment</button></p>
          <p class="meta">You pay on Stripe's secure page; {siteName} never sees your card number.</p>
          <noscript><p class="notice">The payment page needs JavaScript to open.</p></noscript>
        </form>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- /account

function DonationTable({ donations }: { donations: DonationView[] }) {
  if (!donations.length) return <p>No donations yet.</p>;
  return (
    <table>
      <thead><tr><th scope="col">Date</th><th scope="col">Kind</th><th scope="col">Amount</th><th scope="col">Status</th></tr></thead>
      <tbody>
        {donations.map((d) => (
          <tr>
            <td><time dateTime={d.createdAt}>{formatDay(d.createdAt)}</time></td>
            <td>{d.kind === 'recurring' ? 'Monthly' : 'One-off'}</td>
            <td>{formatMoney(d.amount, d.currency)}</td>
            <td>
              {STATUS_TEXT[d.status] ?? d.status}
              {d.status === 'paid' && d.amountRefunded > 0 && <> ({formatMoney(d.amountRefunded, d.currency)} refunded)</>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface SubscriptionInfo {
  status: string;
  current_period_end: string | null;
  cancel_at_period_end: number;
  amount: number | null;
  currency: string | null;
}

function AccountPage(props: { user: SessionUser; email: string; hasPassword: boolean; notifyReplies: boolean; donations: DonationView[]; subscription: SubscriptionInfo | null; canManage: boolean; notice: string | null }) {
  const { user, subscription } = props;
  const s = user.supporter;
  const live = subscription && ['active', 'trialing', 'past_due'].includes(subscription.status);
  return (
    <section class="account">
      <h1>Your account</h1>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      {!user.emailConfirmed && (
        <form class="notice" data-api="/api/account/confirmation" data-done="We sent you a new link. Open it to confirm your address.">
          <div class="notice" role="status" hidden data-error></div>
          <p>Please confirm your e-mail address ({props.email}) to join in with the discussion: open the link we sent you. Reading and donating need no confirmation.</p>
          <p><button type="submit" class="secondary">Send the link again</button></p>
        </form>
      )}

      <h2>Supporter status</h2>
      {s.active ? (
        <p data-supporter="active">
          You are a supporter {untilText(s.until)}
          {user.supporterSince && <> (since {formatDay(user.supporterSince)})</>}. Thank you: you can join the discussion under any post.
        </p>
      ) : (
        <p data-supporter="inactive">
          {s.until ? <>Your support ended on {formatDay(s.until)}. </> : <>You are not a supporter yet. </>}
          To join in with the discussion, please <a href="/support">make a donation</a>.
        </p>
      )}

      <h2>Monthly donation</h2>
      {subscription && live ? (
        <p>
          {subscription.amount !== null && subscription.currency ? <>{formatMoney(subscription.amount, subscription.currency)} a month. </> : <>Your monthly donation is active. </>}
          {subscription.status === 'past_due' && <strong>The last payment did not go through; please check your card. </strong>}
          {subscription.current_period_end && (subscription.cancel_at_period_end ? <>It ends on {formatDay(subscription.current_period_end)}.</> : <>Next payment on {formatDay(subscription.current_period_end)}.</>)}
        </p>
      ) : (
        <p>{subscription ? 'Your monthly donation has ended.' : 'You have no monthly donation.'} <a href="/support">Start one</a>.</p>
      )}
      {props.canManage && (
        <p>
          <button type="button" class="secondary" data-portal>Manage your donations and cards</button>
          <span class="notice error" role="alert" hidden data-portal-error></span>
        </p>
      )}

      <h2>Your donations</h2>
      <DonationTable donations={props.donations} />
      <p class="meta">A receipt is e-mailed to {props.email} for every donation.</p>

      <h2>Profile</h2>
      <form data-api="/api/account" data-method="PATCH" data-next="/account?saved=profile">
        <div class="notice error" role="alert" hidden data-error></div>
        <label for="displayName">Display name (shown with your comments)</label>
        <input id="displayName" name="displayName" type="text" required maxLength={60} value={user.displayName} autocomplete="nickname" />
        <label class="choice"><input type="checkbox" name="notifyReplies" checked={props.notifyReplies} /> E-mail me when someone replies to my comments</label>
        <p><button type="submit">Save</button></p>
      </form>

      <h2>E-mail address</h2>
      <form data-api="/api/account/email" data-done="Check your new address: we sent a link to confirm it.">
        <div class="notice" role="status" hidden data-error></div>
        <p class="meta">Now: {props.email}</p>
        <label for="new-email">New e-mail address</label>
        <input id="new-email" name="email" type="email" required autocomplete="email" />
        <label for="email-password">Your password</label>
        <input id="email-password" name="password" type="password" required autocomplete="current-password" />
        <p><button type="submit">Change e-mail address</button></p>
      </form>

      <h2>Password</h2>
      <form data-api="/api/account/password" data-done="Your password has been changed. Other devices have been signed out.">
        <div class="notice" role="status" hidden data-error></div>
        <label for="current-password">Current password</label>
        <input id="current-password" name="currentPassword" type="password" required autocomplete="current-password" />
        <label for="new-password">New password (at least 8 characters)</label>
        <input id="new-password" name="newPassword" type="password" required minLength={8} autocomplete="new-password" />
        <p><button type="submit">Change password</button></p>
      </form>

      <h2>Your data</h2>
      <p><a class="button secondary" href="/api/account/export" download="parley-my-data.json">Download my data</a> <span class="meta">Your profile, comments, donations and any moderation decisions, as JSON.</span></p>

      <h2>Delete your account</h2>
      {props.hasPassword ? (
        <form data-api="/api/account" data-method="DELETE" data-next="/">
          <div class="notice error" role="alert" hidden data-error></div>
          <p>Your comments stay in their threads, shown as from “deleted user”. This cannot be undone.{live ? ' Cancel your monthly donation first, above.' : ''}</p>
          <label for="delete-password">Your password</label>
          <input id="delete-password" name="password" type="password" required autocomplete="current-password" />
          <p><button type="submit">Delete my account</button></p>
        </form>
      ) : (
        // No password to prove who is asking: a link mailed to the account's address does.
        <form data-api="/api/account/deletion-link" data-done={`We sent a link to ${props.email}: open it to delete your account.`}>
          <div class="notice" role="status" hidden data-error></div>
          <p>Your comments stay in their threads, shown as from “deleted user”. This cannot be undone.{live ? ' Cancel your monthly donation first, above.' : ''}</p>
          <p><button type="submit">E-mail me a link to delete my account</button></p>
        </form>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- /admin/supporters

type Filter = SupporterFilter;
const FILTERS: Array<[Filter, string]> = [['active', 'Active'], ['lapsing', 'Lapsing in 30 days'], ['lapsed', 'Lapsed'], ['all', 'All']];

function filterOf(value: unknown): Filter {
  return FILTERS.some(([f]) => f === value) ? (value as Filter) : 'active';
}

interface SupporterRow {
  id: string;
  display_name: string;
  email: string;
  supporter_since: string | null;
  supporter_until: string | null;
}


/** A bar's month: "Dec", with the year where the chart starts or a year turns ("Jan 2027"). */
function monthLabel(key: string, withYear: boolean): string {
  return withYear ? `${formatMonth(key, true)} ${key.slice(0, 4)}` : formatMonth(key, true);
}

/** Bars for the last twelve months, labelled with their amounts; the numbers are also in a table below. */
export function MonthlyChart({ totals, currency }: { totals: MonthTotal[]; currency: string }) {
  const width = 720;
  const height = 240;
  const top = 28;
  const bottom = 32;
  const plot = height - top - bottom;
  const max = Math.max(1, ...totals.map((t) => t.net));
  const slot = width / totals.length;
  const bar = Math.min(44, slot * 0.7);
  const total = totals.reduce((s, t) => s + t.net, 0);
  const summary = `Donations by month, last ${totals.length} months: ${formatMoney(total, currency)} in total; highest ${formatMoney(max === 1 && total === 0 ? 0 : max, currency)}.`;
  return (
    <figure class="chart" tabIndex={0}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} width="100%" preserveAspectRatio="xMidYMid meet">
        <title>{summary}</title>
        <line x1="0" x2={width} y1={top + plot} y2={top + plot} stroke="#bdb7aa" />
        {totals.map((t, i) => {
          const h = Math.round((Math.max(0, t.net) / max) * plot);
          const x = i * slot + (slot - bar) / 2;
          return (
            <g>
              <rect x={x.toFixed(1)} y={top + plot - h} width={bar.toFixed(1)} height={h} fill="#9a2a16" />
              {t.net > 0 && (
                <text x={(x + bar / 2).toFixed(1)} y={top + plot - h - 6} text-anchor="middle" font-size="11" font-family="system-ui, sans-serif" fill="#1c1b19">
                  {formatMoney(Math.round(t.net / 10 ** currencyDigits(currency)) * 10 ** currencyDigits(currency), currency)}
                </text>
              )}
              <text x={(x + bar / 2).toFixed(1)} y={height - 10} text-anchor="middle" font-size="12" font-family="system-ui, sans-serif" fill="#5f5b54">
                {monthLabel(t.month, i === 0 || t.month.endsWith('-01'))}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="meta">Donations received each month in {currency.toUpperCase()}, after refunds. {summary}</figcaption>
    </figure>
  );
}

function AdminSupportersPage(props: {
  filter: Filter;
  counts: Record<Filter, number>;
  rows: SupporterRow[];
  given: Map<string, number>;
  nextCursor: string | null;
  totals: MonthTotal[];
  currency: string;
  now: Date;
  configured: boolean;
}) {
  const { filter, rows, currency } = props;
  return (
    <section class="admin-supporters">
      <h1>Supporters</h1>
      {!props.configured && <p class="notice">Stripe is not configured, so only hand-made grants appear here. See <a href="/support">the support page</a> for how to set it up.</p>}
      <h2>Donations by month</h2>
      <MonthlyChart totals={props.totals} currency={currency} />
      <details>
        <summary>Monthly totals as a table</summary>
        <table>
          <thead><tr><th scope="col">Month</th><th scope="col">Donations</th><th scope="col">Net</th></tr></thead>
          <tbody>{props.totals.map((t) => <tr><td>{formatMonth(t.month)}</td><td>{t.count}</td><td>{formatMoney(t.net, currency)}</td></tr>)}</tbody>
        </table>
      </details>

      <h2>People</h2>
      <nav class="filters" aria-label="Filter supporters">
        {FILTERS.map(([f, label]) => (
          <a href={`/admin/supporters?filter=${f}`} aria-current={f === filter ? 'page' : undefined} class={f === filter ? 'current' : undefined}>
            {label} ({props.counts[f]})
          </a>
        ))}
        <a href={`/admin/supporters.csv?filter=${filter}`} download>Export CSV</a>
      </nav>
      {rows.length === 0 ? (
        <p>Nobody here.</p>
      ) : (
        // On a phone the rows stack as cards with the column names beside each value.
        <table class="supporters stack">
          <thead><tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Since</th><th scope="col">Until</th><th scope="col">Given</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {rows.map((r) => {
              const active = !!r.supporter_until && r.supporter_until > props.now.toISOString();
              return (
                <tr>
                  <td data-label="Name">{r.display_name}</td>
                  <td data-label="E-mail">{r.email}</td>
                  <td data-label="Since">{r.supporter_since ? formatDay(r.supporter_since) : ''}</td>
                  <td data-label="Until">{r.supporter_until === OPEN_ENDED ? 'open-ended' : r.supporter_until ? formatDay(r.supporter_until) : ''}{!active && ' (lapsed)'}</td>
                  <td data-label="Given">{formatMoney(props.given.get(r.id) ?? 0, currency)}</td>
                  <td>
                    {active && (
                      <form data-api={`/api/admin/users/${r.id}/supporter`} data-method="DELETE" class="inline">
                        <div class="notice error" role="alert" hidden data-error></div>
                        <label class="visually-hidden" for={`end-${r.id}`}>Why end {r.display_name}'s supporter status?</label>
                        <input id={`end-${r.id}`} name="note" type="text" placeholder="Reason" maxLength={500} required />
                        <button type="submit" class="secondary">End</button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {props.nextCursor && <p><a class="button secondary" href={`/admin/supporters?filter=${filter}&cursor=${encodeURIComponent(props.nextCursor)}`}>More</a></p>}

      <h2>Grant supporter status</h2>
      <p class="meta">For staff, writers, cheque donors: recorded in the audit log with your note. Leave the date empty for no end date. A grant for someone who is already a supporter extends their support.</p>
      <form data-api="/api/admin/supporters" data-next={`/admin/supporters?filter=${filter}`}>
        <div class="notice error" role="alert" hidden data-error></div>
        <label for="grant-email">Their e-mail address</label>
        <input id="grant-email" name="email" type="email" required />
        <label for="grant-until">Supporter until (optional)</label>
        <input id="grant-until" name="until" type="date" />
        <label for="grant-note">Note</label>
        <input id="grant-note" name="note" type="text" required maxLength={500} placeholder="e.g. cheque received 3 March" />
        <p><button type="submit">Grant</button></p>
      </form>
    </section>
  );
}

// ---------------------------------------------------------------- routes

function requireAdminPage(request: FastifyRequest, reply: FastifyReply, ctx: AppContext, next: string): 'ok' | FastifyReply | Promise<unknown> {
  if (!request.user) return reply.redirect(`/login?next=${encodeURIComponent(next)}`);
  if (!can(request.user.roles, 'manage_users')) return sendPage(ctx, request, reply, { title: 'Not allowed' }, <p>Only admins can see the supporters list.</p>, 403);
  return 'ok';
}

/** The supporters list's filter and page; anything else in the address is ignored, as before it had a schema. */
const SupportersQuery = Type.Object({ filter: Type.Optional(Type.String()), cursor: Type.Optional(Type.String()) });

export function registerSupportPages(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/support', async (request, reply) => {
    const [settings, site] = await Promise.all([getSupportSettings(ctx.db), siteSettings(ctx.db)]);
    return sendPage(
      ctx,
      request,
      reply,
      { title: 'Support us', description: `Support ${site.name} and join the discussion.`, canonical: `${ctx.config.publicUrl}/support`, head: scripts },
      <SupportPage user={request.user} configured={paymentProvider(ctx) !== null} settings={settings} currency={ctx.config.currency} siteName={site.name} publicUrl={ctx.config.publicUrl} />,
    );
  });

  app.get('/support/thanks', { schema: { querystring: Type.Object({ session_id: Type.Optional(Type.String()) }) } }, async (request, reply) => {
    let user = request.user;
    const sessionId = request.query.session_id;
    const provider = paymentProvider(ctx);
    if (user && provider && typeof sessionId === 'string' && /^cs_[A-Za-z0-9_]{1,200}$/.test(sessionId)) {
      const outcome = await reconcileReturn(ctx, provider, user.id, sessionId);
      for (const donation of outcome?.recorded ?? []) {
        await onDonationRecorded(ctx, donation).catch((err: unknown) => request.log.error({ err, donation: donation.id }, 'after-donation hook failed'));
      }
      for (const donation of outcome?.identified ?? []) {
        await onDonationIdentified(ctx, donation).catch((err: unknown) => request.log.error({ err, donation: donation.id }, 'after-donation hook failed'));
      }
      if (outcome) user = (await loadSessionUser(ctx, user.id)) ?? user;
    }
    const site = await siteSettings(ctx.db);
    return sendPage(
      ctx,
      request,
      reply,
      { title: 'Thank you' },
      <section>
        <h1>Thank you</h1>
        <p>Your donation keeps {site.name} going. A receipt is on its way by e-mail.</p>
        {user?.supporter.active ? (
          <p data-supporter="active">You are a supporter {untilText(user.supporter.until)}: the discussion under every post is open to you.</p>
        ) : (
          <p data-supporter="pending">
            Your supporter status appears as soon as Stripe confirms the payment, usually within a minute. <a href="/support/thanks">Check again</a>.
          </p>
        )}
        <p><a class="button" href="/">Back to the latest posts</a> <a class="button secondary" href="/account">Your account</a></p>
      </section>,
    );
  });

  app.get('/support/cancelled', async (request, reply) =>
    sendPage(
      ctx,
      request,
      reply,
      { title: 'Payment cancelled' },
      <section>
        <h1>No payment was taken</h1>
        <p>You left the payment page before paying. If something went wrong, you can <a href="/support">try again</a>.</p>
      </section>,
    ),
  );

  app.get('/account', { schema: { querystring: Type.Object({ email: Type.Optional(Type.String()), saved: Type.Optional(Type.String()) }) } }, async (request, reply) => {
    const user = request.user;
    if (!user) return reply.redirect('/login?next=/account');
    const q = request.query;
    const [row, donations, subscription, customer] = await Promise.all([
      getUserById(ctx.db, user.id),
      donationsOf(ctx.db, user.id),
      latestSubscription(ctx.db, user.id),
      stripeCustomerOf(ctx.db, user.id),
    ]);
    const notice = q.email === 'changed' ? 'Your e-mail address has been changed.' : q.saved === 'profile' ? 'Saved.' : null;
    return sendPage(
      ctx,
      request,
      reply,
      { title: 'Your account', head: scripts },
      <AccountPage user={user} email={row.email} hasPassword={row.password_hash !== null} notifyReplies={row.notify_replies === 1} donations={donations} subscription={subscription ?? null} canManage={!!customer && paymentProvider(ctx) !== null} notice={notice} />,
    );
  });

  app.get('/admin/supporters', { schema: { querystring: SupportersQuery } }, async (request, reply) => {
    const gate = requireAdminPage(request, reply, ctx, '/admin/supporters');
    if (gate !== 'ok') return gate;
    const query = request.query;
    const filter = filterOf(query.filter);
    const now = ctx.clock.now();
    const after = decodeCursor(query.cursor, ['string', 'string']) as [string, string] | null;
    const page = await supportersPage(ctx.db, filter, now, after, 101);
    const rows = page.slice(0, 100);
    const last = rows[rows.length - 1];
    const nextCursor = page.length > 100 && last ? encodeCursor([last.supporter_until, last.id]) : null;
    const count = (f: Filter) => countSupporters(ctx.db, f, now);
    const [active, lapsing, lapsed, all, given, totals] = await Promise.all([count('active'), count('lapsing'), count('lapsed'), count('all'), netGiven(ctx.db, ctx.config.currency, rows.map((r) => r.id)), monthlyTotals(ctx.db, ctx.config.currency, now)]);
    return sendPage(
      ctx,
      request,
      reply,
      { title: 'Supporters', head: scripts },
      <AdminSupportersPage filter={filter} counts={{ active, lapsing, lapsed, all }} rows={rows} given={given} nextCursor={nextCursor} totals={totals} currency={ctx.config.currency} now={now} configured={paymentProvider(ctx) !== null} />,
    );
  });

  app.get('/admin/supporters.csv', { schema: { querystring: SupportersQuery } }, async (request, reply) => {
    const gate = requireAdminPage(request, reply, ctx, '/admin/supporters');
    if (gate !== 'ok') return gate;
    const filter = filterOf(request.query.filter);
    const now = ctx.clock.now();
    const rows = await allSupporters(ctx.db, filter, now);
    const lines = [['user_id', 'display_name', 'email', 'supporter_since', 'supporter_until', 'status', `net_given_${ctx.config.currency}`].join(',')];
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const given = await netGiven(ctx.db, ctx.config.currency, chunk.map((r) => r.id));
      for (const r of chunk) {
        const net = given.get(r.id) ?? 0;
        lines.push(
          [
            r.id,
            r.display_name,
            r.email,
            r.supporter_since,
            r.supporter_until === OPEN_ENDED ? 'open-ended' : r.supporter_until,
            r.supporter_until && r.supporter_until > now.toISOString() ? 'active' : 'lapsed',
            (net / 10 ** currencyDigits(ctx.config.currency)).toFixed(currencyDigits(ctx.config.currency)),
          ]
            .map((v) => csvCell(v))
            .join(','),
        );
      }
    }
    reply.header('content-disposition', `attachment; filename="supporters-${filter}-${now.toISOString().slice(0, 10)}.csv"`);
    return reply.type('text/csv; charset=utf-8').send(lines.join('\r\n') + '\r\n');
  });
}
