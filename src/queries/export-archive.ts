/**
 * `parley export` (archive): everything needed to rebuild the site's discussion, as the JSON Lines records
 * described in interop/archive-format.ts. Read in pages of PAGE rows by id, so any size streams in
 * bounded memory. Password hashes and sessions are never written.
 */
import type { Kysely } from 'kysely';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, COLUMNS, LOCAL_SETTINGS, NESTED, REFS, type ArchiveRecord } from '../interop/archive-format.ts';
import type { DB } from '../store/schema.ts';

const PAGE = 1000;

type Table = keyof DB;
type AnyRow = Record<string, unknown>;

function pick(type: keyof typeof COLUMNS, row: AnyRow): AnyRow {
  const out: AnyRow = {};
  for (const c of COLUMNS[type]) out[c] = row[c] ?? null;
  for (const c of Object.keys(REFS[type])) out[c] = row[c] ?? null;
  return out;
}

/** Every row of a table with an integer id, a page at a time. */
async function* byId(db: Kysely<DB>, table: Table): AsyncGenerator<AnyRow[]> {
  let after = 0;
  for (;;) {
    const rows = (await db
      .selectFrom(table as 'users')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute()) as AnyRow[];
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.id as number;
  }
}

function group<T extends AnyRow>(rows: T[], key: string): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = r[key] as number;
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(r);
  }
  return out;
}

export async function* exportArchive(db: Kysely<DB>, input: { instance: string; site: string; now: Date }): AsyncGenerator<ArchiveRecord> {
  const counts: Record<string, number> = {};
  const emit = (type: string, body: AnyRow): ArchiveRecord => {
    counts[type] = (counts[type] ?? 0) + 1;
    return { type, ...body };
  };
  yield { type: 'archive', format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, instance: input.instance, site: input.site, exportedAt: input.now.toISOString() };

  for await (const page of byId(db, 'users')) for (const r of page) yield emit('user', { id: r.id as number, ...pick('user', r) });
  for await (const page of byId(db, 'account_actions')) for (const r of page) yield emit('account_action', { id: r.id as number, ...pick('account_action', r) });
  for (const r of await db.selectFrom('settings').selectAll().where('key', 'not in', LOCAL_SETTINGS).orderBy('key').execute()) yield emit('setting', pick('setting', r));
  for (const r of await db.selectFrom('policies').selectAll().orderBy('version').execute()) yield emit('policy', pick('policy', r));
  for await (const page of byId(db, 'publishers')) for (const r of page) yield emit('publisher', { id: r.id as number, ...pick('publisher', r) });
  for await (const page of byId(db, 'authors')) for (const r of page) yield emit('author', { id: r.id as number, ...pick('author', r) });
  for (const r of await db.selectFrom('author_aliases').selectAll().orderBy('publisher_id').orderBy('name').execute()) yield emit('author_alias', pick('author_alias', r));

  for await (const page of byId(db, 'stories')) {
    const ids = page.map((r) => r.id as number);
    const revisions = group(await db.selectFrom('story_revisions').selectAll().where('story_id', 'in', ids).orderBy('id').execute(), 'story_id');
    for (const r of page) {
      yield emit('story', { id: r.id as number, ...pick('story', r), revisions: (revisions.get(r.id as number) ?? []).map((v) => pick('story_revision', v)) });
    }
  }
  for await (const page of byId(db, 'takedowns')) for (const r of page) yield emit('takedown', { id: r.id as number, ...pick('takedown', r) });

  for await (const page of byId(db, 'comments')) {
    const ids = page.map((r) => r.id as number);
    const nested = {
      revisions: group(await db.selectFrom('comment_revisions').selectAll().where('comment_id', 'in', ids).orderBy('revision').execute(), 'comment_id'),
      log: group(await db.selectFrom('moderation_log').selectAll().where('comment_id', 'in', ids).orderBy('id').execute(), 'comment_id'),
      votes: group(await db.selectFrom('votes').selectAll().where('comment_id', 'in', ids).orderBy('user_id').execute(), 'comment_id'),
      reports: group(await db.selectFrom('reports').selectAll().where('comment_id', 'in', ids).orderBy('id').execute(), 'comment_id'),
      appeals: group(await db.selectFrom('appeals').selectAll().where('comment_id', 'in', ids).orderBy('id').execute(), 'comment_id'),
    };
    for (const r of page) {
      const body: AnyRow = { id: r.id as number, ...pick('comment', r) };
      for (const [field, type] of Object.entries(NESTED.comment)) {
        body[field] = (nested[field as keyof typeof nested].get(r.id as number) ?? []).map((v) => pick(type, v));
      }
      yield emit('comment', body);
    }
  }

  // Keys of items imported from Disqus or WordPress, so importing those files again into the new site adds nothing.
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('import_keys')
      .select(['key', 'kind', 'target_id', 'pending_parent'])
      .where('key', '>', after)
      .where('key', 'not like', 'parley:%')
      .orderBy('key')
      .limit(PAGE)
      .execute();
    for (const r of rows) yield emit('import_key', { ...pick('import_key', r), target_id: r.target_id });
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.key;
  }
  yield { type: 'end', counts };
}
