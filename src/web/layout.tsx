import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { SessionUser } from '../server/plugins/session';
import { can } from '../domain/roles';
import { initials } from '../domain/initials';
import { adminAreasFor, currentArea } from './admin-nav';

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
  /** The page's own path and query: where signing in or out comes back to; under /admin, staff get the admin shell. */
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

/** The header's account slot: moderators' queue link, then the account menu or "Sign in" (back to this page). */
function AccountLinks({ user, waiting, path, csrfToken }: { user: SessionUser | null; waiting: number | null | undefined; path: string; csrfToken: string }) {
  return (
    <div class="account-slot">
      {user && can(user.roles, 'moderate') && <ModerationLink waiting={waiting} />}
      {user ? <AccountMenu user={user} path={path} csrfToken={csrfToken} /> : <a href={path === '/' || path.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(path)}`}>Sign in</a>}
    </div>
  );
}

function HeaderSearch() {
  return (
    <form class="header-search" method="get" action="/search" role="search">
      <label for="header-q" class="visually-hidden">Search posts</label>
      <input type="search" id="header-q" name="q" placeholder="Search" maxLength={200} />
      <button type="submit" class="search-button"><span class="visually-hidden">Search</span><svg aria-hidden="true" viewBox="0 0 20 20" width="18" height="18"><circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2" /><path d="m13 13 4.5 4.5" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></svg></button>
    </form>
  );
}

/** The band above the footer: what funds the site and what joining the discussion asks. */
function SupportBand({ siteName }: { siteName: string }) {
  return (
    <aside class="support-band" aria-labelledby="support-band-title">
      <div class="support-band-inner">
        <div>
          <h2 id="support-band-title">{siteName} is funded by its readers</h2>
          <p>
            To join in with the discussion, please make a donation; profanity and abuse will be removed and may lead to a permanent ban.
          </p>
        </div>
        <a class="button support-button" href="/support">Make a donation</a>
      </div>
    </aside>
  );
}

function AdminShell({ user, path, children }: { user: SessionUser; path: string; children: ComponentChildren }) {
  const areas = adminAreasFor(user.roles);
  const current = currentArea(areas, path);
  return (
    <div class="admin-shell">
      <nav class="admin-nav" aria-label="Admin">
        <a class="admin-home" href="/admin" aria-current={path.split('?')[0] === '/admin' ? 'page' : undefined}>Overview</a>
        <ul>
          {areas.map((a) => (
            <li><a href={a.href} aria-current={a === current ? 'page' : undefined}>{a.label}</a></li>
          ))}
        </ul>
      </nav>
      <main id="main" class="admin-main">{children}</main>
    </div>
  );
}

export function Layout({ meta, user, siteName, waitingForReview, path = '/', csrfToken = '', children }: LayoutProps) {
  const admin = user && (path === '/admin' || path.startsWith('/admin/') || path.startsWith('/admin?')) && adminAreasFor(user.roles).length > 0 ? user : null;
  const inAdmin = admin !== null;
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
      <body class={inAdmin ? 'in-admin' : undefined}>
        <a class="skip" href="#main">Skip to content</a>
        <header class="masthead">
          <div class="masthead-inner">
            <a class="brand" href="/">{siteName}</a>
            <HeaderSearch />
            <nav aria-label="Site">
              <a class="nav-support" href="/support">Support us</a>
              <AccountLinks user={user} waiting={waitingForReview} path={path} csrfToken={csrfToken} />
            </nav>
          </div>
        </header>
        {admin ? <AdminShell user={admin} path={path}>{children}</AdminShell> : <main id="main">{children}</main>}
        {!inAdmin && <SupportBand siteName={siteName} />}
        <footer class="site-footer">
          <p>© {siteName} · <a href="/support">Support us</a> · <a href="/feed.xml">RSS</a> · <a href="/search">Search</a></p>
        </footer>
      </body>
    </html>
  );
}

export function renderPage(props: Omit<LayoutProps, 'children'>, body: ComponentChildren): string {
  return '<!doctype html>' + renderToString(<Layout {...props}>{body}</Layout>);
}
