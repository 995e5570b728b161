/** Migration 009: consecutive fetch failures per partner feed, so a failing feed is retried less and less often. */
import type { Kysely } from 'kysely';

export function migration009() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('publishers').addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
  };
}
