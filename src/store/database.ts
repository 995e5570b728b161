/**
 * Opens the database named by DATABASE_URL — SQLite (better-sqlite3, WAL) or PostgreSQL (pg) —
 * as one Kysely instance, and brings its schema up to date with the numbered migrations.
 * The rest of store/ is written once against Kysely and runs on both.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql, type DatabaseIntrospector, type Migration, type PostgresDialectConfig } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';
import { BACKSTOP_PAGES, startCheckpointer } from './sqlite-checkpointer.ts';
import { GroupCommitSqliteDialect, openSqliteConnection, withStatementCache } from './sqlite-group-commit.ts';
import { WriterThreadSqliteDialect } from './sqlite-writer.ts';
import { migration001 } from './migrations/001-initial.ts';
import { migration002 } from './migrations/002-moderation.ts';
import { migration003 } from './migrations/003-reviews.ts';
import { migration004 } from './migrations/004-sanctions.ts';
import { migration005 } from './migrations/005-erasure.ts';
import { migration006 } from './migrations/006-account-actions.ts';
import { migration007 } from './migrations/007-review-indexes.ts';
import { migration008 } from './migrations/008-feeds.ts';
import { migration009 } from './migrations/009-feed-backoff.ts';
import { migration010 } from './migrations/010-author-aliases.ts';
import { migration011 } from './migrations/011-recent-index.ts';
import { migration012 } from './migrations/012-imports.ts';
import { migration013 } from './migrations/013-sites.ts';
import { migration014 } from './migrations/014-live-events.ts';
import { migration015 } from './migrations/015-body-hash.ts';
import { migration016 } from './migrations/016-password-resets.ts';
import { migration017 } from './migrations/017-author-record-index.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** PostgreSQL schema in use when not the default. */
  schema?: string;
  /** Answers when the database does (for /readyz). */
  ping(): Promise<void>;
  /**
   * Leadership for work one instance must do alone (the feed schedule): on PostgreSQL a session
   * advisory lock held on its own connection, released when the process dies; SQLite has one process.
   */
  leader: Leader;
  /** Connections in the pool (PostgreSQL; SQLite has one, no pool). */
  pool?: () => { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface Leader {
  /** True while this process holds leadership; tries to take it when it does not. */
  acquire(): Promise<boolean>;
  release(): Promise<void>;
}

/** A PostgreSQL session advisory lock on a connection of its own: lost (and free for another instance) if the connection drops. */
function advisoryLeader(url: string, key: number, log?: (msg: string) => void): Leader {
  let client: pg.Client | undefined;
  return {
    async acquire() {
      if (client) return true;
      const candidate = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
      // Heard from the start: a connection dropping while the lock is asked for fails the query as well.
      candidate.on('error', () => {
        if (client !== candidate) return;
        log?.('leader connection lost');
        client = undefined;
      });
      try {
        await candidate.connect();
        const { rows } = await candidate.query('select pg_try_advisory_lock($1) as ok', [key]);
        if (rows[0]?.ok) {
          candidate.on('end', () => {
            client = undefined;
          });
          client = candidate;
          return true;
        }
      } catch {
        // The database is away: not the leader this time.
      }
      await candidate.end().catch(() => {});
      return false;
    },
    async release() {
      const held = client;
      client = undefined;
      await held?.end().catch(() => {});
    },
  };
}

export interface OpenOptions {
  /** PostgreSQL only: use (and create) this schema instead of public; tests isolate themselves this way. */
  schema?: string;
  poolSize?: number;
  /** How long a query may wait for a connection, new or free, before failing (default 2 s: fail fast, answer 503). */
  connectionTimeoutMillis?: number;
  /** SQLite only: told if the background checkpoints stop (the writer's own backstop takes over). */
  onCheckpointFailure?: (err: Error) => void;
  /**
   * SQLite files only: where statements that write run. 'thread' (the default): on a writer thread of their
   * own (sqlite-writer.ts); 'event-loop': on the main thread (sqlite-group-commit.ts), as in-memory
   * databases always do.
   */
  sqliteWriter?: 'thread' | 'event-loop';
}

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly)/;

