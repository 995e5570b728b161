/**
 * Migration 015: a digest of each comment's text, indexed with its time, so the duplicate check before
 * posting ("the same text in the last day") is one index lookup instead of a walk over a day of
 * comments. The last day's comments get their digest now; older ones are outside the check's window.
 */
import type { Kysely } from 'kysely';
import { bodyHash } from '../comments.ts';

export function migration015() {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('comments').addColumn('body_hash', 'text').execute();
      await db.schema.createIndex('comments_body_hash').on('comments').columns(['body_hash', 'created_at']).execute();
      const since = new Date(Date.now() - 86_400_000).toISOString();
      const recent = await db.selectFrom('comments').select(['id', 'body_md']).where('created_at', '>', since).execute();
      for (const row of recent as Array<{ id: number; body_md: string }>) {
        await db.updateTable('comments').set({ body_hash: bodyHash(row.body_md) }).where('id', '=', row.id).execute();
      }
    },
  };
}
