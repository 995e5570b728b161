/**
 * The `parley` command. `parley start` (what `npm start` runs) serves the site; `parley classify`
 * runs the moderation pipeline over JSON Lines; `parley export comments` writes past comments for
 * back-testing a policy; `parley import` / `parley export` move a discussion in and out (interop/cli.ts);
 * `parley users reset-link` makes a password reset link; `parley config` lists the settings.
 */
import { ConfigError, loadConfig, settingDocs } from './config.ts';

const USAGE = `usage: parley <command>

  start                 serve the site (the default)
  classify [--policy F] moderate JSON Lines from stdin: {"id","text"} → {"id","action","labels","reasons"}
  import disqus|wordpress FILE [--moderate]
                        bring in a Disqus export or a WordPress export (WXR): threads, comments, authors;
                        running it again adds nothing; --moderate applies the current policy to them
  import parley ARCHIVE read back an archive written by parley export
  export [archive] [--out FILE]
                        write everything as a JSON Lines archive (no passwords or sessions)
  export disqus [--out FILE]
                        write the discussion as a Disqus export (XML)
  export comments [--since ISO-DATE]
                        write past comments as JSON Lines {"id","text","story","status","createdAt"}
  export statements --since ISO-DATE
                        write statements of reasons (EU DSA Art. 17) as JSON Lines, one batch of at most
                        100 per line, {"statements":[…]} in the DSA Transparency Database's field names
  config                list the settings (environment variables)
  feeds add NAME SITE_URL FEED_URL [--allow-host] [--every MINUTES]
  feeds list | fetch ID | pause ID --reason TEXT | resume ID | remove ID --reason TEXT
                        partner publishers' feeds
  sites add NAME --origin URL [--origin URL …] [--id ID] [--no-secret] [--public-key PEM_FILE]
  sites list            sites that embed discussions: allowed origins, sign-on, snippet
  users reset-link EMAIL
                        print a one-time link (valid three days) with which that reader sets a new password
`;

