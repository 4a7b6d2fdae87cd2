import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
/* Server-rendered moderation pages: the workspace shell (the Preact bundle does the rest), the audit
   log with its CSV export, the dashboard's inline-SVG charts, and the user's own moderation page
   (statements of reasons and appeals). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../server/context';
import { sendPage } from './routes';
import { can } from '../domain/roles';
import { DAY } from '../domain/clock';
import { currentSanction } from '../domain/sanctions';
import { describeAudit } from '../domain/audit-sentence';
import { auditSubjects } from '../store/audit';
import { formatDateTime, formatDay, formatShortDay } from '../domain/dates';
import AUDIT_SENTENCES from './audit-sentences.json';
import { listAudit, type AuditQuery } from '../store/audit';
import { heldOrRemovedOf } from '../store/comments';
import { appealsOf, sanctionsOf } from '../store/sanctions';
import { userExists } from '../store/users';
import { statementFor } from '../server/services/statement';
import { evidenceLines, queueCounts, userDetail } from '../moderation/queue';
import { mayUnban, REASON_LABEL, REMOVAL_REASONS } from '../moderation/actions';
import { toApiSanction } from '../moderation/actions';
import { csvCell } from '../domain/csv';
import { jsonReader } from '../domain/json';
import { rememberRead, ScopedTtlCache } from '../domain/ttl-cache';

/** A decision's audit entry records the status the comment was decided in. */
const DECIDED_FROM = jsonReader(Type.Object({ status: Type.String() }), 'decision entry');

const MOD_HEAD = <link rel="stylesheet" href="/assets/moderation.css" />;

/** The signed-in moderator, or null once the request is answered (sign in first, or not allowed). */
async function moderatorOrRefuse(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, path: string): Promise<NonNullable<FastifyRequest['user']> | null> {
  if (!request.user) {
    await reply.redirect(`/login?next=${encodeURIComponent(path)}`);
    return null;
  }
  if (!can(request.user.roles, 'moderate')) {
    await sendPage(ctx, request, reply, { title: 'Not allowed' }, <p>Only moderators and admins can see this page.</p>, 403);
    return null;
  }
  return request.user;
}

export function ModNav({ current }: { current: 'queues' | 'dashboard' | 'audit' | 'settings' }) {
  return (
    <nav class="mod-subnav" aria-label="Moderation">
      <a href="/admin/moderation" aria-current={current === 'queues' ? 'page' : undefined}>Queues</a>
      <a href="/admin/moderation/dashboard" aria-current={current === 'dashboard' ? 'page' : undefined}>Dashboard</a>
      <a href="/admin/audit" aria-current={current === 'audit' ? 'page' : undefined}>Audit log</a>
      <a href="/admin/moderation/settings" aria-current={current === 'settings' ? 'page' : undefined}>Settings</a>
    </nav>
  );
}

// ---- charts ------------------------------------------------------------------------------------

const COLORS: Record<string, string> = { published: '#2f7d4f', held: '#c98a14', rejected: '#7a3fa0', removed: '#b3261e', deleted: '#8a8580' };

