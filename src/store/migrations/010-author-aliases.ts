/** Migration 010: author aliases. When an admin merges two bylines, the merged name keeps pointing at the kept author. */
import type { Kysely } from 'kysely';

export function migration010() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('author_aliases')
        .addColumn('publisher_id', 'integer', (c) => c.notNull().references('publishers.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id'))
        .addPrimaryKeyConstraint('author_aliases_pk', ['publisher_id', 'name'])
        .execute();
    },
  };
}