export async function main(args: string[]): Promise<number> {
  const [command = 'start', ...rest] = args;
  switch (command) {
    case 'start': {
      let config;
      try {
        config = loadConfig();
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`parley: bad setting ${err.message}\n`);
          return 2;
        }
        throw err;
      }
      const { start } = await import('./main.ts');
      const running = await start(config);
      const stop = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return new Promise<number>(() => {});
    }
    case 'classify': {
      const { runClassify } = await import('./moderation/classify-cli.ts');
      return runClassify(rest, process.stdin, process.stdout);
    }
    case 'import':
      return (await import('./interop/cli.ts')).runImport(rest);
    case 'export': {
      const what = rest[0];
      if (what === undefined || what === 'archive' || what === 'disqus' || what.startsWith('--')) return (await import('./interop/cli.ts')).runExport(rest);
      if (what !== 'comments' && what !== 'statements') {
        process.stderr.write(`parley: export what? (archive, disqus, comments, statements)\n${USAGE}`);
        return 2;
      }
      const sinceAt = rest.indexOf('--since');
      const since = sinceAt >= 0 ? rest[sinceAt + 1] : undefined;
      if ((sinceAt >= 0 || what === 'statements') && (!since || Number.isNaN(Date.parse(since)))) {
        process.stderr.write('parley: --since needs a date, e.g. 2026-11-01\n');
        return 2;
      }
      const config = loadConfig();
      const { openDatabase, migrate } = await import('./store/database.ts');
      const database = await openDatabase(config.databaseUrl, { sqliteWriter: 'event-loop' });
      const write = async (value: unknown) => {
        if (!process.stdout.write(`${JSON.stringify(value)}\n`)) await new Promise((r) => process.stdout.once('drain', r));
      };
      try {
        await migrate(database);
        const sinceIso = since && new Date(since).toISOString();
        if (what === 'comments') {
          const { exportComments } = await import('./queries/export-comments.ts');
          for await (const c of exportComments(database.db, { since: sinceIso })) await write(c);
        } else {
          const { exportStatements, inBatches } = await import('./queries/statements.ts');
          for await (const batch of inBatches(exportStatements(database.db, { since: sinceIso! }))) await write({ statements: batch });
        }
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'feeds':
      return feeds(rest);
    case 'sites':
      return sites(rest);
    case 'users':
      return users(rest);
    case 'config':
      for (const s of settingDocs) process.stdout.write(`${s.env.padEnd(22)} ${s.doc}\n`);
      return 0;
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`parley: unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

/** The settings, and the store and services an operator's command works on. */
async function openDeps() {
  const { openCommandDeps } = await import('./main.ts');
  return openCommandDeps(loadConfig());
}

/** `parley feeds …`: register, list, fetch, pause, resume and remove partner feeds. */
async function feeds(args: string[]): Promise<number> {
  const { parseArgs } = await import('node:util');
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'allow-host': { type: 'boolean' }, every: { type: 'string' }, reason: { type: 'string' } },
  });
  const [verb, ...params] = positionals;
  const { config, deps, database } = await openDeps();
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const id = () => {
    const n = Number(params[0]);
    if (!Number.isInteger(n) || n < 1) throw new ConfigError('give the partner\'s id (see parley feeds list)');
    return n;
  };
  try {
    const partners = await import('./commands/partners.ts');
    if (verb === 'add') {
      const [name, siteUrl, feedUrl] = params;
      if (!name || !siteUrl || !feedUrl) throw new ConfigError('usage: parley feeds add NAME SITE_URL FEED_URL');
      const feed = await partners.addPartner(deps, { name, siteUrl, feedUrl, allowHost: values['allow-host'], intervalMinutes: values.every ? Number(values.every) : undefined });
      out(`added partner ${feed.publisherId}: ${feed.name} (${feed.feedUrl}), fetched every ${feed.intervalMinutes} min`);
    } else if (verb === 'list') {
      const { listFeeds } = await import('./store/feeds.ts');
      for (const f of await listFeeds(deps.db)) {
        const state = f.removed ? 'removed' : f.active ? 'active' : 'paused';
        out(`${f.publisherId}\t${state}\t${f.name}\t${f.feedUrl}\tlast success ${f.lastSuccessAt ?? 'never'}\t${f.lastError ? `last error: ${f.lastError}` : ''}\tnext ${f.nextRunAt ?? 'now'}\t+${f.itemsAdded} ~${f.itemsUpdated}`);
      }
    } else if (verb === 'fetch') {
      const { ingestFeed } = await import('./commands/ingest-feed.ts');
      const r = await ingestFeed(deps, { publisherId: id() });
      out(r.status === 'ok' ? `${r.items} items: ${r.added} added, ${r.updated} updated` : r.status === 'not-modified' ? 'not modified since the last fetch' : `failed (${r.code}): ${r.message}`);
      if (r.status === 'error') return 1;
    } else if (verb === 'pause' || verb === 'resume') {
      if (verb === 'pause' && !values.reason) throw new ConfigError('say why: --reason "…"');
      await partners.setPartnerActive(deps, { publisherId: id(), active: verb === 'resume', reason: values.reason ?? '' });
      out(`${verb === 'pause' ? 'paused' : 'resumed'} partner ${params[0]}`);
    } else if (verb === 'remove') {
      if (!values.reason) throw new ConfigError('say why: --reason "…"');
      const n = await partners.removePartner(deps, { publisherId: id(), reason: values.reason });
      out(`removed partner ${params[0]}; ${n} stories unpublished`);
    } else {
      throw new ConfigError('feeds add | list | fetch ID | pause ID | resume ID | remove ID');
    }
    return 0;
  } catch (err) {
    process.stderr.write(`parley feeds: ${(err as Error).message}\n`);
    return 2;
  } finally {
    await database.close();
  }
}

/** `parley sites …`: register a site that embeds discussions, list the registered ones. */
async function sites(args: string[]): Promise<number> {
  const { parseArgs } = await import('node:util');
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { origin: { type: 'string', multiple: true }, id: { type: 'string' }, 'no-secret': { type: 'boolean' }, 'public-key': { type: 'string' } },
    });
  } catch (err) {
    process.stderr.write(`parley sites: ${(err as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [verb, ...params] = positionals;
  if (verb !== 'add' && verb !== 'list') {
    process.stderr.write('parley sites: add NAME --origin URL [--origin URL …] | list\n');
    return 2;
  }
  const { config, deps, database } = await openDeps();
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const { addSite, embedSnippet } = await import('./commands/sites.ts');
    const { ssoFormats } = await import('./domain/sso.ts');
    if (verb === 'add') {
      const name = params.join(' ');
      if (!name) throw new ConfigError('usage: parley sites add NAME --origin https://blog.example');
      const { readFileSync } = await import('node:fs');
      const site = await addSite(deps, {
        name,
        id: values.id,
        origins: values.origin ?? [],
        ssoSecret: values['no-secret'] ? null : 'generate',
        ssoPublicKey: values['public-key'] ? readFileSync(values['public-key'], 'utf8') : null,
      });
      out(`added site ${site.id}: ${site.name}, origins ${site.origins.join(' ')}`);
      if (site.sso.secret) out(`SSO secret (HMAC payloads and HS256 tokens): ${site.sso.secret}`);
      out('Put this where the discussion should appear:');
      out(embedSnippet(config.publicUrl, site.id));
    } else {
      const { listSites } = await import('./store/sites.ts');
      for (const s of await listSites(deps.db)) out(`${s.id}\t${s.name}\t${s.origins.join(' ')}\tsign-on: ${ssoFormats(s.sso).join(', ') || 'none'}`);
    }
    return 0;
  } catch (err) {
    process.stderr.write(`parley sites: ${(err as Error).message}\n`);
    return 2;
  } finally {
    await database.close();
  }
}

/** `parley users reset-link EMAIL`: a password reset link for an operator to hand over (Parley sends no email). */
async function users(args: string[]): Promise<number> {
  const [verb, email, ...extra] = args;
  if (verb !== 'reset-link' || !email || extra.length) {
    process.stderr.write('parley users: reset-link EMAIL\n');
    return 2;
  }
  const { config, deps, database } = await openDeps();
  try {
    const { issueResetLink } = await import('./commands/password-reset.ts');
    const issued = await issueResetLink(deps, { email });
    process.stdout.write(`password reset link for ${issued.user.displayName} <${issued.user.email}>, one use, valid until ${issued.expiresAt}:\n${issued.url}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`parley users: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await database.close();
  }
}
