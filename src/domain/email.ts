/* E-mail addresses: which forms Parley accepts, the key used for uniqueness and sign-in, and the
   broader identity a ban keys on, so that a banned person is recognised behind a variant of the
   same mailbox. */
import { domainToASCII, domainToUnicode } from 'node:url';
import { lookAlikeFold } from './confusables';

const GMAIL_STYLE = new Set(['gmail.com', 'googlemail.com']);
// Providers where "+tag" reaches the same mailbox: for these the tag is dropped even for sign-in.
const PLUS_TAG = new Set(['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'icloud.com', 'me.com', 'fastmail.com', 'proton.me', 'protonmail.com', 'yahoo.com']);

// RFC 5322 atext, plus letters, digits and marks of any script (RFC 6531 addresses).
const LOCAL_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\p{L}\p{N}\p{M}]+$/u;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * The one spelling Parley stores for an address, or null when it is not a form mail can be delivered
 * to: trimmed, lower-cased, NFC, the domain's trailing root dot dropped and the domain in ASCII
 * (punycode). Refused: quoted or dotted-edge local parts, IP literals, a domain without a dot or with
 * an invalid label, control, format (zero-width, bidi) and space characters anywhere.
 */
export function canonicalEmail(raw: string): string | null {
  const email = raw.trim().normalize('NFC').toLowerCase();
  if (email.length > 254) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return null;
  const local = email.slice(0, at);
  let domain = email.slice(at + 1);
  if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  // Compatibility forms (fullwidth letters, ligatures) are look-alikes, not mailboxes anyone uses.
  if (local !== local.normalize('NFKC')) return null;
  if (!local.split('.').every((atom) => LOCAL_ATOM.test(atom))) return null;
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  if (!domain || domain.startsWith('[') || /[\s\p{C}]/u.test(domain)) return null;
  const ascii = domainToASCII(domain);
  if (!ascii) return null;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l)) || !TOP_LEVEL.test(labels[labels.length - 1] ?? '')) return null;
  return `${local}@${ascii}`;
}

export function isValidEmail(email: string): boolean {
  return canonicalEmail(email) !== null;
}

function split(email: string): { local: string; domain: string } {
  const c = canonicalEmail(email) ?? email.trim().toLowerCase().replace(/\.$/, '');
  const at = c.lastIndexOf('@');
  return at < 0 ? { local: c, domain: '' } : { local: c.slice(0, at), domain: c.slice(at + 1) };
}

/** The key for uniqueness and sign-in, with the providers' own aliases removed:
    name+x@gmail.com, Na.me@googlemail.com., NAME@gmail.com → name@gmail.com. */
export function normalizeEmail(email: string): string {
  let { local, domain } = split(email);
  if (!domain) return local;
  if (PLUS_TAG.has(domain)) local = local.split('+')[0] ?? local;
  if (GMAIL_STYLE.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

/**
 * The identity a ban keys on: broader than the sign-in key, since it only has to recognise a
 * person, never to deliver mail. A "+tag" is dropped for every domain, and look-alike characters are
 * folded (a Cyrillic "а", a fullwidth letter), in the local part and in the domain, so
 * pat+back@company.example and pаt@company.example are the same person as pat@company.example.
 */
export function banEmailIdentity(email: string): string {
  const key = normalizeEmail(email);
  const at = key.lastIndexOf('@');
  if (at < 0) return lookAlikeFold(key);
  const local = lookAlikeFold(key.slice(0, at)).split('+')[0] ?? '';
  const domain = lookAlikeFold(domainToUnicode(key.slice(at + 1)) || key.slice(at + 1));
  return `${local}@${domain}`;
}