/**
 * True when a query failed because the database could not be reached (refused, dropped, timed out,
 * shutting down or starting up, too many connections, SQLite locked past its busy timeout, SQLite's writer
 * thread gone) rather than
 * because of the query: the request may be retried later, so it is answered 503, not 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof e.code === 'string') {
    if (CONNECTION_ERRORS.has(e.code) || e.code.startsWith('SQLITE_BUSY') || e.code === 'SQLITE_WRITER_STOPPED') return true;
    // SQLSTATE class 08 (connection exception), 57P01–57P03 (shutting down, crashed, starting up), 53300 (too many connections).
    if (/^08[0-9A-Z]{3}$/.test(e.code) || /^57P0[123]$/.test(e.code) || e.code === '53300') return true;
  }
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  // Connecting to a name with several addresses fails with every attempt's error.
  if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true;
  return e.cause !== undefined && e.cause !== err && isDatabaseUnavailable(e.cause);
}

// pg returns COUNT(*) and SUM() as strings (int8/numeric); all ours fit a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    const onDisk = file !== ':memory:';
    if (onDisk) mkdirSync(dirname(file), { recursive: true });
    // Opened first: this connection makes the file and switches it to the write-ahead log.
    const sqlite = openSqliteConnection(file, { autocheckpointPages: onDisk ? BACKSTOP_PAGES : 0 });
    const checkpointer = onDisk ? startCheckpointer(file, { onFailure: options.onCheckpointFailure }) : undefined;
    const onThread = onDisk && (options.sqliteWriter ?? 'thread') === 'thread';
    const handle = withStatementCache(sqlite);
    const dialect = onThread
      ? new WriterThreadSqliteDialect(file, handle, { autocheckpointPages: BACKSTOP_PAGES })
      : new GroupCommitSqliteDialect(handle);
    const db = new Kysely<DB>({ dialect });
    return {
      db,
      dialect: 'sqlite',
      leader: { acquire: async () => true, release: async () => {} },
      ping: async () => {
        sqlite.prepare('select 1').get();
        if (dialect instanceof WriterThreadSqliteDialect) await dialect.ping();
      },
      close: async () => {
        // The checkpointer's connection goes first (and, with a writer thread, the reading one next), so the
        // last to close, the one that writes, folds the log back in.
        await checkpointer?.stop();
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 2000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // A connection that drops (the server restarted, the network blinked) emits an error: on the pool while
  // idle (the pool has already let it go), on the client while checked out (its query fails with the
  // same error, and the pool drops it on release). Unheard, either would end the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  if (options.schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`bad schema name ${options.schema}`);
    await pool.query(`create schema if not exists ${options.schema}`);
  }
  const db = new Kysely<DB>({ dialect: new OneSchemaPostgresDialect({ pool }, options.schema) });
  // One lock per database and schema: "parley:feeds:<schema>" folded to a 31-bit key.
  const leader = advisoryLeader(url, lockKey(`parley:feeds:${options.schema ?? 'public'}`));
  return {
    db,
    dialect: 'postgres',
    schema: options.schema,
    leader,
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    ping: async () => void (await pool.query('select 1')),
    close: async () => {
      await leader.release();
      await db.destroy();
    },
  };
}

/**
 * Kysely's migrator finds its own tables by listing the tables of every schema, through a catalog query that
 * fails with "schema … does not exist" when another process drops a schema during it (test suites sharing one
 * database do). Everything of ours lives in one schema, so the listing here covers that schema only, and reads
 * the catalog without the privilege checks that trip over a dropped schema.
 */
class OneSchemaPostgresDialect extends PostgresDialect {
  constructor(
    config: PostgresDialectConfig,
    private readonly schema: string | undefined,
  ) {
    super(config);
  }

  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    const all = super.createIntrospector(db);
    const schema = this.schema;
    return {
      getSchemas: () => all.getSchemas(),
      getMetadata: (options) => all.getMetadata(options),
      async getTables() {
        const { rows } = await sql<{ name: string; schema: string }>`
          select c.relname as name, n.nspname as schema
          from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
          where n.nspname = ${schema ? sql`${schema}` : sql`current_schema()`} and c.relkind in ('r', 'p', 'v')`.execute(db);
        return rows.map((r) => ({ name: r.name, schema: r.schema, isView: false, columns: [] }));
      },
    };
  }
}

export function lockKey(name: string): number {
  let h = 0;
  for (const c of name) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h & 0x7fffffff;
}


/** Applies every migration not yet applied, in order. Append-only: never edit a released one. */
export async function migrate(database: Database): Promise<void> {
  const migrations: Record<string, Migration> = {
    '001-initial': migration001(database.dialect),
    '002-moderation': migration002(database.dialect),
    '003-reviews': migration003(),
    '004-sanctions': migration004(),
    '005-erasure': migration005(),
    '006-account-actions': migration006(database.dialect),
    '007-review-indexes': migration007(),
    '008-feeds': migration008(database.dialect),
    '009-feed-backoff': migration009(),
    '010-author-aliases': migration010(),
    '011-recent-index': migration011(),
    '012-imports': migration012(database.dialect),
    '013-sites': migration013(),
    '014-live-events': migration014(database.dialect),
    '015-body-hash': migration015(),
    '016-password-resets': migration016(),
    '017-author-record-index': migration017(),
  };
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    // Migrations only add; one released after a later-numbered one was applied still runs.
    allowUnorderedMigrations: true,
    // Kysely looks for its own tables in every schema unless told which one is ours.
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`);
  }
}
