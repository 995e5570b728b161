/**
 * The `parley` command. `parley start` (what `npm start` runs) serves the site; `parley classify`
 * runs the moderation pipeline over JSON Lines; `parley export comments` writes past comments for
 * back-testing a policy; `parley config` lists the settings.
 */
import { ConfigError, loadConfig, settingDocs } from './config.ts';

const USAGE = `usage: parley <command>

  start                 serve the site (the default)
  classify [--policy F] moderate JSON Lines from stdin: {"id","text"} → {"id","action","labels","reasons"}
  export comments [--since ISO-DATE]
                        write past comments as JSON Lines {"id","text","story","status","createdAt"}
  export statements --since ISO-DATE
                        write statements of reasons (EU DSA Art. 17) as JSON Lines, one batch of at most
                        100 per line, {"statements":[…]} in the DSA Transparency Database's field names
  config                list the settings (environment variables)
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
    case 'export': {
      const what = rest[0];
      if (what !== 'comments' && what !== 'statements') {
        process.stderr.write(`parley: export what? (comments, statements)\n${USAGE}`);
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
      const database = await openDatabase(config.databaseUrl);
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
