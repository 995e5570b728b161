/** Migration 011: comments by time, so the duplicate check before posting reads one day of comments, not all of them. */
import type { Kysely } from 'kysely';

export function migration011() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('comments_created').on('comments').columns(['created_at']).execute();
    },
  };
}
