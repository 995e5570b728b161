/**
 * SQLite through Kysely with group commit. Every transaction the application opens is a savepoint inside
 * one outer transaction that stays open until the event loop has nothing else ready to run, then commits
 * once for all of them; each caller hears "committed" only after that one COMMIT has succeeded. A busy
 * server thus writes the shared pages of a dozen posts (the last page of each table and index) once
 * instead of a dozen times, and a quiet one commits at the end of the same turn of the event loop.
 *
 * Invariants:
 * - a transaction's promise resolves only after its changes are committed, and rejects if the COMMIT fails
 *   (so a 201 still means "stored"); a write made outside any transaction while a group is open joins the
 *   group and likewise waits for its COMMIT;
 * - one transaction or statement at a time holds the connection (first come, first served), as with
 *   Kysely's own SQLite driver; a transaction that rolls back rolls back only its own savepoint;
 * - if SQLite rolls the whole outer transaction back by itself (disk full, I/O error), every transaction of
 *   the group fails, none is reported committed.
 * Reads on this connection see a group's writes before its COMMIT; the one case where that matters is a
 * COMMIT failing, and then the writers are told so.
 */
import SQLite from 'better-sqlite3';
import {
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type CompiledQuery,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

/** What the driver needs of the database: statements by their SQL (a cache may stand in front). */
export interface SqliteHandle {
  prepare(sql: string): SQLite.Statement;
  readonly inTransaction: boolean;
  close(): void;
}

export class GroupCommitSqliteDialect implements Dialect {
  constructor(private readonly sqlite: SqliteHandle) {}
  createDriver(): Driver {
    return new GroupCommitDriver(this.sqlite);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

/** First come, first served. */
class Lock {
  #held = false;
  #waiting: (() => void)[] = [];
  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

/** One outer transaction and everyone waiting for its COMMIT. */
class Group {
  readonly committed: Promise<void>;
  settle!: (failure?: unknown) => void;
  constructor() {
    this.committed = new Promise<void>((resolve, reject) => {
      this.settle = (failure) => (failure === undefined ? resolve() : reject(failure));
    });
    // Nobody may be waiting (a group of reads only); a failure is still reported to those who are.
    this.committed.catch(() => {});
  }
}

const SAVEPOINT = 'parley_tx';
const lost = () => Object.assign(new Error('SQLite rolled back the group of transactions this write belonged to'), { code: 'SQLITE_GROUP_LOST' });

class GroupCommitDriver implements Driver {
  readonly #sqlite: SqliteHandle;
  readonly #lock = new Lock();
  #group: Group | undefined;

  constructor(sqlite: SqliteHandle) {
    this.#sqlite = sqlite;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock.acquire();
    return new Connection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as Connection;
    this.#open();
    this.run(`savepoint ${SAVEPOINT}`);
    c.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as Connection;
    const group = this.#group!;
    this.run(`release ${SAVEPOINT}`);
    c.inTransaction = false;
    // Let the next one in while this group gathers; hear back only when it is on disk.
    c.release();
    await group.committed;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as Connection;
    // Already released into its group (whose COMMIT then failed): nothing of it is left to undo here.
    if (!c.inTransaction) return;
    c.inTransaction = false;
    if (this.#sqlite.inTransaction) {
      this.run(`rollback to ${SAVEPOINT}`);
      this.run(`release ${SAVEPOINT}`);
    } else {
      // SQLite gave up the outer transaction itself: the group's other writes are gone with it.
      this.#fail(lost());
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as Connection).release();
  }

  async destroy(): Promise<void> {
    await this.#lock.acquire();
    try {
      this.#commit();
    } finally {
      this.#sqlite.close();
    }
  }

  run(sql: string): void {
    this.#sqlite.prepare(sql).run();
  }

  prepare(sql: string): SQLite.Statement {
    return this.#sqlite.prepare(sql);
  }

  /** The group a write outside any transaction joins, if one is open (SQLite may have ended it by itself). */
  openGroup(): Group | undefined {
    this.checkGroup();
    return this.#group;
  }

  /** If SQLite gave up the outer transaction by itself (after a failed statement), the group has failed. */
  checkGroup(): void {
    if (this.#group && !this.#sqlite.inTransaction) this.#fail(lost());
  }

  acquireLock(): Promise<void> {
    return this.#lock.acquire();
  }

  releaseLock(): void {
    this.#lock.release();
  }

  #open(): void {
    this.checkGroup();
    if (this.#group) return;
    // Immediate: the group holds the write lock from its start, so another process (a CLI command) committing
    // meanwhile cannot leave the group's later writes on an outdated snapshot (SQLITE_BUSY_SNAPSHOT).
    this.run('begin immediate');
    this.#group = new Group();
    // After everything that is ready now — the other requests read in this turn — has had its go.
    setImmediate(() => void this.#flush().catch(() => {}));
  }

  async #flush(): Promise<void> {
    await this.#lock.acquire();
    try {
      this.#commit();
    } finally {
      this.#lock.release();
    }
  }

  #commit(): void {
    const group = this.#group;
    if (!group) return;
    this.#group = undefined;
    if (!this.#sqlite.inTransaction) return group.settle(lost());
    try {
      this.run('commit');
      group.settle();
    } catch (err) {
      try {
        if (this.#sqlite.inTransaction) this.run('rollback');
      } finally {
        group.settle(err);
      }
    }
  }

  #fail(err: unknown): void {
    const group = this.#group;
    this.#group = undefined;
    group?.settle(err);
  }
}

/** One holder's use of the connection, from acquireConnection to releaseConnection. */
class Connection implements DatabaseConnection {
  inTransaction = false;
  #released = false;
  constructor(private readonly driver: GroupCommitDriver) {}

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.driver.releaseLock();
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // A holder that gave the connection up early (its write joined a group) and runs another statement
    // (db.connection()) waits its turn again.
    if (this.#released) {
      await this.driver.acquireLock();
      this.#released = false;
    }
    const statement = this.driver.prepare(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    let result: QueryResult<R>;
    try {
      if (statement.reader) {
        result = { rows: statement.all(parameters) as R[] };
      } else {
        const { changes, lastInsertRowid } = statement.run(parameters);
        result = { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
      }
    } catch (err) {
      this.driver.checkGroup();
      throw err;
    }
    const group = !this.inTransaction && !statement.readonly ? this.driver.openGroup() : undefined;
    if (group) {
      // A write outside a transaction that landed in an open group is stored when the group is.
      this.release();
      await group.committed;
    }
    return result;
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const statement = this.driver.prepare(compiled.sql);
    // Reads only: a streamed write would answer before its group's COMMIT.
    if (!statement.reader || !statement.readonly) throw new Error('only statements that read can be streamed');
    for (const row of statement.iterate(compiled.parameters as unknown[])) yield { rows: [row as R] };
  }
}

/**
 * A connection to a SQLite file as every connection that writes here is set up: the write-ahead log, syncing
 * at checkpoints only, foreign keys enforced, five seconds' patience with another writer, and (when something
 * else checkpoints) the connection's own automatic checkpoint moved to `autocheckpointPages`.
 */
export function openSqliteConnection(file: string, options: { autocheckpointPages?: number } = {}): SQLite.Database {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  if (options.autocheckpointPages) sqlite.pragma(`wal_autocheckpoint = ${options.autocheckpointPages}`);
  return sqlite;
}

/**
 * Kysely prepares every query anew; on a page that runs a dozen queries, preparing costs about as much
 * as running them. Statements are kept by their SQL (most recently used 500), which is safe because
 * better-sqlite3 runs one statement at a time and nothing here iterates a statement lazily.
 */
export function withStatementCache(sqlite: SQLite.Database, size = 500): SqliteHandle {
  const cache = new Map<string, SQLite.Statement>();
  return {
    get inTransaction() {
      return sqlite.inTransaction;
    },
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}
