/**
 * Migration 002: the moderation record. Versioned policies, a per-story pre-moderation switch,
 * the moderation log (every decision, by the pipeline, the community or a person, with its
 * reason), and appeals (one per comment).
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

export function migration002(dialect: Dialect) {
  const id = dialect === 'postgres' ? (['id', 'serial'] as const) : (['id', 'integer'] as const);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('policies')
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('policy_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .execute();

      await db.schema.alterTable('stories').addColumn('premoderated', 'integer', (c) => c.notNull().defaultTo(0)).execute();

      await db.schema
        .createTable('moderation_log')
        .addColumn(id[0], id[1], (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id'))
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
        .addColumn('reason_codes', 'text', (c) => c.notNull())
        .addColumn('detail_json', 'text', (c) => c.notNull())
        .addColumn('policy_version', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('moderation_log_comment').on('moderation_log').columns(['comment_id', 'id']).execute();

      await db.schema
        .createTable('appeals')
        .addColumn(id[0], id[1], (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('comment_id', 'integer', (c) => c.notNull().unique().references('comments.id'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
        .addColumn('outcome', 'text')
        .execute();
      await db.schema.createIndex('appeals_status').on('appeals').columns(['status', 'id']).execute();
    },
  };
}
