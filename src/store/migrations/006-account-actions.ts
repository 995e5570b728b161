/** Migration 006: suspensions, bans and lifts, one row each, for the record and the statements of reasons. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

export function migration006(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('account_actions')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('until', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('account_actions_time').on('account_actions').columns(['created_at']).execute();
      await db.schema.createIndex('moderation_log_time').on('moderation_log').columns(['created_at']).execute();
    },
  };
}
