/**
 * Registered sites and their embedded discussions: register a site with its allowed origins and sign-on
 * keys, open the thread of one of its pages (made on the first view, only for an allowed origin), and
 * count the comments of many pages at once. A page not on an allowed origin gets no thread.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.ts';
import { cleanText } from '../domain/markdown.ts';
import { checkRsaPublicKey, normaliseOrigin, originOf, SITE_ID, SITE_ORIGINS_MAX, type Site } from '../domain/sso.ts';
import { slugify, type Story } from '../domain/story.ts';
import { createPageStory, findPageStory, findSite, insertSite, pageCounts } from '../store/sites.ts';
import type { Deps } from './deps.ts';

export const PAGE_ID_MAX = 200;
export const PAGE_TITLE_MAX = 300;
export const COUNT_PAGES_MAX = 100;
/** New pages one address may make per hour (a page is made by its first view; views of known pages are free). */
const NEW_PAGES_PER_HOUR = 120;

const invalid = (message: string, field: string, why = message) => new AppError('validation_failed', message, { fields: { [field]: why } });

export interface SiteRegistration {
  name: string;
  /** The public id; derived from the name when absent. */
  id?: string;
  origins: string[];
  /** 'generate' makes a random secret; a string is used as it is; absent or null: no HMAC or HS256. */
  ssoSecret?: string | null;
  ssoPublicKey?: string | null;
  ssoIssuer?: string | null;
  ssoAudience?: string | null;
  loginUrl?: string | null;
}

const optional = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

export async function addSite(deps: Pick<Deps, 'db' | 'clock'>, input: SiteRegistration): Promise<Site> {
  const name = cleanText(input.name).replace(/\s+/g, ' ').trim();
  if (!name || name.length > 200) throw invalid('A site needs a name (at most 200 characters).', 'name');
  const id = input.id?.trim() || slugify(name).slice(0, 40).replace(/-+$/, '');
  if (!SITE_ID.test(id)) throw invalid('The site id is 1 to 40 lowercase letters, digits and hyphens, e.g. "harbour-blog".', 'id');
  const origins = [...new Set(input.origins.map((o) => o.trim()).filter(Boolean))];
  if (!origins.length) throw invalid('Give at least one allowed origin, e.g. https://blog.example.', 'origins');
  if (origins.length > SITE_ORIGINS_MAX) throw invalid(`At most ${SITE_ORIGINS_MAX} origins.`, 'origins');
  const normalised: string[] = [];
  for (const raw of origins) {
    const origin = normaliseOrigin(raw);
    if (!origin) throw invalid(`"${raw.slice(0, 100)}" is not an origin: write the scheme and host only, e.g. https://blog.example or http://localhost:8080.`, 'origins');
    if (!normalised.includes(origin)) normalised.push(origin);
  }
  const secret = input.ssoSecret === 'generate' ? randomBytes(32).toString('base64url') : optional(input.ssoSecret);
  if (secret && (secret.length < 32 || secret.length > 500)) throw invalid('An SSO secret is 32 to 500 characters; leave it to be generated.', 'ssoSecret');
  const publicKey = optional(input.ssoPublicKey);
  if (publicKey) {
    const problem = checkRsaPublicKey(publicKey);
    if (problem) throw invalid(problem, 'ssoPublicKey');
  }
  const loginUrl = optional(input.loginUrl);
  if (loginUrl && !originOf(loginUrl)) throw invalid('The login page must be an http(s) URL.', 'loginUrl');
  const issuer = optional(input.ssoIssuer);
  const audience = optional(input.ssoAudience);
  if ((issuer?.length ?? 0) > 500 || (audience?.length ?? 0) > 500) throw invalid('Issuer and audience are at most 500 characters.', 'ssoIssuer');
  const site = await insertSite(deps.db, {
    id,
    name,
    origins: normalised,
    ssoSecret: secret,
    ssoPublicKey: publicKey,
    ssoIssuer: issuer,
    ssoAudience: audience,
    loginUrl,
    now: deps.clock(),
  });
  if (!site) throw new AppError('site_taken', `A site with the id "${id}" is already registered; choose another id.`, { fields: { id: 'Taken.' } });
  return site;
}

