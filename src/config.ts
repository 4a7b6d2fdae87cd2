/**
 * One typed, validated configuration, read from PARLEY_* environment variables.
 * A bad value stops start-up with a message naming the variable.
 */
export interface Config {
  databaseUrl: string;
  redisUrl: string | null;
  port: number;
  host: string;
  publicUrl: string;
  secret: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  stripeSecretKey: string | null;
  stripeWebhookSecret: string | null;
  stripeApiBase: string | null;
  embedOrigins: string[];
  ssoSecret: string | null;
  /** Bearer token /metrics asks for; without one, /metrics is not served. */
  metricsToken: string | null;
  trustProxy: boolean;
  logLevel: string;
  seedDemo: boolean;
  editWindowMinutes: number;
  currency: string;
}

export class ConfigError extends Error {
  constructor(public readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v === '' ? fallback : v;
}

function optional(env: Env, name: string): string | null {
  const v = env[name];
  return v === undefined || v === '' ? null : v;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

function url(name: string, raw: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `not a valid URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `expected a ${protocols.join(' or ')} URL, got "${raw}"`);
  }
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const port = int(env, 'PARLEY_PORT', 3000, 0, 65535);
  const databaseUrl = str(env, 'PARLEY_DATABASE_URL', 'sqlite:./data/parley.db');
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(databaseUrl)) {
    throw new ConfigError('PARLEY_DATABASE_URL', `expected sqlite:PATH or postgres://…, got "${databaseUrl}"`);
  }
  const redisUrl = optional(env, 'PARLEY_REDIS_URL');
  if (redisUrl) url('PARLEY_REDIS_URL', redisUrl, ['redis:', 'rediss:']);
  const publicUrl = url('PARLEY_PUBLIC_URL', str(env, 'PARLEY_PUBLIC_URL', `http://localhost:${port}`), ['http:', 'https:']).replace(/\/$/, '');
  const smtpUrl = optional(env, 'PARLEY_SMTP_URL');
  if (smtpUrl) url('PARLEY_SMTP_URL', smtpUrl, ['smtp:', 'smtps:']);
  const secret = optional(env, 'PARLEY_SECRET');
  if (secret !== null && secret.length < 32) {
    throw new ConfigError('PARLEY_SECRET', 'must be at least 32 characters long');
  }
  const embedOrigins = (env.PARLEY_EMBED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const o of embedOrigins) url('PARLEY_EMBED_ORIGINS', o, ['http:', 'https:']);
  const stripeApiBase = optional(env, 'PARLEY_STRIPE_API_BASE');
  if (stripeApiBase) url('PARLEY_STRIPE_API_BASE', stripeApiBase, ['http:', 'https:']);
  const metricsToken = optional(env, 'PARLEY_METRICS_TOKEN');
  if (metricsToken !== null && metricsToken.length < 16) throw new ConfigError('PARLEY_METRICS_TOKEN', 'must be at least 16 characters long');
  const currency = str(env, 'PARLEY_CURRENCY', 'gbp').toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw new ConfigError('PARLEY_CURRENCY', `expected a three-letter currency code, got "${currency}"`);
  return {
    databaseUrl,
    redisUrl,
    port,
    host: str(env, 'PARLEY_HOST', '0.0.0.0'),
    publicUrl,
    secret,
    smtpUrl,
    mailFrom: str(env, 'PARLEY_MAIL_FROM', 'Parley <no-reply@localhost>'),
    stripeSecretKey: optional(env, 'PARLEY_STRIPE_SECRET_KEY'),
    stripeWebhookSecret: optional(env, 'PARLEY_STRIPE_WEBHOOK_SECRET'),
    stripeApiBase,
    embedOrigins,
    ssoSecret: optional(env, 'PARLEY_SSO_SECRET'),
    metricsToken,
    trustProxy: bool(env, 'PARLEY_TRUST_PROXY', false),
    logLevel: str(env, 'PARLEY_LOG_LEVEL', 'info'),
    seedDemo: bool(env, 'PARLEY_SEED_DEMO', true),
    editWindowMinutes: int(env, 'PARLEY_EDIT_WINDOW_MINUTES', 10, 0, 60 * 24 * 30),
    currency,
  };
}
