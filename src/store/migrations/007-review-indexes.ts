/** Migration 007: indexes for the moderator's view of an author's record (counts by status, reports by outcome). */
import type { Kysely } from 'kysely';

export function migration007() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('comments_user_status').on('comments').columns(['user_id', 'status']).execute();
      await db.schema.createIndex('reports_user_resolution').on('reports').columns(['user_id', 'resolution']).execute();
      await db.schema.createIndex('appeals_comment_status').on('appeals').columns(['comment_id', 'status']).execute();
    },
  };
}
