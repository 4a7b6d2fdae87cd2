/* E-mail addresses: a syntax check and the normalised key used for uniqueness and for recognising a
   banned person who signs up again with a variant of the same mailbox. */

const GMAIL_STYLE = new Set(['gmail.com', 'googlemail.com']);
// Providers where "+tag" reaches the same mailbox.
const PLUS_TAG = new Set(['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'icloud.com', 'me.com', 'fastmail.com', 'proton.me', 'protonmail.com', 'yahoo.com']);

export function isValidEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:]{2,}$/.test(email);
}

/** Lower-cased, with Gmail dots and provider +tags removed: name+x@gmail.com, Na.me@googlemail.com → name@gmail.com. */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return trimmed;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  if (PLUS_TAG.has(domain)) local = local.split('+')[0] ?? local;
  if (GMAIL_STYLE.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}
