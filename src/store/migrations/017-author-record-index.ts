/**
 * Migration 017: the author's record read before every post (published, recently rejected, recently posted)
 * comes from one index of (user, status, time), read in bounded ranges; it replaces the (user, status) index,
 * which it extends.
 */
import type { Kysely } from 'kysely';

export function migration017() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('comments_user_status_time').on('comments').columns(['user_id', 'status', 'created_at']).execute();
      await db.schema.dropIndex('comments_user_status').execute();
    },
  };
}
