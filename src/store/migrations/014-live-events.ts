/**
 * Migration 014: the live event log. Each change a reader can see on a story page (a comment posted,
 * edited, deleted, hidden, voted on) gets a row after its write commits; the row's id is the event's
 * sequence number, shared by every instance, so a reader who reconnects — to any instance — asks for
 * what came after the last number it saw. Rows older than a day are pruned.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

export function migration014(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('live_events')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('story_id', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('comment_id', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('live_events_story').on('live_events').columns(['story_id', 'id']).execute();
    },
  };
}
