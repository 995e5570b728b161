/**
 * Queries built once and run many times. Kysely builds and compiles every query anew, and on the path every
 * post takes (the session, the story, the author's record, four inserts) building cost as much time as SQLite
 * took to run the statements. Those queries are written here once, with named slots where the values go
 * (`slot('storyId')`), compiled once per database, and run with each call's values.
 *
 * Only values can be slots — never a column, a table or a list — so a query whose shape depends on its input
 * is not one of these. Every slot must be given a value (null, not undefined).
 */
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { DB } from './schema.ts';

class Slot {
  constructor(readonly name: string) {}
}

/** Where the value named `name` goes; typed as whatever the query expects in that place. */
export function slot<T>(name: string): T {
  return new Slot(name) as unknown as T;
}

export type Prepared<Values, Row> = (db: Kysely<DB>, values: Values) => Promise<QueryResult<Row>>;

export function prepared<Values extends Record<string, unknown>, Row>(build: (db: Kysely<DB>) => Compilable<Row>): Prepared<Values, Row> {
  // Per database: the SQL differs between SQLite and PostgreSQL. A transaction shares its database's adapter.
  const compiled = new WeakMap<object, CompiledQuery<Row>>();
  return async (db, values) => {
    const adapter = db.getExecutor().adapter;
    let query = compiled.get(adapter);
    if (!query) compiled.set(adapter, (query = build(db).compile()));
    const parameters = query.parameters.map((p) => {
      if (!(p instanceof Slot)) return p;
      const value = values[p.name];
      if (value === undefined) throw new Error(`prepared query: no value for slot "${p.name}"`);
      return value;
    });
    return db.executeQuery<Row>({ ...query, parameters });
  };
}
