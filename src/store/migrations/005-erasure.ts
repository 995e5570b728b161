/** Migration 005: an account can be deleted; its row stays (comments keep their place) with personal data erased. */
import type { Kysely } from 'kysely';

export function migration005() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('deleted_at', 'text').execute();
    },
  };
}
