/**
 * Migration 004: sanctions and story controls. An account may be suspended until a time or
 * banned, with the reason; a story may be in slow mode (one comment per N minutes per reader).
 */
import type { Kysely } from 'kysely';

export function migration004() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('suspended_until', 'text').execute();
      await db.schema.alterTable('users').addColumn('banned', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('users').addColumn('sanction_reason', 'text').execute();
      await db.schema.alterTable('stories').addColumn('slow_mode_minutes', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
  };
}
