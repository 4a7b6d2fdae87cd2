import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config';
import { normalizeEmail, isValidEmail } from '../../src/domain/email';
import { newId } from '../../src/store/ids';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databaseUrl: 'sqlite:./data/parley.db', port: 3000, publicUrl: 'http://localhost:3000', redisUrl: null, currency: 'gbp', editWindowMinutes: 10 });
  });

  it.each([
    ['PARLEY_PORT', 'eighty'],
    ['PARLEY_PORT', '70000'],
    ['PARLEY_DATABASE_URL', 'mysql://x'],
    ['PARLEY_REDIS_URL', 'http://localhost'],
    ['PARLEY_PUBLIC_URL', 'not a url'],
    ['PARLEY_SECRET', 'short'],
    ['PARLEY_SEED_DEMO', 'maybe'],
    ['PARLEY_EMBED_ORIGINS', 'https://ok.example, ftp://bad'],
  ])('names %s when it is bad (%s)', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as Error).message).toContain(name);
  });
});

describe('e-mail normalisation', () => {
  it.each([
    ['Name+x@gmail.com', 'name@gmail.com'],
    ['n.a.m.e@googlemail.com', 'name@gmail.com'],
    ['Someone+news@outlook.com', 'someone@outlook.com'],
    ['first.last+tag@example.org', 'first.last+tag@example.org'],
  ])('%s → %s', (input, expected) => expect(normalizeEmail(input)).toBe(expected));

  it('rejects addresses that cannot be mailed', () => {
    expect(isValidEmail('a@b.org')).toBe(true);
    for (const bad of ['a', 'a@b', 'a b@c.org', '<a>@b.org']) expect(isValidEmail(bad)).toBe(false);
  });
});

describe('ids', () => {
  it('are opaque, unique and sort by time even within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => newId(1_800_000_000_000));
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort()).toEqual(ids);
    expect(newId(1_800_000_000_001) > ids[999]!).toBe(true);
    expect(ids[0]).toMatch(/^[0-9a-z]{26}$/);
  });
});
