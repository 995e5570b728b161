/**
 * Migration 012: imports. Every imported item (thread, comment, author, archive row) keeps its source key
 * (e.g. "disqus:post:123") once, so running an import again adds nothing and a re-run after a crash adds
 * only what is missing; a reply stored before its parent keeps the parent's key until the parent arrives.
 * Imported authors are marked on their account (they have no password and cannot log in), and stories
 * are found by their original URL so an imported thread lands on the story it belongs to.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

export function migration012(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('import_runs')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('summary_json', 'text')
        .execute();
      await db.schema
        .createTable('import_keys')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('target_id', 'integer', (c) => c.notNull())
        .addColumn('run_id', 'integer', (c) => c.notNull().references('import_runs.id'))
        .addColumn('pending_parent', 'text')
        .execute();
      await db.schema.createIndex('import_keys_pending').on('import_keys').columns(['pending_parent']).execute();
      await db.schema.createIndex('import_keys_target').on('import_keys').columns(['kind', 'target_id']).execute();
      await db.schema.alterTable('users').addColumn('imported_from', 'text').execute();
      await db.schema.createIndex('stories_original_url').on('stories').columns(['original_url']).execute();
    },
  };
}
