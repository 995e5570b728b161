/** `npm start` as an operator meets it: first start seeds and prints the admin password once; bad settings stop it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { start } from '../src/main.ts';

describe('starting Parley', () => {
  it('seeds and prints the admin password on the first start only, and reuses the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-start-'));
    try {
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`, LOG_LEVEL: 'silent' });
      const first: string[] = [];
      let running = await start(config, { print: (l) => first.push(l), logger: false });
      const home = await fetch(`${running.url}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('The Harbour Ledger');
      const login = first.find((l) => l.includes('Admin login'));
      expect(login).toMatch(/admin@parley\.local \/ \S{12,}/);
      await running.close();

      const second: string[] = [];
      running = await start(config, { print: (l) => second.push(l), logger: false });
      expect(second.some((l) => l.includes('Admin login') || l.includes('Seeded'))).toBe(false);
      const stories = (await (await fetch(`${running.url}/api/stories`)).json()) as { stories: unknown[] };
      expect(stories.stories).toHaveLength(8);
      // The demo partner is a feed the site serves to itself and ingests on its schedule: unchanged stories.
      const { listFeeds } = await import('../src/store/feeds.ts');
      await expect.poll(async () => (await listFeeds(running.deps.db))[0]?.lastSuccessAt ?? null, { timeout: 10_000 }).not.toBeNull();
      const [demo] = await listFeeds(running.deps.db);
      expect(demo).toMatchObject({ name: 'The Harbour Ledger', lastError: null, itemsAdded: 0, itemsUpdated: 0 });
      expect(demo!.feedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/demo\/feed\.xml$/);
      // The printed password works.
      const password = login!.split(' / ')[1]!.trim();
      const session = await fetch(`${running.url}/api/session`);
      const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await session.json()) as { csrfToken: string };
      const res = await fetch(`${running.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie },
        body: JSON.stringify({ email: 'admin@parley.local', password }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { user: { role: string } }).user.role).toBe('admin');
      await running.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['PUBLIC_URL', 'not a url'],
  ])('stops with one line naming %s when it is bad', (name, value) => {
    const r = spawnSync(process.execPath, ['bin/parley.js', 'start'], { env: { ...process.env, [name]: value }, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^parley: bad setting ${name}: `));
  });
});
