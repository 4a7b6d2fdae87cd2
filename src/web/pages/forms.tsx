/* Sign-in, registration and account pages. Forms post JSON through /assets/forms.js. */

export function LoginPage({ next }: { next: string }) {
  return (
    <section>
      <h1>Sign in</h1>
      <form data-api="/api/auth/login" data-next={next}>
        <div class="notice error" role="alert" hidden data-error></div>
        <label for="email">E-mail address</label>
        <input id="email" name="email" type="email" autocomplete="email" required />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <p><button type="submit">Sign in</button></p>
      </form>
      <form data-api="/api/auth/magic-link" data-done="If that address has an account, a sign-in link is on its way.">
        <div class="notice" role="status" hidden data-error></div>
        <label for="magic-email">Or get a sign-in link by e-mail</label>
        <input id="magic-email" name="email" type="email" autocomplete="email" required />
        <input type="hidden" name="next" value={next} />
        <p><button type="submit" class="secondary">Send me a link</button></p>
      </form>
      <p>New here? <a href={`/register?next=${encodeURIComponent(next)}`}>Create an account</a>.</p>
    </section>
  );
}

export function RegisterPage({ next }: { next: string }) {
  return (
    <section>
      <h1>Create an account</h1>
      <p>Reading is free. To join in with the discussion, create an account and then <a href="/support">make a donation</a>.</p>
      <form data-api="/api/auth/register" data-next={next}>
        <div class="notice error" role="alert" hidden data-error></div>
        <label for="displayName">Display name (shown with your comments)</label>
        <input id="displayName" name="displayName" type="text" autocomplete="nickname" required maxLength={60} />
        <label for="email">E-mail address</label>
        <input id="email" name="email" type="email" autocomplete="email" required />
        <label for="password">Password (at least 8 characters)</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required minLength={8} />
        <p><button type="submit">Create account</button></p>
      </form>
    </section>
  );
}

export const formsScript = () => <script src="/assets/forms.js" defer />;

/** A sign-in link asks before it signs in, and says as whom: a link someone else sent shows their name. */
export function magicLinkConfirm({ token, name, signedInAs, next }: { token: string; name: string; signedInAs: string | null; next: string }) {
  return (
    <section>
      <h1>Sign in</h1>
      <form data-api="/api/auth/magic" data-next={next}>
        <div class="notice error" role="alert" hidden data-error></div>
        <input type="hidden" name="token" value={token} />
        <p>
          Sign in as <strong class="magic-name">{name}</strong>?
          {signedInAs && signedInAs !== name ? ` You are signed in as ${signedInAs} now; that session ends.` : ''}
        </p>
        <p>Only continue if you asked for this link yourself.</p>
        <p><button type="submit">Sign in as {name}</button></p>
      </form>
    </section>
  );
}

/** A used or expired magic link: a page in the site's frame, with the way back to signing in. */
export function LinkExpired({ login }: { login: string }) {
  return (
    <section>
      <h1>This sign-in link has expired</h1>
      <p class="notice">Sign-in links work once, for 15 minutes. This one has expired or was already used.</p>
      <p>
        <a class="button" href={login}>Ask for a new link or sign in</a>
      </p>
    </section>
  );
}
