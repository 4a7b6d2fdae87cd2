import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { SessionUser } from '../server/plugins/session';
import { can } from '../domain/roles';

export interface PageMeta {
  title: string;
  description?: string;
  canonical?: string;
  head?: ComponentChildren;
}

export interface LayoutProps {
  meta: PageMeta;
  user: SessionUser | null;
  siteName: string;
  /** Items waiting in the moderation queues, for moderators' headers; null for everyone else. */
  waitingForReview?: number | null;
  children: ComponentChildren;
}

/** "Moderation", with the number waiting beside it when there is any (and said in words to screen readers). */
function ModerationLink({ waiting }: { waiting: number | null | undefined }) {
  if (!waiting) return <a href="/admin/moderation">Moderation</a>;
  return (
    <a href="/admin/moderation" aria-label={`Moderation, ${waiting} ${waiting === 1 ? 'item' : 'items'} waiting for review`}>
      Moderation<span class="nav-count">{waiting}</span>
    </a>
  );
}

export function Layout({ meta, user, siteName, waitingForReview, children }: LayoutProps) {
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{meta.title === siteName ? siteName : `${meta.title} — ${siteName}`}</title>
        {meta.description && <meta name="description" content={meta.description} />}
        {meta.canonical && <link rel="canonical" href={meta.canonical} />}
        <link rel="stylesheet" href="/assets/site.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        {meta.head}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="masthead">
          <a class="brand" href="/">{siteName}</a>
          <nav aria-label="Site">
            <a href="/support">Support us</a>
            {user && can(user.roles, 'moderate') && <ModerationLink waiting={waitingForReview} />}
            {user && can(user.roles, 'publish') && <a href="/admin/posts">Posts</a>}
            {user && (can(user.roles, 'manage_users') || can(user.roles, 'publish')) && <a href="/admin">Admin</a>}
            {user ? <a href="/account">{user.displayName}</a> : <a href="/login">Sign in</a>}
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer class="site-footer">
          <p>
            {siteName} is funded by its readers. To join in with the discussion, please <a href="/support">make a donation</a>;
            profanity and abuse will be removed and may lead to a permanent ban.
          </p>
        </footer>
      </body>
    </html>
  );
}

export function renderPage(props: Omit<LayoutProps, 'children'>, body: ComponentChildren): string {
  return '<!doctype html>' + renderToString(<Layout {...props}>{body}</Layout>);
}