/** Stacked daily columns with a legend and a labelled y axis. */
function StackedBars({ days, series, title }: { days: string[]; series: Array<{ key: string; values: number[] }>; title: string }) {
  const W = 720;
  const H = 220;
  const left = 36;
  // room for the last day's label, centred under its bar
  const right = 18;
  const bottom = 24;
  const totals = days.map((_, i) => series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  const max = niceMax(Math.max(1, ...totals));
  const bw = (W - left - right) / Math.max(1, days.length);
  const y = (v: number) => ((H - bottom - 10) * v) / max;
  return (
    <figure class="chart" tabIndex={0}>
      <svg viewBox={`0 0 ${W} ${H + 22}`} role="img" aria-label={title}>
        <title>{title}</title>
        {[0, 0.5, 1].map((f) => (
          <g>
            <line x1={left} x2={W - right} y1={H - bottom - y(max * f)} y2={H - bottom - y(max * f)} stroke="#e3dfd6" />
            <text x={left - 4} y={H - bottom - y(max * f) + 4} text-anchor="end" font-size="11" fill="#5f5b54">{Math.round(max * f)}</text>
          </g>
        ))}
        {days.map((d, i) => {
          let acc = 0;
          return (
            <g>
              {series.map((s) => {
                const v = s.values[i] ?? 0;
                const h = y(v);
                const rect = v ? (
                  <rect x={left + i * bw + 1} y={H - bottom - y(acc) - h} width={Math.max(1, bw - 2)} height={h} fill={COLORS[s.key] ?? '#555'}>
                    <title>{`${formatDay(d)}: ${v} ${s.key}`}</title>
                  </rect>
                ) : null;
                acc += v;
                return rect;
              })}
              {labelled(i, days.length) && (
                <text x={left + i * bw + bw / 2} y={H - 6} text-anchor="middle" font-size="11" fill="#5f5b54">{formatShortDay(d)}</text>
              )}
            </g>
          );
        })}
        {series.map((s, i) => (
          <g transform={`translate(${left + i * 120}, ${H + 12})`}>
            <rect width="10" height="10" y="-9" fill={COLORS[s.key] ?? '#555'} />
            <text x="14" font-size="12" fill="#1c1b19">{s.key} ({s.values.reduce((a, b) => a + b, 0)})</text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** Horizontal bars with the number at the end of each. */
function HBars({ rows, title, color = '#9a2a16' }: { rows: Array<{ label: string; value: number; href?: string }>; title: string; color?: string }) {
  const W = 720;
  const row = 24;
  const labelW = 260;
  const max = Math.max(1, ...rows.map((r) => r.value));
  if (!rows.length) return <p class="meta">Nothing yet.</p>;
  return (
    <figure class="chart" tabIndex={0}>
      <svg viewBox={`0 0 ${W} ${rows.length * row + 4}`} role="img" aria-label={title}>
        <title>{title}</title>
        {rows.map((r, i) => {
          const w = ((W - labelW - 50) * r.value) / max;
          return (
            <g transform={`translate(0, ${i * row})`}>
              <title>{`${r.label}: ${r.value}`}</title>
              {/* Cut to what fits the label column at any font: the whole label is in the title. */}
              <text x={labelW - 8} y="16" text-anchor="end" font-size="12" font-family="system-ui, sans-serif" fill="#1c1b19">{r.label.length > 32 ? r.label.slice(0, 31).trimEnd() + '…' : r.label}</text>
              <rect x={labelW} y="4" width={Math.max(2, w)} height="16" fill={color} />
              <text x={labelW + w + 6} y="16" font-size="12" fill="#1c1b19">{r.value}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** A line of daily values (median hours to review), with gaps where there was nothing to review. */
function Line({ days, values, title, unit }: { days: string[]; values: Array<number | null>; title: string; unit: string }) {
  const W = 720;
  const H = 164;
  const left = 36;
  // room for the last day's label, centred under its point
  const right = 20;
  // room under the axis's 0 for the first day's label, centred under the axis
  const bottom = 26;
  const max = niceMax(Math.max(0, ...values.map((v) => v ?? 0)));
  const x = (i: number) => left + ((W - left - right) * i) / Math.max(1, days.length - 1);
  const y = (v: number) => H - bottom - ((H - bottom - 10) * v) / max;
  const points = values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`));
  let segment: string[] = [];
  const segments: string[][] = [segment];
  for (const p of points) {
    if (p) segment.push(p);
    else if (segment.length) segments.push((segment = []));
  }
  return (
    <figure class="chart" tabIndex={0}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        <title>{title}</title>
        {[0, 0.5, 1].map((f) => (
          <g>
            <line x1={left} x2={W - right} y1={y(max * f)} y2={y(max * f)} stroke="#e3dfd6" />
            <text x={left - 4} y={y(max * f) + 4} text-anchor="end" font-size="11" fill="#5f5b54">{(max * f).toFixed(max < 3 ? 1 : 0)}</text>
          </g>
        ))}
        {segments.filter((s) => s.length).map((s) => (s.length === 1 ? <circle cx={s[0]?.split(',')[0]} cy={s[0]?.split(',')[1]} r="3" fill="#1d5fbf" /> : <polyline points={s.join(' ')} fill="none" stroke="#1d5fbf" stroke-width="2" />))}
        {days.map((d, i) => (labelled(i, days.length) ? <text x={x(i)} y={H - 6} text-anchor="middle" font-size="11" fill="#5f5b54">{formatShortDay(d)}</text> : null))}
        <text x={W - 4} y="12" text-anchor="end" font-size="11" fill="#5f5b54">{unit}</text>
      </svg>
    </figure>
  );
}

/** A round axis maximum (1, 2, 5 × 10^n) at or above `v`. */
function niceMax(v: number): number {
  if (v <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * p >= v) ?? 10) * p;
}

/** Whether day `i` of `n` gets an axis label: about eight, evenly spaced, the last always, none crowding it. */
function labelled(i: number, n: number): boolean {
  const step = Math.ceil(n / 8);
  return i === n - 1 || (i % step === 0 && n - 1 - i >= step / 2);
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  const upper = s[m] ?? 0; // s is not empty, so m is in range (and m - 1 too when the length is even)
  return s.length % 2 ? upper : ((s[m - 1] ?? upper) + upper) / 2;
}

const SERIES_KEYS = ['published', 'held', 'rejected', 'removed'] as const;
type SeriesKey = (typeof SERIES_KEYS)[number];
const isSeriesKey = (k: string): k is SeriesKey => (SERIES_KEYS as readonly string[]).includes(k);

/** Everything the dashboard draws, for the last `days` days. */
export async function dashboardData(ctx: AppContext, days = 30) {
  const now = ctx.clock.now();
  const from = new Date(now.getTime() - (days - 1) * DAY).toISOString().slice(0, 10);
  const dayList = Array.from({ length: days }, (_, i) => new Date(new Date(from + 'T00:00:00Z').getTime() + i * DAY).toISOString().slice(0, 10));
  const a = await ctx.reader.run('moderationActivity', from);
  const index = new Map(dayList.map((d, i) => [d, i]));
  const zero = () => dayList.map(() => 0);
  const series: Record<SeriesKey, number[]> & Record<string, number[]> = { published: zero(), held: zero(), rejected: zero(), removed: zero() };
  const add = (key: string, day: string, n: number) => {
    const i = index.get(day);
    if (i !== undefined && isSeriesKey(key)) series[key][i] = (series[key][i] ?? 0) + n;
  };
  for (const r of a.perDay) add(r.status === 'pending' ? 'held' : r.status, r.day, r.n);
  for (const r of a.rejectedPerDay) add('rejected', r.day, r.n);
  const reasons = new Map<string, number>();
  const LABEL: Record<string, string> = { 'comment.rejected': 'rejected', 'comment.held': 'held', 'comment.removed': 'removed' };
  for (const r of a.reasons) {
    const label = r.action === 'comment.hidden_by_flags' ? 'hidden: community flags' : `${LABEL[r.action] ?? r.action}: ${r.reason ?? 'other'}`;
    reasons.set(label, (reasons.get(label) ?? 0) + r.n);
  }
  // Time to review: from the latest hold before the decision (or the comment's creation) to a human decision on a waiting comment.
  const holdsOf = new Map<string, string[]>();
  for (const h of a.holds) holdsOf.set(h.targetId, [...(holdsOf.get(h.targetId) ?? []), h.at]);
  const createdAt = new Map(a.created.map((c) => [c.id, c.createdAt]));
  const reviewHours: number[][] = dayList.map(() => []);
  for (const d of a.decisions) {
    const i = index.get(d.at.slice(0, 10));
    if (i === undefined) continue;
    // An older entry without the status it was decided in counts as not waiting.
    const wasWaiting = !!d.before && DECIDED_FROM.tryParse(d.before)?.status === 'pending';
    const held = (holdsOf.get(d.targetId) ?? []).filter((at) => at <= d.at).sort().pop();
    const since = held ?? createdAt.get(d.targetId);
    if (wasWaiting && since) reviewHours[i]?.push((new Date(d.at).getTime() - new Date(since).getTime()) / 3_600_000);
  }
  return {
    days: dayList,
    series,
    reasons: [...reasons].sort((x, y) => y[1] - x[1]).slice(0, 12).map(([label, value]) => ({ label, value })),
    medianReviewHours: reviewHours.map(median),
    overallMedianReviewHours: median(reviewHours.flat()),
    topFlaggedPosts: a.topFlagged.map((f) => ({ label: f.title, value: f.n, href: `/posts/${f.slug}` })),
  };
}

/** The dashboard's figures may be this old: they count whole days, and each read takes the database a while. */
const DASHBOARD_MAX_AGE_MS = 60_000;
const dashboards = new ScopedTtlCache<AppContext, 'dashboard', ReturnType<typeof dashboardData>>({ ttlMs: DASHBOARD_MAX_AGE_MS, maxEntries: 1 }, (ctx) => ctx.clock.now().getTime());

/** dashboardData as this node read it within DASHBOARD_MAX_AGE_MS; concurrent readers share one read. */
function rememberedDashboard(ctx: AppContext): ReturnType<typeof dashboardData> {
  return rememberRead(dashboards.of(ctx), 'dashboard', DASHBOARD_MAX_AGE_MS, () => dashboardData(ctx));
}

const AuditFilters = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  action: Type.Optional(Type.String({ maxLength: 80 })),
  actor: Type.Optional(Type.String({ maxLength: 64 })),
  target: Type.Optional(Type.String({ maxLength: 64 })),
});

function clean(q: AuditQuery): AuditQuery {
  const out: AuditQuery = {};
  for (const k of ['cursor', 'action', 'actor', 'target'] as const) if (q[k]) out[k] = String(q[k]).trim();
  return out;
}

export function registerModerationPages(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/admin/moderation', async (request, reply) => {
    if (!(await moderatorOrRefuse(ctx, request, reply, '/admin/moderation'))) return;
    const counts = await queueCounts(ctx);
    return sendPage(
      ctx,
      request,
      reply,
      { title: 'Moderation', head: <>{MOD_HEAD}<script src="/assets/moderation.js" defer /></> },
      <section class="mod-page">
        <h1>Moderation</h1>
        <ModNav current="queues" />
        <div id="moderation-app">
          <p class="meta">
            Waiting: {counts.pending} held, {counts.flagged} flagged, {counts.hidden} hidden by flags, {counts.review} accounts to review, {counts.appeals} appeals. The workspace needs JavaScript.
          </p>
        </div>
      </section>,
    );
  });

  app.get('/admin/moderation/dashboard', async (request, reply) => {
    if (!(await moderatorOrRefuse(ctx, request, reply, '/admin/moderation/dashboard'))) return;
    const d = await rememberedDashboard(ctx);
    const sum = (k: SeriesKey) => d.series[k].reduce((a, b) => a + b, 0);
    const fmtHours = (h: number | null) => (h === null ? '—' : h < 1 ? `${Math.round(h * 60)} min` : `${h.toFixed(1)} h`);
    return sendPage(
      ctx,
      request,
      reply,
      { title: 'Moderation dashboard', head: MOD_HEAD },
      <section class="mod-page">
        <h1>Moderation dashboard</h1>
        <ModNav current="dashboard" />
        <ul class="mod-stats">
          <li><strong>{sum('published')}</strong> published</li>
          <li><strong>{sum('held')}</strong> waiting</li>
          <li><strong>{sum('rejected')}</strong> rejected</li>
          <li><strong>{sum('removed')}</strong> removed</li>
          <li><strong>{fmtHours(d.overallMedianReviewHours)}</strong> median time to review</li>
        </ul>
        <p class="meta">The last 30 days, UTC.</p>
        <h2>Comments per day</h2>
        <StackedBars days={d.days} series={SERIES_KEYS.map((k) => ({ key: k, values: d.series[k] }))} title="Comments per day: published, held, rejected and removed" />
        <h2>Reasons</h2>
        <HBars rows={d.reasons} title="Reasons for holds, rejections and removals" />
        <h2>Median time to review</h2>
        <Line days={d.days} values={d.medianReviewHours} title="Median hours from hold to a moderator's decision, per day" unit="hours" />
        <h2>Most flagged posts</h2>
        <HBars rows={d.topFlaggedPosts} title="Posts with the most flags" color="#1d5fbf" />
      </section>,
    );
  });

  app.get('/admin/audit', { schema: { querystring: AuditFilters } }, async (request, reply) => {
    if (!(await moderatorOrRefuse(ctx, request, reply, '/admin/audit'))) return;
    const q = clean(request.query);
    const { entries, nextCursor } = await listAudit(ctx.db, { ...q, limit: 100 });
    const subjects = await auditSubjects(ctx.db, {
      users: entries.flatMap((e) => [...(e.actor ? [e.actor.id] : []), ...(e.targetKind === 'user' && e.targetId ? [e.targetId] : [])]),
      comments: entries.flatMap((e) => (e.targetKind === 'comment' && e.targetId ? [e.targetId] : [])),
    });
    const qs = (extra: Record<string, string>) => new URLSearchParams({ ...(q.action ? { action: q.action } : {}), ...(q.actor ? { actor: q.actor } : {}), ...(q.target ? { target: q.target } : {}), ...extra }).toString();
    return sendPage(
      ctx,
      request,
      reply,
      { title: 'Audit log', head: MOD_HEAD },
      <section class="mod-page wide">
        <h1>Audit log</h1>
        <ModNav current="audit" />
        <form method="get" action="/admin/audit" class="mod-filters">
          <label>Action <input type="text" name="action" value={q.action ?? ''} placeholder="comment.removed or sanction.*" /></label>
          <label>Actor <input type="text" name="actor" value={q.actor ?? ''} placeholder="user id, or system" /></label>
          <label>Target <input type="text" name="target" value={q.target ?? ''} placeholder="comment or user id" /></label>
          <button type="submit" class="secondary">Filter</button>
          <a href={`/admin/audit.csv?${qs({})}`}>Export CSV</a>
        </form>
        <table class="audit">
          <thead>
            <tr><th>When (UTC)</th><th>What happened</th></tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr>
                <td class="date"><time dateTime={e.at}>{formatDateTime(e.at)}</time></td>
                <td>
                  <p class="audit-sentence">
                    {describeAudit(e, subjects, AUDIT_SENTENCES, REASON_LABEL).map((part) => (typeof part === 'string' ? part : <a href={part.href}>{part.text}</a>))}
                  </p>
                  <details class="audit-details">
                    <summary>Details (JSON)</summary>
                    <p class="meta">
                      <a href={`/admin/audit?action=${encodeURIComponent(e.action)}`}>{e.action}</a>
                      {e.targetId && <> · <a href={`/admin/audit?target=${e.targetId}`}>all entries about this {e.targetKind}</a></>}
                      {e.actor && <> · <a href={`/admin/audit?actor=${e.actor.id}`}>all by {e.actor.displayName ?? 'this account'}</a></>}
                    </p>
                    <pre class="audit-diff">{JSON.stringify({ id: e.id, actor: e.actor?.id ?? null, targetKind: e.targetKind, targetId: e.targetId, reason: e.reason, before: e.before, after: e.after }, null, 2)}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!entries.length && <p class="meta">No entries match.</p>}
        {nextCursor && <p><a href={`/admin/audit?${qs({ cursor: nextCursor })}`}>Older entries →</a></p>}
      </section>,
    );
  });

  app.get('/admin/audit.csv', { schema: { querystring: AuditFilters } }, async (request, reply) => {
    if (!(await moderatorOrRefuse(ctx, request, reply, '/admin/audit'))) return;
    const q = clean(request.query);
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="parley-audit-${ctx.clock.now().toISOString().slice(0, 10)}.csv"`).header('cache-control', 'no-store');
    const lines = ['id,at,actor_id,actor_name,action,target_kind,target_id,reason,before,after'];
    let cursor: string | undefined = undefined;
    // Pages of 1000, newest first, up to 200 000 rows.
    for (let pages = 0; pages < 200; pages++) {
      const page: Awaited<ReturnType<typeof listAudit>> = await listAudit(ctx.db, { ...q, cursor, limit: 1000 });
      for (const e of page.entries) {
        lines.push([e.id, e.at, e.actor?.id ?? '', e.actor?.displayName ?? 'Parley', e.action, e.targetKind, e.targetId ?? '', e.reason ?? '', e.before, e.after].map((v) => csvCell(v, 'always')).join(','));
      }
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return reply.send(lines.join('\r\n') + '\r\n');
  });

  app.get('/admin/moderation/users/:id', { schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }) } }, async (request, reply) => {
    const { id } = request.params;
    const me = await moderatorOrRefuse(ctx, request, reply, `/admin/moderation/users/${id}`);
    if (!me) return;
    if (!(await userExists(ctx.db, id))) return sendPage(ctx, request, reply, { title: 'Not found' }, <p>That user does not exist.</p>, 404);
    const d = await userDetail(ctx, id);
    const actor = { id: me.id, roles: me.roles };
    const canUnban = await mayUnban(ctx, actor);
    const here = `/admin/moderation/users/${id}`;
    const date = (s: string | null) => (s ? formatDateTime(s) : '—');
    return sendPage(
      ctx,
      request,
      reply,
      { title: `Moderation: ${d.user.displayName}`, head: <>{MOD_HEAD}<script src="/assets/forms.js" defer /></> },
      <section class="mod-page">
        <h1>{d.user.displayName}</h1>
        <ModNav current="queues" />
        <p class={d.user.sanction.state === 'none' ? 'notice' : 'notice error'}>
          Sanction: <strong>{d.user.sanction.state}</strong>
          {d.user.sanction.until && ` until ${date(d.user.sanction.until)}`}
          {d.user.sanction.reason && ` — ${d.user.sanction.reason}`}
        </p>
        <ul class="mod-stats">
          <li><strong>{d.history?.comments ?? 0}</strong> comments</li>
          <li><strong>{d.history?.removals ?? 0}</strong> removed</li>
          <li><strong>{d.history?.liveStrikes ?? 0}</strong> live strikes</li>
          <li><strong>{d.user.supporter.active ? 'yes' : 'no'}</strong> supporter{d.user.supporterSince ? ` since ${formatDay(d.user.supporterSince)}` : ''}</li>
          <li><strong>{d.user.flagReliability.toFixed(2)}</strong> flag weight</li>
        </ul>
        <p class="meta">Roles: {d.user.roles.join(', ')} · joined {formatDay(d.user.createdAt)}{d.user.reviewState ? ` · review: ${d.user.reviewState} (${d.user.reviewNote ?? ''})` : ''}</p>
        <div class="mod-forms">
          <form data-api={`/api/mod/users/${id}/suspend`} data-next={here}>
            <h2>Suspend</h2>
            <label for="s-hours">Hours</label>
            <input id="s-hours" type="number" name="hours" min="1" max="8760" value="24" required />
            <label for="s-reason">Reason (sent to the user)</label>
            <input id="s-reason" type="text" name="reason" required maxLength={1000} />
            <p role="alert" data-error hidden class="notice error" tabIndex={-1} />
            <button type="submit">Suspend</button>
          </form>
          {d.user.sanction.state === 'banned' ? (
            canUnban ? (
              <form data-api={`/api/mod/users/${id}/unban`} data-next={here}>
                <h2>Lift the ban</h2>
                <label for="u-reason">Reason</label>
                <input id="u-reason" type="text" name="reason" required maxLength={1000} />
                <p role="alert" data-error hidden class="notice error" tabIndex={-1} />
                <button type="submit">Unban</button>
              </form>
            ) : (
              <p class="meta">Only admins can lift a permanent ban on this site.</p>
            )
          ) : (
            <form data-api={`/api/mod/users/${id}/ban`} data-next={here}>
              <h2>Ban permanently</h2>
              <label for="b-reason">Reason (sent to the user)</label>
              <input id="b-reason" type="text" name="reason" required maxLength={1000} />
              <p role="alert" data-error hidden class="notice error" tabIndex={-1} />
              <button type="submit">Ban</button>
            </form>
          )}
        </div>
        <h2>Strikes</h2>
        {!d.strikes.length && <p class="meta">None.</p>}
        <table>
          <tbody>
            {d.strikes.map((st) => (
              <tr>
                <td>{date(st.createdAt)}</td>
                <td>{st.reason}</td>
                <td>{st.live ? `counts until ${formatDay(st.expiresAt)}` : 'no longer counts'}</td>
                <td>
                  {st.live && (
                    <form data-api={`/api/mod/strikes/${st.id}/waive`} data-next={here} class="inline-form">
                      <input type="text" name="reason" required maxLength={1000} aria-label="Why waive this strike" placeholder="why waive?" />
                      <button type="submit" class="secondary">Waive</button>
                      <span role="alert" data-error hidden class="notice error" />
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Sanctions</h2>
        <table>
          <tbody>
            {d.sanctions.map((x) => (
              <tr>
                <td>{date(x.createdAt)}</td>
                <td>{x.kind}{x.endsAt ? ` until ${date(x.endsAt)}` : ''}</td>
                <td>{x.reason}</td>
                <td>{x.automatic ? 'ladder' : 'moderator'}{x.liftedAt ? ` · lifted ${formatDay(x.liftedAt)}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Recent comments</h2>
        <table>
          <tbody>
            {d.comments.map((c) => (
              <tr>
                <td>{date(c.createdAt)}</td>
                <td><a href={`/posts/${c.post.slug}#comment-${c.id}`}>{c.post.title}</a></td>
                <td>{c.status}{c.removedReason ? ` (${c.removedReason})` : ''}</td>
                <td>{c.body.length > 160 ? c.body.slice(0, 159) + '…' : c.body}</td>
                <td class="mod-row-actions">
                  {(c.status === 'published' || c.status === 'pending') && (
                    <form data-api={`/api/mod/comments/${c.id}/remove`} data-next={here} class="inline-form">
                      <select name="reason" aria-label="Reason for removing">
                        {REMOVAL_REASONS.map((r) => <option value={r}>{REASON_LABEL[r]}</option>)}
                      </select>
                      <input type="text" name="note" maxLength={2000} aria-label="Note to the author (optional)" placeholder="note to the author" />
                      <label class="choice"><input type="checkbox" name="strike" checked /> strike</label>
                      <button type="submit" class="secondary">Remove</button>
                      <span role="alert" data-error hidden class="notice error" />
                    </form>
                  )}
                  {(c.status === 'pending' || c.status === 'removed') && (
                    <form data-api={`/api/mod/comments/${c.id}/approve`} data-next={here} class="inline-form">
                      <button type="submit" class="secondary">{c.status === 'removed' ? 'Restore' : 'Approve'}</button>
                      <span role="alert" data-error hidden class="notice error" />
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Donations</h2>
        {!d.donations.length && <p class="meta">None.</p>}
        <table>
          <tbody>
            {d.donations.map((x) => (
              <tr><td>{formatDay(x.createdAt)}</td><td>{x.kind}</td><td>{(x.amount / 100).toFixed(2)} {x.currency.toUpperCase()}</td><td>{x.status}</td></tr>
            ))}
          </tbody>
        </table>
        <p><a href={`/admin/audit?target=${id}`}>Audit entries for this account →</a></p>
      </section>,
    );
  });

  app.get('/account/moderation', async (request, reply) => {
    if (!request.user) return reply.redirect('/login?next=/account/moderation');
    const user = request.user;
    const [sanctions, appeals, removed] = await Promise.all([
      sanctionsOf(ctx.db, user.id, 50),
      appealsOf(ctx.db, user.id),
      heldOrRemovedOf(ctx.db, user.id, 50),
    ]);
    const statements = await Promise.all(removed.map((id) => statementFor(ctx, id)));
    const now = ctx.clock.now().toISOString();
    // One appeal form, for the sanction in force: a ban supersedes the suspensions before it.
    const governing = currentSanction(sanctions, ctx.clock.now()).sanctionId;
    const governingKind = sanctions.find((x) => x.id === governing)?.kind ?? null;
    return sendPage(
      ctx,
      request,
      reply,
      { title: 'Moderation decisions', head: <>{MOD_HEAD}<script src="/assets/forms.js" defer /></> },
      <section class="mod-page">
        <h1>Moderation decisions about you</h1>
        <p class={user.sanction.state === 'none' ? 'notice' : 'notice error'}>
          {user.sanction.state === 'none' && 'Your account is in good standing.'}
          {user.sanction.state === 'warned' && `You have a warning: ${user.sanction.reason}`}
          {user.sanction.state === 'suspended' && `You are suspended from commenting until ${user.sanction.until ? formatDateTime(user.sanction.until) : 'further notice'}: ${user.sanction.reason}`}
          {user.sanction.state === 'banned' && `You are banned from the discussion: ${user.sanction.reason}`}
        </p>
        <h2>Sanctions</h2>
        {!sanctions.length && <p class="meta">None.</p>}
        {sanctions.map((s) => {
          const api = toApiSanction(s);
          const appeal = appeals.find((a) => a.sanction_id === s.id);
          const live = !s.lifted_at && (s.ends_at === null || s.ends_at > now);
          return (
            <article class="mod-sanction" id={`sanction-${s.id}`}>
              <h3>{s.kind === 'ban' ? 'Permanent ban' : s.kind === 'suspension' ? 'Suspension' : 'Warning'} — {formatDay(api.createdAt)}</h3>
              <p>{s.reason}</p>
              {s.ends_at && <p class="meta">Until {formatDateTime(s.ends_at)}</p>}
              {s.lifted_at && <p class="meta">Lifted {formatDay(s.lifted_at)}{s.lift_reason ? `: ${s.lift_reason}` : ''}</p>}
              {appeal ? (
                <p class="meta">Your appeal ({formatDay(appeal.created_at)}): {appeal.status === 'open' ? 'waiting for a moderator' : `${appeal.status}${appeal.decision_reason ? ` — ${appeal.decision_reason}` : ''}`}</p>
              ) : live && s.kind !== 'warning' && s.id !== governing ? (
                <p class="meta">This sanction is superseded by your current one{governingKind === 'ban' ? ', the ban' : ''}: appeal that one instead.</p>
              ) : live && s.kind !== 'warning' ? (
                <form data-api="/api/appeals" data-next="/account/moderation" class="mod-appeal">
                  <input type="hidden" name="sanctionId" value={s.id} />
                  <label for={`appeal-${s.id}`}>Appeal (once per sanction): why should it be reconsidered?</label>
                  <textarea id={`appeal-${s.id}`} name="body" required maxLength={4000} rows={4} />
                  <p role="alert" data-error hidden class="notice error" tabIndex={-1} />
                  <button type="submit">Send appeal</button>
                </form>
              ) : null}
            </article>
          );
        })}
        <h2>Statements of reasons</h2>
        {!statements.length && <p class="meta">None of your comments has been removed or held.</p>}
        {statements.map((st) => (
          <article class="mod-statement" id={`comment-${st.commentId}`}>
            <h3>{st.decision === 'removed' ? 'Removed' : 'Waiting for review'} — on “{st.post?.title}”</h3>
            <dl>
              <dt>Decision</dt><dd>{st.decision.replace(/_/g, ' ')}{st.reasonText ? ` for ${st.reasonText}` : ''}</dd>
              <dt>Decided by</dt><dd>{st.decidedBy.role}, {formatDateTime(st.decidedAt)}</dd>
              {st.note && <><dt>Moderator's note</dt><dd>{st.note}</dd></>}
              {st.automated && st.automated.reasons.length > 0 && <><dt>Automated checks</dt><dd>{st.automated.reasons.map((r) => r.message || r.code).join('; ')}{st.automated.score !== null ? ` (abuse score ${st.automated.score.toFixed(2)})` : ''}</dd></>}
              {evidenceLines(st.automated).length > 0 && <><dt>Evidence</dt><dd><ul class="mod-evidence">{evidenceLines(st.automated).map((line) => <li>{line}</li>)}</ul></dd></>}
              <dt>Strike</dt><dd>{st.strike.recorded ? `yes, counts until ${st.strike.expiresAt ? formatDay(st.strike.expiresAt) : ''}` : 'no'}</dd>
              <dt>Appeal</dt><dd>{st.appeal.how}</dd>
            </dl>
          </article>
        ))}
      </section>,
    );
  });
}
