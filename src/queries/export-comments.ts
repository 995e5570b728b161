/**
 * Past comments as JSON Lines for back-testing a policy: `parley export comments | parley classify
 * --policy FILE`. Read in pages of 1,000 by id, so any number of comments streams in bounded memory.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';

export interface ExportedComment {
  id: number;
  text: string;
  story: number;
  status: string;
  createdAt: string;
}

export async function* exportComments(db: Kysely<DB>, input: { since?: string } = {}): AsyncGenerator<ExportedComment> {
  let after = 0;
  for (;;) {
    let q = db
      .selectFrom('comments')
      .select(['id', 'body_md', 'story_id', 'status', 'created_at'])
      .where('id', '>', after)
      .where('status', '!=', 'deleted');
    if (input.since) q = q.where('created_at', '>=', input.since);
    const rows = await q.orderBy('id').limit(1000).execute();
    for (const r of rows) yield { id: r.id, text: r.body_md, story: r.story_id, status: r.status, createdAt: r.created_at };
    if (rows.length < 1000) return;
    after = rows[rows.length - 1]!.id;
  }
}
