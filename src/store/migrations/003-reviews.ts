/**
 * Migration 003: moderators' reviews. A report is resolved (upheld or dismissed) when a moderator
 * decides on its comment, so the reported queue holds only what is still to be looked at; a comment
 * keeps the categories it was flagged for, so queues filter by category.
 */
import type { Kysely } from 'kysely';

export function migration003() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('reports').addColumn('resolution', 'text').execute();
      await db.schema.alterTable('reports').addColumn('resolved_at', 'text').execute();
      await db.schema.alterTable('reports').addColumn('resolved_by', 'integer', (c) => c.references('users.id')).execute();
      await db.schema.createIndex('reports_open').on('reports').columns(['resolution', 'comment_id']).execute();
      // The categories the current revision was flagged for (comma-separated), for queue filters.
      await db.schema.alterTable('comments').addColumn('flags', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema.createIndex('comments_status').on('comments').columns(['status', 'id']).execute();
    },
  };
}
