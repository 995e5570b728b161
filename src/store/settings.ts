/** Small site-wide facts kept in the database (e.g. that the demo content was seeded). */
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** Sets the key only if it is unset; returns whether this call set it. */
export async function claimSetting(db: Kysely<DB>, key: string, value: string): Promise<boolean> {
  const row = await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}
