import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { SessionUser } from '../server/plugins/session';
import { can } from '../domain/roles';
import { initials } from '../domain/initials';

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
  /** The page's own path and query, where signing in or out comes back to. */
  path?: string;
  /** The session's CSRF token, sent with the sign-out form. */
  csrfToken?: string;
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

/**
 * The signed-in person's menu: an initials avatar and their name open the links their roles allow
 * (Account, Moderation, Posts, Admin) and Sign out, a real POST that comes back to this page.
 * A <details> disclosure, so it works before and without any script.
 */
function AccountMenu({ user, path, csrfToken }: { user: SessionUser; path: string; csrfToken: string }) {
  return (
    <details class="account-menu">
      <summary aria-label={`Account menu for ${user.displayName}`}>
        <span class="avatar" aria-hidden="true">{initials(user.displayName)}</span>
        <span class="account-name">{user.displayName}</span>
      </summary>
      <ul>
        <li><a href="/account">Account</a></li>
        {can(user.roles, 'moderate') && <li><a href="/admin/moderation">Moderation</a></li>}
        {can(user.roles, 'publish') && <li><a href="/admin/posts">Posts</a></li>}
        {(can(user.roles, 'manage_users') || can(user.roles, 'publish')) && <li><a href="/admin">Admin</a></li>}
        <li>
          <form method="post" action="/logout">
            <input type="hidden" name="csrf" value={csrfToken} />
            <input type="hidden" name="next" value={path} />
            <button type="submit" class="link">Sign out</button>
          </form>
        </li>
      </ul>
    </details>
  );
}

export function Layout({ meta, user, siteName, waitingForReview, path = '/', csrfToken = '', children }: LayoutProps) {
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
            {user ? <AccountMenu user={user} path={path} csrfToken={csrfToken} /> : <a href={path === '/' || path.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(path)}`}>Sign in</a>}
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
