/** Small site-wide facts kept in the database (e.g. that the demo content was seeded). */
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

export async function getSetting(db: Kysely<DB>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

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
