/**
 * Migration 016: password reset links an administrator hands a reader (Parley sends no email). Only a digest
 * of each link's secret is kept; a link works once, until it expires.
 */
import type { Kysely } from 'kysely';

export function migration016() {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('password_resets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
    },
  };
}
