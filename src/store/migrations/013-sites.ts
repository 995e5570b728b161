/**
 * Migration 013: registered sites for the embed. A site has a public id, its allowed origins, its
 * single-sign-on keys and a publisher of its own (unlisted, so embedded pages stay off the news site's
 * listings); a site's page is the story keyed by (that publisher, page id). SSO identities link
 * (site, external user id) to an account; used token ids are kept until they expire, against replay.
 */
import type { Kysely } from 'kysely';

export function migration013() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('publishers')
        .addColumn('listed', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await db.schema
        .createTable('sites')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('origins_json', 'text', (c) => c.notNull())
        .addColumn('publisher_id', 'integer', (c) => c.notNull().unique().references('publishers.id'))
        .addColumn('sso_secret', 'text')
        .addColumn('sso_public_key', 'text')
        .addColumn('sso_issuer', 'text')
        .addColumn('sso_audience', 'text')
        .addColumn('login_url', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sso_identities')
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_login_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sso_identities_pk', ['site_id', 'external_id'])
        .execute();
      await db.schema.createIndex('sso_identities_user').on('sso_identities').column('user_id').execute();

      await db.schema
        .createTable('sso_used_tokens')
        .addColumn('site_id', 'text', (c) => c.notNull())
        .addColumn('token_id', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sso_used_tokens_pk', ['site_id', 'token_id'])
        .execute();
      await db.schema.createIndex('sso_used_tokens_expiry').on('sso_used_tokens').column('expires_at').execute();
    },
  };
}
