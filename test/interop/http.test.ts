/** Imported discussions as readers see them, through the real app on both databases. */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importFile } from '../../src/commands/import.ts';
import { describeBackends, startTestServer, type TestServer } from '../support/backends.ts';

const fixture = (name: string) => join(import.meta.dirname, '../fixtures/import', name);

describeBackends('imported discussion on the site', (backend) => {
  let server: TestServer;
  const slugOf = async (key: string) =>
    (await server.deps.db.selectFrom('import_keys').innerJoin('stories', 'stories.id', 'import_keys.target_id').select('stories.slug').where('import_keys.key', '=', key).executeTakeFirstOrThrow()).slug;

  beforeAll(async () => {
    server = await startTestServer(backend);
    await importFile(server.deps, { source: 'disqus', file: fixture('disqus.xml') });
  });
  afterAll(() => server.close());

  it('shows imported comments with their authors and threads, not held ones, and not the deleted thread', async () => {
    const ferry = await fetch(`${server.url}/stories/${await slugOf('disqus:thread:5001')}`);
    expect(ferry.status).toBe(200);
    const html = await ferry.text();
    expect(html).toContain('The <strong>early</strong> ferry is gone &amp; nobody asked us.');
    expect(html).toContain('Guest Reader');
    expect(html).toContain('Agreed with the café owners.');
    expect(html).not.toContain('alert(1)');

    const market = await (await fetch(`${server.url}/stories/${await slugOf('disqus:thread:5002')}`)).text();
    expect(market).not.toContain('Waiting for a moderator.');
    expect(market).not.toContain('Cheap watches');
    expect(market).not.toContain('I take this back.');

    const withdrawn = await fetch(`${server.url}/stories/${await slugOf('disqus:thread:5003')}`);
    expect([404, 410]).toContain(withdrawn.status);
  });
});
