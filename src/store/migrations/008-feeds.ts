/**
 * Migration 008: partner feeds. A publisher's feed settings and fetch state (conditional-GET validators,
 * last success, last error in words, next run, counts), the revisions of stories that changed upstream,
 * and the takedown log (who, what, why).
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

export function migration008(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>) {
      const add = (name: string, type: 'text' | 'integer', build?: (c: any) => any) =>
        db.schema.alterTable('publishers').addColumn(name, type, build ?? ((c) => c)).execute();
      await add('active', 'integer', (c) => c.notNull().defaultTo(1));
      await add('fetch_interval_minutes', 'integer', (c) => c.notNull().defaultTo(30));
      await add('embed_hosts', 'text', (c) => c.notNull().defaultTo('youtube.com,youtu.be,vimeo.com'));
      await add('licence', 'text');
      await add('allow_host', 'integer', (c) => c.notNull().defaultTo(0));
      await add('etag', 'text');
      await add('last_modified', 'text');
      await add('last_success_at', 'text');
      await add('last_error', 'text');
      await add('next_run_at', 'text');
      await add('items_added', 'integer', (c) => c.notNull().defaultTo(0));
      await add('items_updated', 'integer', (c) => c.notNull().defaultTo(0));
      await add('removed_at', 'text');

      const id = dialect === 'postgres' ? (['id', 'serial'] as const) : (['id', 'integer'] as const);
      await db.schema
        .createTable('story_revisions')
        .addColumn(id[0], id[1], (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('story_revisions_story').on('story_revisions').columns(['story_id', 'id']).execute();

      await db.schema
        .createTable('takedowns')
        .addColumn(id[0], id[1], (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('publisher_id', 'integer', (c) => c.notNull().references('publishers.id'))
        .addColumn('story_id', 'integer', (c) => c.references('stories.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
