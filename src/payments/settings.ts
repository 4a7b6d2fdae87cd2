import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';
import { getSetting, setSetting } from '../store/settings';
import { Type } from '@sinclair/typebox';
import { jsonReader, type JsonReader } from '../domain/json';
import { DEFAULT_SUPPORTER_OPTIONS, type SupporterOptions } from '../domain/supporter-rules';

/**
 * What the supporter page offers and how long support lasts, kept in the `support` setting so admins
 * can change it without a restart (PUT /api/admin/support/settings).
 *
 * Amounts are always integers in the currency's minor units (pence for GBP), as Stripe counts them:
 * `POST /api/support/checkout {amount: 500}` is £5.00.
 */
export interface SupportSettings extends SupporterOptions {
  minimum: number; // minor units
  maximum: number; // minor units
  oneOffPresets: number[]; // minor units
  monthlyPresets: number[]; // minor units
}

export const DEFAULT_SUPPORT_SETTINGS: SupportSettings = {
  ...DEFAULT_SUPPORTER_OPTIONS,
  minimum: 300,
  maximum: 500_000,
  oneOffPresets: [500, 1000, 2500, 5000],
  monthlyPresets: [300, 500, 1000],
};

/** The stored `support` setting: any of the fields, over the defaults. */
const STORED_SUPPORT = jsonReader(
  Type.Partial(Type.Object({ oneOffDays: Type.Number(), graceDays: Type.Number(), minimum: Type.Number(), maximum: Type.Number(), oneOffPresets: Type.Array(Type.Number()), monthlyPresets: Type.Array(Type.Number()) })),
  'setting support',
) satisfies JsonReader<Partial<SupportSettings>>;

export async function getSupportSettings(db: Kysely<Database>): Promise<SupportSettings> {
  return { ...DEFAULT_SUPPORT_SETTINGS, ...(await getSetting(db, 'support', STORED_SUPPORT)) };
}

export async function setSupportSettings(db: Kysely<Database>, changes: Partial<SupportSettings>): Promise<SupportSettings> {
  const next = { ...(await getSupportSettings(db)), ...changes };
  await setSetting(db, 'support', next);
  return next;
}

/** Digits after the decimal point for a currency (GBP 2, JPY 0), so minor units can be shown and typed in major units. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "£5", "£2.50": minor units shown as money. */
export function formatMoney(amount: number, currency: string): string {
  const digits = currencyDigits(currency);
  const major = amount / 10 ** digits;
  try {
    return new Intl.NumberFormat('en-GB', {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: Number.isInteger(major) ? 0 : digits,
      maximumFractionDigits: digits,
    }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency.toUpperCase()}`;
  }
}
