/**
 * Registered sites, their pages and their single-sign-on identities. A site owns an unlisted publisher;
 * a page of the site is the story keyed by (that publisher, guid = page id), made on its first view.
 * An SSO identity (site, external id) points at an account of its own, never at one found by email.
 * Used token ids stay until they expire, so each token opens a session once.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Site } from '../domain/sso.ts';
import { slugify, type Story } from '../domain/story.ts';
import type { User } from '../domain/user.ts';
import type { DB, SitesTable } from './schema.ts';
import { findStoryById } from './stories.ts';
import { findUserById } from './users.ts';
import { runWrite, writeProcedure } from './sqlite-writer.ts';

type Db = Kysely<DB>;

const toSite = (r: Selectable<SitesTable>): Site => ({
  id: r.id,
  name: r.name,
  origins: JSON.parse(r.origins_json) as string[],
  publisherId: r.publisher_id,
  sso: { secret: r.sso_secret, publicKey: r.sso_public_key, issuer: r.sso_issuer, audience: r.sso_audience },
  loginUrl: r.login_url,
  createdAt: r.created_at,
});

const hex = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** The slug of a site's publisher: its page /publishers/… stays out of listings like its stories. */
export const sitePublisherSlug = (siteId: string) => `site-${siteId}`;

export interface SiteInput {
  id: string;
  name: string;
  origins: string[];
  ssoSecret: string | null;
  ssoPublicKey: string | null;
  ssoIssuer: string | null;
  ssoAudience: string | null;
  loginUrl: string | null;
  now: Date;
}

