import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../server/context';
import { sendPage } from './routes';
import { ModNav } from './moderation';
import { can } from '../domain/roles';
import { moderationSettings } from '../server/services/comment-moderation';

/* /admin/moderation/settings: every pipeline setting as a form, a dry run over recent comments, then save.
   The form is generated from the settings' own shape, so a new setting appears without page changes. */

const LABELS: Record<string, string> = {
  rateLimit: 'Rate limits',
  repeatPost: 'Repeated comments',
  length: 'Length',
  links: 'Links',
  wordLists: "The site's word lists",
  profanity: 'Profanity',
  abuse: 'Abuse classifier',
  newSupporters: 'New supporters',
  holdThreshold: 'Hold above this score (0–1)',
  rejectThreshold: 'Reject above this score (0–1)',
  blocked: 'Blocked words (rejected), one per line; end with * for a prefix',
  watched: 'Watched words (held for review), one per line',
  extraWords: 'Extra profane words, one per line',
  allowWords: 'Words never counted as profanity, one per line',
  ignoreWords: 'Dataset words to ignore, one per line',
  holdNewSupporterLinks: "Hold a new supporter's first N comments with links",
  holdFirstComments: "Hold a new supporter's first N comments",
  maxLinks: 'Most links in a comment',
  maxChars: 'Most characters in a comment',
  perMinute: 'Most comments by one person a minute',
  perHour: 'Most comments by one person an hour',
  perPostPer10Min: 'Most comments by one person on one post in 10 minutes',
  policy: 'What to do',
  blockedPolicy: 'What to do with blocked words',
  enabled: 'On',
  rules: 'Also use the rules for threats and direct insults',
  evidence: 'Evidence: what each kind of cue leads to, and words the site adds',
  profanityQuoted: 'Profanity inside a quotation or reported speech',
  slurMentioned: 'A slur quoted, reported or negated rather than used',
  slurCondemned: 'A slur quoted or reported to condemn it',
  threats: 'A wish, promise or call to harm a person or a group',
  dehumanisingAtGroup: 'A group compared to vermin, animals or disease',
  hateAtGroup: 'Hatred, demeaning generalisations and exclusion aimed at a group',
  insultAtYou: 'Insults aimed at the reader or another commenter',
  insultAtPerson: 'Insults aimed at a named person',
  extraGroups: 'Words naming groups the site protects, one per line',
  extraSlurs: 'More slurs, one per line',
  extraInsults: 'More insults, one per line',
};

const label = (key: string) => LABELS[key] ?? key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());

function Field({ path, value }: { path: string; value: unknown }) {
  const key = path.split('.')[1] ?? path;
  const id = `f-${path.replace('.', '-')}`;
  if (typeof value === 'boolean') {
    return <p><label for={id}><input id={id} type="checkbox" name={path} checked={value} /> {label(key)}</label></p>;
  }
  if (typeof value === 'number') {
    return <p><label for={id}>{label(key)}</label><input id={id} type="number" name={path} value={value} step={key.endsWith('Threshold') ? '0.01' : '1'} min="0" /></p>;
  }
  if (Array.isArray(value)) {
    return <p><label for={id}>{label(key)}</label><textarea id={id} name={path} rows={Math.min(8, Math.max(3, value.length + 1))} data-list>{value.join('\n')}</textarea></p>;
  }
  return (
    <p>
      <label for={id}>{label(key)}</label>
      <select id={id} name={path}>
        {['reject', 'hold', 'off'].map((p) => <option value={p} selected={p === value}>{p}</option>)}
      </select>
    </p>
  );
}

export function registerModerationSettingsPage(app: FastifyInstance, ctx: AppContext): void {
  app.get('/admin/moderation/settings', async (request, reply) => {
    if (!request.user) return reply.redirect('/login?next=/admin/moderation/settings');
    if (!can(request.user.roles, 'configure')) return sendPage(ctx, request, reply, { title: 'Not allowed' }, <p>Only admins can change the moderation settings.</p>, 403);
    const settings = await moderationSettings(ctx.db);
    return sendPage(
      ctx,
      request,
      reply,
      { title: 'Moderation settings', head: <><link rel="stylesheet" href="/assets/moderation.css" /><script src="/assets/moderation-settings.js" defer /></> },
      <section>
        <h1>Moderation settings</h1>
        <ModNav current="settings" />
        <p>Change the automated checks, try the change on recent comments, then save. Every saved change goes to the audit log.</p>
        <form id="moderation-settings">
          {Object.entries(settings).map(([section, values]) => (
            <fieldset>
              <legend>{label(section)}</legend>
              {Object.entries(values as Record<string, unknown>).map(([key, value]) => <Field path={`${section}.${key}`} value={value} />)}
            </fieldset>
          ))}
          <p>
            <label for="dry-days">Try on the comments of the last</label>
            <select id="dry-days" name="days">
              {[7, 30, 90].map((d) => <option value={d} selected={d === 30}>{d} days</option>)}
            </select>
          </p>
          <p>
            <button type="button" id="dry-run">Dry run</button> <button type="button" id="save" class="secondary">Save settings</button>
          </p>
          <div role="status" aria-live="polite" id="settings-status" class="notice" hidden></div>
          <div id="dry-run-result"></div>
        </form>
      </section>,
    );
  });
}
