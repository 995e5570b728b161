/**
 * First start: the demo partner publisher, its authors, stories and a few readers' comments
 * (all written for Parley), stored through the same story repository the feed ingestion uses,
 * and an admin account whose one-time password is returned to be printed once.
 */
import { randomBytes } from 'node:crypto';
import { demoAuthors, demoComments, demoPublisher, demoStories, demoUsers } from '../demo/content.ts';
import { renderCommentMarkdown } from '../domain/markdown.ts';
import { statusFor, type Comment } from '../domain/comment.ts';
import { moderate } from '../moderation/moderate.ts';
import { demoFeedXml } from '../demo/feed.ts';
import { parseFeed } from '../syndication/parse-feed.ts';
import { storeItems } from './ingest-feed.ts';
import { insertComment } from '../store/comments.ts';
import { claimSetting } from '../store/settings.ts';
import { addToCommentCount, ensureAuthor, upsertPublisher } from '../store/stories.ts';
import { countUsersWithRole, insertUser } from '../store/users.ts';
import type { Deps } from './deps.ts';
import { hashPassword } from './password.ts';

export const ADMIN_EMAIL = 'admin@parley.local';
/** Video players a new partner may embed from, until an admin says otherwise. */
const DEFAULT_EMBED_HOSTS = ['youtube.com', 'youtu.be', 'vimeo.com'];

/** Creates the first admin when there is none; returns the one-time password, or null. */
export async function ensureAdmin(deps: Deps): Promise<string | null> {
  if ((await countUsersWithRole(deps.db, 'admin')) > 0) return null;
  const password = randomBytes(12).toString('base64url');
  const user = await insertUser(deps.db, {
    email: ADMIN_EMAIL,
    displayName: 'Site admin',
    passwordHash: await hashPassword(password),
    role: 'admin',
    now: deps.clock(),
  });
  return user ? password : null;
}

/** Seeds the demo content once per database; returns whether it did. */
export async function seedDemo(deps: Deps): Promise<boolean> {
  if (!(await claimSetting(deps.db, 'demo_seeded', deps.clock().toISOString()))) return false;
  await deps.db.transaction().execute(async (trx) => {
    // The demo partner's stories arrive as a feed, through the same parse, map and store steps as any partner's.
    const publisher = await upsertPublisher(trx, { ...demoPublisher, feedUrl: null });
    for (const a of demoAuthors) await ensureAuthor(trx, { publisherId: publisher.id, name: a.name, bio: a.bio, slug: a.slug });
    const parsed = parseFeed(Buffer.from(demoFeedXml()), 'application/rss+xml', demoPublisher.feedUrl);
    if (!parsed.ok) throw new Error(`demo feed: ${parsed.message}`);
    const stored = await storeItems(trx, { publisherId: publisher.id, name: publisher.name, siteUrl: publisher.siteUrl, embedHosts: DEFAULT_EMBED_HOSTS }, parsed.feed.items, deps.clock());
    const stories = new Map<string, { id: number; publishedAt: string }>();
    for (const s of demoStories) {
      const id = stored.guids.get(s.guid);
      if (id !== undefined) stories.set(s.slug, { id, publishedAt: s.publishedAt });
    }
    const users = new Map<string, { id: number; createdAt: string; displayName: string }>();
    for (const u of demoUsers) {
      const user = await insertUser(trx, {
        email: `${u.key}@demo.parley.local`,
        displayName: u.displayName,
        // Demo readers cannot log in: nobody knows this password.
        passwordHash: await hashPassword(randomBytes(16).toString('hex')),
        now: new Date('2026-11-01T00:00:00.000Z'),
      });
      if (user) users.set(u.key, { id: user.id, createdAt: user.createdAt, displayName: u.displayName });
    }
    const comments = new Map<string, Comment>();
    for (const c of demoComments) {
      const story = stories.get(c.storySlug);
      const user = users.get(c.userKey);
      if (!story || !user) continue;
      const decision = moderate(
        { text: c.body },
        {
          storyPremoderated: false,
          author: { publishedCount: 10, accountAgeHours: 24 * 30, recentRejections: 0, trusted: false },
          recentCommentCount: 0,
          duplicateCount: 0,
        },
        deps.policy(),
      );
      const status = statusFor(decision);
      const comment = await insertComment(trx, {
        storyId: story.id,
        userId: user.id,
        authorName: user.displayName,
        parent: c.parentKey ? (comments.get(c.parentKey) ?? null) : null,
        bodyMd: c.body,
        bodyHtml: renderCommentMarkdown(c.body),
        status,
        decision,
        now: new Date(Date.parse(story.publishedAt) + c.minutesAfterStory * 60_000),
      });
      comments.set(c.key, comment);
      if (status === 'published') await addToCommentCount(trx, story.id, 1);
    }
  });
  return true;
}