/** What a site owner pastes into their pages. */
export function embedSnippet(publicUrl: string, siteId: string): string {
  return `<div id="parley-thread"></div>\n<script src="${publicUrl}/embed.js" data-site="${siteId}" async></script>`;
}

export async function requireSite(deps: Pick<Deps, 'db'>, siteId: string): Promise<Site> {
  const site = SITE_ID.test(siteId) ? await findSite(deps.db, siteId) : undefined;
  if (!site) throw new AppError('not_found', `No site is registered with the id "${siteId.slice(0, 50)}".`);
  return site;
}

const notAllowed = (site: Site, origin: string) =>
  new AppError('origin_not_allowed', `This discussion belongs to ${site.name} and cannot be shown on ${origin}. The site's admin can add the origin in Parley.`, { origin });

export interface EmbedRequest {
  siteId: string;
  /** data-page-id, when the host gave one; else the page is keyed by its URL. */
  pageId?: string;
  /** The host page's canonical URL (or its address): its origin must be allowed. */
  url: string;
  title?: string;
  /** The Referer's origin, when the browser sent one. */
  refererOrigin: string | null;
  /** Our own origin: a frame reloading itself refers from here. */
  ownOrigin: string;
  ip: string;
}

/**
 * The site and story for an embedded thread, after checking that the page is on one of the site's
 * origins (the URL, and the Referer when there is one). The story is made on the page's first view.
 * Returns the origin the frame may talk to with postMessage: the page's, which is allowed.
 */
export async function openEmbedThread(deps: Deps, input: EmbedRequest): Promise<{ site: Site; story: Story; parentOrigin: string }> {
  const site = await requireSite(deps, input.siteId);
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw invalid('The page address (url) is not a URL.', 'url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('The page address (url) must be http(s).', 'url');
  if (!site.origins.includes(url.origin)) throw notAllowed(site, url.origin);
  if (input.refererOrigin && input.refererOrigin !== input.ownOrigin && !site.origins.includes(input.refererOrigin)) throw notAllowed(site, input.refererOrigin);
  url.hash = '';
  const pageId = (input.pageId?.trim() || url.href).slice(0, PAGE_ID_MAX + 1);
  if (pageId.length > PAGE_ID_MAX) throw invalid(`A page id is at most ${PAGE_ID_MAX} characters.`, 'page');
  const title = [...cleanText(input.title ?? '').replace(/\s+/g, ' ').trim()].slice(0, PAGE_TITLE_MAX).join('') || url.href.slice(0, PAGE_TITLE_MAX);
  let story = await findPageStory(deps.db, { site, pageId });
  if (!story) {
    const limit = await deps.limiter.hit(`embed-page:ip:${input.ip}`, NEW_PAGES_PER_HOUR, 3600);
    if (!limit.allowed) throw new AppError('rate_limited', 'Too many new pages from this address; try again later.', { retryAfterSeconds: limit.retryAfterSeconds });
    story = await createPageStory(deps.db, { site, pageId, url: url.href, title, now: deps.clock() });
  }
  if (story.status !== 'published') throw new AppError('gone', 'This discussion has been withdrawn.');
  return { site, story, parentOrigin: url.origin };
}

/** Comment counts for a site's pages, by page id; pages never viewed count 0. Refused for an origin the site does not allow. */
export async function embedCounts(deps: Pick<Deps, 'db'>, input: { siteId: string; pageIds: string[]; origin: string | null }): Promise<Record<string, number>> {
  const site = await requireSite(deps, input.siteId);
  if (input.origin && !site.origins.includes(input.origin)) throw notAllowed(site, input.origin);
  const pageIds = [...new Set(input.pageIds.map((p) => p.trim()).filter((p) => p && p.length <= PAGE_ID_MAX))];
  if (pageIds.length > COUNT_PAGES_MAX) throw invalid(`Ask for at most ${COUNT_PAGES_MAX} pages at once.`, 'page');
  const counts = await pageCounts(deps.db, { site, pageIds });
  return Object.fromEntries(pageIds.map((p) => [p, counts.get(p) ?? 0]));
}