/** Inserts the site and its publisher; undefined when the id (or its publisher's slug) is taken. */
export async function insertSite(db: Db, input: SiteInput): Promise<Site | undefined> {
  return db.transaction().execute(async (trx) => {
    const slug = sitePublisherSlug(input.id);
    const taken =
      (await trx.selectFrom('sites').select('id').where('id', '=', input.id).executeTakeFirst()) ??
      (await trx.selectFrom('publishers').select('id').where('slug', '=', slug).executeTakeFirst());
    if (taken) return undefined;
    const publisher = await trx
      .insertInto('publishers')
      .values({
        slug,
        name: input.name,
        site_url: input.origins[0]!,
        feed_url: null,
        indexing: 'noindex',
        attribution: 'The discussion of a page on {publisher}’s website',
        listed: 0,
        active: 0,
        created_at: input.now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('sites')
      .values({
        id: input.id,
        name: input.name,
        origins_json: JSON.stringify(input.origins),
        publisher_id: publisher.id,
        sso_secret: input.ssoSecret,
        sso_public_key: input.ssoPublicKey,
        sso_issuer: input.ssoIssuer,
        sso_audience: input.ssoAudience,
        login_url: input.loginUrl,
        created_at: input.now.toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSite(row);
  });
}

export async function findSite(db: Db, id: string): Promise<Site | undefined> {
  const row = await db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toSite(row);
}

export async function listSites(db: Db): Promise<Site[]> {
  const rows = await db.selectFrom('sites').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toSite);
}

const findPageStoryId = async (db: Db, input: { site: Site; pageId: string }) =>
  (await db.selectFrom('stories').select('id').where('publisher_id', '=', input.site.publisherId).where('guid', '=', input.pageId).executeTakeFirst())?.id;

/** The story of a site's page, if it has been viewed before. */
export async function findPageStory(db: Db, input: { site: Site; pageId: string }): Promise<Story | undefined> {
  const id = await findPageStoryId(db, input);
  return id === undefined ? undefined : findStoryById(db, id);
}

/** Makes the story of a site's page (two first views at once make one story, and both get it). */
export async function createPageStory(db: Db, input: { site: Site; pageId: string; url: string; title: string; now: Date }): Promise<Story> {
  const now = input.now.toISOString();
  // The slug carries a hash of (site, page), so racing first views agree on it and the unique key decides.
  const slug = `${slugify(input.title).slice(0, 60).replace(/-+$/, '')}-${hex(`${input.site.id}\n${input.pageId}`, 10)}`;
  const inserted = await db
    .insertInto('stories')
    .values({
      publisher_id: input.site.publisherId,
      author_id: null,
      guid: input.pageId,
      slug,
      title: input.title,
      summary: '',
      body_html: '',
      original_url: input.url,
      published_at: now,
      updated_at: now,
      created_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  const id = inserted?.id ?? (await findPageStoryId(db, input));
  if (id === undefined) throw new Error(`page story for ${input.site.id} could not be stored`);
  return (await findStoryById(db, id))!;
}

/** Published comment counts of a site's pages, by page id (pages never viewed are absent). */
export async function pageCounts(db: Db, input: { site: Site; pageIds: string[] }): Promise<Map<string, number>> {
  if (!input.pageIds.length) return new Map();
  const rows = await db
    .selectFrom('stories')
    .select(['guid', 'comment_count'])
    .where('publisher_id', '=', input.site.publisherId)
    .where('guid', 'in', input.pageIds)
    .where('status', '=', 'published')
    .execute();
  return new Map(rows.map((r) => [r.guid, r.comment_count]));
}

/**
 * Records a token id as used; false when it already was (a replay). Ids past their expiry (with a
 * margin wider than the verifier's clock skew) are pruned on the way, so the table stays small.
 */
export async function useToken(db: Db, input: { siteId: string; tokenId: string; expiresAt: Date; now: Date }): Promise<boolean> {
  await db
    .deleteFrom('sso_used_tokens')
    .where('expires_at', '<', new Date(input.now.getTime() - 10 * 60_000).toISOString())
    .execute();
  const row = await db
    .insertInto('sso_used_tokens')
    .values({ site_id: input.siteId, token_id: input.tokenId, expires_at: input.expiresAt.toISOString() })
    .onConflict((oc) => oc.columns(['site_id', 'token_id']).doNothing())
    .returning('token_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The account an identity is linked to, unless that account was erased. */
export async function identityUser(db: Db, input: { siteId: string; externalId: string }): Promise<number | undefined> {
  const row = await db
    .selectFrom('sso_identities')
    .innerJoin('users', 'users.id', 'sso_identities.user_id')
    .select('users.id')
    .where('sso_identities.site_id', '=', input.siteId)
    .where('sso_identities.external_id', '=', input.externalId)
    .where('users.deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.id;
}

/** Links (site, external id) to an account, making the account on first sign-in; one transaction, on SQLite's writer thread. */
export const storeSsoSignIn = writeProcedure(
  import.meta.url,
  'storeSsoSignIn',
  async (trx, input: { siteId: string; externalId: string; name: string; now: Date }): Promise<number> => {
    const now = input.now.toISOString();
    const linked = await identityUser(trx, input);
    if (linked !== undefined) {
      await trx.updateTable('users').set({ display_name: input.name }).where('id', '=', linked).execute();
      await trx.updateTable('sso_identities').set({ last_login_at: now }).where('site_id', '=', input.siteId).where('external_id', '=', input.externalId).execute();
      return linked;
    }
    const key = `sso:${input.siteId}/${hex(input.externalId, 32)}`;
    const created = await trx
      .insertInto('users')
      .values({ email: key, display_name: input.name, password_hash: '!', role: 'reader', created_at: now })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .executeTakeFirst();
    const id = created?.id ?? (await trx.selectFrom('users').select('id').where('email', '=', key).executeTakeFirstOrThrow()).id;
    await trx
      .insertInto('sso_identities')
      .values({ site_id: input.siteId, external_id: input.externalId, user_id: id, created_at: now, last_login_at: now })
      .onConflict((oc) => oc.columns(['site_id', 'external_id']).doUpdateSet({ user_id: id, last_login_at: now }))
      .execute();
    return id;
  },
);

/**
 * The account for (site, external id): the linked one, its display name brought up to date, or a new
 * account with no password whose "email" is an opaque key no sign-up can take (it has no "@").
 */
export async function signInIdentity(db: Db, input: { siteId: string; externalId: string; name: string; now: Date }): Promise<User> {
  const userId = await runWrite(db, storeSsoSignIn, input);
  return (await findUserById(db, userId))!;
}
