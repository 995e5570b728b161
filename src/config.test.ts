import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', databaseUrl: 'sqlite:./data/parley.db', publicUrl: 'http://localhost:3000', secureCookies: false, editWindowMinutes: 15 });
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT: must be a whole number/],
    [{ PORT: '70000' }, /^PORT: must be between 0 and 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL: must start with sqlite: or postgres:\/\//],
    [{ DATABASE_URL: 'sqlite:' }, /^DATABASE_URL: sqlite: needs a file path/],
    [{ PUBLIC_URL: 'news.example' }, /^PUBLIC_URL: is not a URL/],
    [{ PUBLIC_URL: 'ftp://news.example' }, /^PUBLIC_URL: must be an http/],
    [{ EDIT_WINDOW_MINUTES: '-1' }, /^EDIT_WINDOW_MINUTES: must be a whole number/],
    [{ SEED_DEMO: 'maybe' }, /^SEED_DEMO: must be true or false/],
    [{ PARLEY_SECRET: 'short' }, /^PARLEY_SECRET: must be at least 16 characters/],
    [{ PARLEY_CONFIG: '/nonexistent/parley.json' }, /^PARLEY_CONFIG: cannot read/],
  ])('stops on %o with one line naming the setting', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('turns Secure cookies on for an https PUBLIC_URL and follows PORT for the default URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://news.example/' })).toMatchObject({ publicUrl: 'https://news.example', secureCookies: true });
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/parley' }).databaseUrl).toBe('postgres://u@db:5432/parley');
  });
});
