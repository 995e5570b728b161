/**
 * `parley import disqus|wordpress FILE`: brings another system's discussion in. Two streaming passes:
 * the first reads the whole file and stores nothing, so a malformed file stops with its line number before
 * any row is written; the second stores it in batches of BATCH records, one transaction each, every item
 * with its source key, so a second run adds nothing and a run cut short is completed by running it again.
 * Memory stays bounded: one batch, and caches of threads and authors that are emptied when they grow.
 * Imported comments keep their source's state unless `moderate` is set; then each published one goes
 * through moderate() with the policy in force, and the decision is applied and logged.
 */
import { basename } from 'node:path';
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CommentStatus } from '../domain/comment.ts';
import { statusFor } from '../domain/comment.ts';
import { cleanText, renderCommentMarkdown } from '../domain/markdown.ts';
import type { Decision, ModerationContext } from '../domain/moderation.ts';
import { DISPLAY_NAME_MAX } from '../domain/user.ts';
import { COLUMNS, REFS } from '../interop/archive-format.ts';
import { checkArchive, readArchive } from '../interop/archive.ts';
import { readDisqus } from '../interop/disqus.ts';
import { htmlToMarkdown } from '../interop/html-to-markdown.ts';
import type { ImportComment, ImportRecord, ImportSource, ImportThread } from '../interop/model.ts';
import { readWxr } from '../interop/wxr.ts';
import { ImportFileError } from '../interop/xml-stream.ts';
import { moderate } from '../moderation/moderate.ts';
import { bodyHash, flagsOf, moderationFacts } from '../store/comments.ts';
import {
  addCommentCounts,
  authorIdFor,
  countPending,
  ensureImportPublisher,
  findCommentsByKey,
  findKeys,
  findStoryByUrl,
  finishRun,
  freeSlug,
  insertArchivedRow,
  insertArchivedRows,
  insertImportedComment,
  insertImportedUser,
  insertKeyIfNew,
  insertKeys,
  insertRevisions,
  pendingReplies,
  publisherIdBySlug,
  putPolicy,
  putSetting,
  recountComments,
  relinkReply,
  setImportedStoryState,
  startRun,
  storyFlags,
  storyIdByGuid,
  targetIds,
  userIdByEmail,
  usersById,
  type PlacedComment,
} from '../store/imports.ts';
import { logDecision } from '../store/moderation.ts';
import type { DB } from '../store/schema.ts';
import { upsertStory } from '../store/stories.ts';
import { htmlToText } from '../syndication/html-to-text.ts';
import { cleanUrl, sanitizeStoryHtml } from '../syndication/sanitize.ts';
import type { Deps } from './deps.ts';

const BATCH = 500;
const CACHE_LIMIT = 50_000;
const SOURCE_NAMES: Record<ImportSource, string> = { disqus: 'Disqus', wordpress: 'WordPress' };

export interface ImportProgress {
  phase: 'checking' | 'importing';
  bytes: number;
  totalBytes: number;
  comments: number;
}

export interface ImportSummary {
  source: ImportSource;
  file: string;
  /** Threads: new stories, threads put on a story already here (same URL), and threads imported before. */
  threads: { added: number; matched: number; skipped: number };
  comments: { added: number; skipped: number; byStatus: Record<CommentStatus, number> };
  authors: { added: number };
  /** Replies whose parent is not in the file (or in another thread), stored at the top level. */
  orphans: number;
  /** Comments whose thread is neither in the file nor imported before: not stored. */
  withoutThread: number;
  pingbacks: number;
  /** Invalid UTF-8 bytes, replaced by U+FFFD, and the first lines they were on. */
  invalidBytes: { count: number; lines: number[] };
  /** With `moderate`: the published comments checked and what the policy held or rejected among them. */
  moderation?: { checked: number; held: number; rejected: number };
}

const readers = { disqus: readDisqus, wordpress: readWxr };

export async function importFile(
  deps: Deps,
  input: { source: ImportSource; file: string; moderate?: boolean; onProgress?: (p: ImportProgress) => void },
): Promise<ImportSummary> {
  const totalBytes = (await stat(input.file)).size;
  const read = readers[input.source];
  const summary: ImportSummary = {
    source: input.source,
    file: basename(input.file),
    threads: { added: 0, matched: 0, skipped: 0 },
    comments: { added: 0, skipped: 0, byStatus: { published: 0, held: 0, rejected: 0, deleted: 0 } },
    authors: { added: 0 },
    orphans: 0,
    withoutThread: 0,
    pingbacks: 0,
    invalidBytes: { count: 0, lines: [] },
    ...(input.moderate ? { moderation: { checked: 0, held: 0, rejected: 0 } } : {}),
  };

  // Pass 1: read everything, store nothing. Also learns whether any comment comes before its thread.
  const threadsSeen = new Set<string>();
  let commentsBeforeThread = false;
  let seen = 0;
  for await (const record of read(input.file, {
    onBytes: (bytes) => input.onProgress?.({ phase: 'checking', bytes, totalBytes, comments: seen }),
    onInvalidByte: (line) => {
      summary.invalidBytes.count++;
      if (summary.invalidBytes.lines.length < 10) summary.invalidBytes.lines.push(line);
    },
  })) {
    if (record.kind === 'thread') threadsSeen.add(record.key);
    else if (record.kind === 'comment') {
      seen++;
      if (!threadsSeen.has(record.threadKey)) commentsBeforeThread = true;
    }
  }
  threadsSeen.clear();

  // Pass 2: store, batch by batch.
  const runId = await startRun(deps.db, { source: input.source, fileName: summary.file, now: deps.clock() });
  const importer = new BatchImporter(deps, input.source, runId, summary, input.moderate ?? false);
  if (commentsBeforeThread) {
    for await (const record of read(input.file, {})) if (record.kind === 'thread') await importer.add(record);
    await importer.flush();
    importer.threadsDone = true;
  }
  for await (const record of read(input.file, { onBytes: (bytes) => input.onProgress?.({ phase: 'importing', bytes, totalBytes, comments: importer.done }) })) {
    await importer.add(record);
  }
  await importer.flush();
  summary.orphans += await resolvePendingReplies(deps.db, runId);
  await finishRun(deps.db, { runId, summary, now: deps.clock() });
  deps.log.info({ source: input.source, runId, added: summary.comments.added, skipped: summary.comments.skipped }, 'import finished');
  return summary;
}

interface StoryRef {
  id: number;
  premoderated: boolean;
}

interface AuthorRef {
  id: number;
  createdAt: string;
}

/** Spellings of a thread's URL that name the same page: with or without the trailing slash, http or https, no tracking or fragment. */
export function urlVariants(url: string): string[] {
  const out = new Set<string>([url]);
  let clean: URL;
  try {
    clean = new URL(cleanUrl(url) || url);
  } catch {
    return [url];
  }
  clean.hash = '';
  for (const protocol of ['https:', 'http:']) {
    const u = new URL(clean.href);
    u.protocol = protocol;
    out.add(u.href);
    out.add(u.href.endsWith('/') ? u.href.slice(0, -1) : `${u.href}/`);
  }
  return [...out];
}

/** The imported-author account's address: derived from the source key, under .invalid (RFC 2606), so unique and unreachable. */
export const importedEmail = (authorKey: string) => `${createHash('sha256').update(authorKey).digest('hex').slice(0, 32)}@imported.invalid`;

class BatchImporter {
  private batch: (ImportThread | ImportComment)[] = [];
  private stories = new Map<string, StoryRef>();
  private authors = new Map<string, AuthorRef>();
  private publishers = new Map<string, number>();
  /** Set once a first pass has stored every thread (the file had comments before their thread). */
  threadsDone = false;
  done = 0;

  constructor(
    private deps: Deps,
    private source: ImportSource,
    private runId: number,
    private summary: ImportSummary,
    private moderateThem: boolean,
  ) {}

  async add(record: ImportRecord): Promise<void> {
    if (record.kind === 'skip') {
      this.summary.pingbacks++;
      return;
    }
    if (record.kind === 'thread' && this.threadsDone) return;
    this.batch.push(record);
    if (this.batch.length >= BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.batch.length) return;
    const batch = this.batch;
    this.batch = [];
    if (this.stories.size > CACHE_LIMIT) this.stories.clear();
    if (this.authors.size > CACHE_LIMIT) this.authors.clear();
    await this.deps.db.transaction().execute(async (trx) => {
      const comments = batch.filter((r): r is ImportComment => r.kind === 'comment');
      const existing = await findKeys(trx, [
        ...batch.map((r) => r.key),
        ...comments.map((c) => c.threadKey).filter((k) => !this.stories.has(k)),
        ...comments.map((c) => c.author.key).filter((k) => !this.authors.has(k)),
      ]);
      await this.remember(trx, existing);
      const parents = await findCommentsByKey(trx, comments.flatMap((c) => (c.parentKey ? [c.parentKey] : [])));
      const revisions: Parameters<typeof insertRevisions>[1] = [];
      const keys: Parameters<typeof insertKeys>[1] = [];
      const counts = new Map<number, number>();
      for (const record of batch) {
        if (record.kind === 'thread') {
          if (existing.has(record.key)) this.summary.threads.skipped++;
          else await this.addThread(trx, record);
          continue;
        }
        this.done++;
        if (existing.has(record.key)) {
          this.summary.comments.skipped++;
          continue;
        }
        const story = this.stories.get(record.threadKey);
        if (!story) {
          this.summary.withoutThread++;
          continue;
        }
        const author = await this.author(trx, record, keys);
        let parent: PlacedComment | null = null;
        let pendingParent: string | null = null;
        if (record.parentKey) {
          const found = parents.get(record.parentKey);
          if (found && found.storyId === story.id) parent = found;
          else if (found) this.summary.orphans++;
          else pendingParent = record.parentKey;
        }
        const bodyMd = cleanText(htmlToMarkdown(record.html));
        const bodyHtml = renderCommentMarkdown(bodyMd);
        let status = record.status;
        let decision: Decision = {
          action: status === 'published' ? 'publish' : status === 'held' ? 'hold' : 'reject',
          labels: [],
          reasons: [],
          policyVersion: 0,
          notice: `Imported from ${SOURCE_NAMES[this.source]}; not moderated here.`,
        };
        let moderated = false;
        if (this.moderateThem && status === 'published') {
          decision = await this.judge(trx, { text: bodyMd, story, author, at: record.createdAt });
          status = statusFor(decision);
          moderated = true;
        }
        const placed = await insertImportedComment(trx, {
          storyId: story.id,
          userId: author.id,
          parent,
          bodyMd,
          bodyHtml,
          status,
          flags: moderated ? flagsOf(decision) : record.spam ? 'spam' : '',
          createdAt: record.createdAt,
        });
        parents.set(record.key, placed);
        revisions.push({ commentId: placed.id, bodyMd, bodyHtml, decisionJson: JSON.stringify(decision), createdAt: record.createdAt });
        keys.push({ key: record.key, kind: 'comment', targetId: placed.id, runId: this.runId, pendingParent });
        if (moderated) {
          await logDecision(trx, {
            commentId: placed.id,
            revision: 1,
            action: decision.action,
            actor: 'pipeline',
            reasonCodes: [...new Set(decision.reasons.map((r) => r.category))],
            detail: { reasons: decision.reasons, notice: decision.notice ?? null, imported: true },
            policyVersion: decision.policyVersion,
            now: this.deps.clock(),
          });
        }
        if (status === 'published') counts.set(story.id, (counts.get(story.id) ?? 0) + 1);
        this.summary.comments.added++;
        this.summary.comments.byStatus[status]++;
      }
      await insertRevisions(trx, revisions);
      await insertKeys(trx, keys);
      await addCommentCounts(trx, counts);
    });
  }

  /** Puts threads and authors imported before into the caches. */
  private async remember(db: Kysely<DB>, existing: Map<string, { kind: string; targetId: number; key: string }>) {
    const storyKeys = [...existing.values()].filter((k) => k.kind === 'story');
    const flags = await storyFlags(db, storyKeys.map((k) => k.targetId));
    for (const k of storyKeys) {
      const f = flags.get(k.targetId);
      if (f) this.stories.set(k.key, { id: k.targetId, premoderated: f.premoderated });
    }
    const userKeys = [...existing.values()].filter((k) => k.kind === 'user');
    const users = await usersById(db, userKeys.map((k) => k.targetId));
    for (const k of userKeys) {
      const u = users.get(k.targetId);
      if (u) this.authors.set(k.key, { id: k.targetId, createdAt: u.createdAt });
    }
  }

  private async addThread(db: Kysely<DB>, thread: ImportThread): Promise<void> {
    let story = await findStoryByUrl(db, urlVariants(thread.url));
    if (story) {
      this.summary.threads.matched++;
    } else {
      let publisherId = this.publishers.get(thread.site.slug);
      if (publisherId === undefined) {
        publisherId = await ensureImportPublisher(db, { slug: thread.site.slug, name: cleanText(thread.site.name).slice(0, 200), siteUrl: thread.site.url, now: this.deps.clock() });
        this.publishers.set(thread.site.slug, publisherId);
      }
      const title = cleanText(htmlToText(thread.title)).slice(0, 300) || thread.url;
      const bodyHtml = sanitizeStoryHtml(thread.bodyHtml, { baseUrl: thread.url });
      const { story: created } = await upsertStory(db, {
        publisherId,
        authorId: null,
        guid: thread.key,
        title,
        summary: cleanText(htmlToText(bodyHtml)).slice(0, 300),
        bodyHtml,
        originalUrl: thread.url,
        publishedAt: thread.createdAt,
      });
      // A thread deleted at the source keeps its comments here, on a story that is not shown.
      await setImportedStoryState(db, created.id, { unpublished: thread.deleted, closed: thread.closed });
      story = { id: created.id, premoderated: created.premoderated };
      this.summary.threads.added++;
    }
    await insertKeys(db, [{ key: thread.key, kind: 'story', targetId: story.id, runId: this.runId }]);
    this.stories.set(thread.key, story);
  }

  private async author(db: Kysely<DB>, comment: ImportComment, keys: Parameters<typeof insertKeys>[1]): Promise<AuthorRef> {
    const known = this.authors.get(comment.author.key);
    if (known) return known;
    const displayName = [...cleanText(comment.author.name).replace(/\s+/g, ' ').trim()].slice(0, DISPLAY_NAME_MAX).join('') || 'Anonymous';
    const id = await insertImportedUser(db, { email: importedEmail(comment.author.key), displayName, importedFrom: this.source, createdAt: comment.createdAt });
    keys.push({ key: comment.author.key, kind: 'user', targetId: id, runId: this.runId });
    this.summary.authors.added++;
    const ref = { id, createdAt: comment.createdAt };
    this.authors.set(comment.author.key, ref);
    return ref;
  }

  /** The policy in force on an imported comment, with the author's record as it stood when it was written. */
  private async judge(db: Kysely<DB>, input: { text: string; story: StoryRef; author: AuthorRef; at: string }): Promise<Decision> {
    const now = new Date(input.at);
    const facts = await moderationFacts(db, { userId: input.author.id, text: input.text, now });
    const context: ModerationContext = {
      storyPremoderated: input.story.premoderated,
      author: {
        publishedCount: facts.publishedCount,
        accountAgeHours: Math.max(0, (now.getTime() - Date.parse(input.author.createdAt)) / 3_600_000),
        recentRejections: facts.recentRejections,
        trusted: false,
      },
      recentCommentCount: facts.recentCommentCount,
      duplicateCount: facts.duplicateCount,
    };
    const decision = moderate({ text: input.text }, context, this.deps.policy());
    const m = this.summary.moderation!;
    m.checked++;
    if (decision.action === 'hold') m.held++;
    if (decision.action === 'reject') m.rejected++;
    return decision;
  }
}

/**
 * Replies stored before their parent (in this run or an earlier one) go under it now that it may be here.
 * Returns how many of this run's replies are left at the top level.
 */
async function resolvePendingReplies(db: Kysely<DB>, runId: number): Promise<number> {
  let after = '';
  let refused = 0;
  for (;;) {
    const page = await pendingReplies(db, { after, limit: BATCH });
    if (!page.length) break;
    after = page[page.length - 1]!.key;
    const parents = await findCommentsByKey(db, page.map((p) => p.pending_parent!));
    const relink = async (trx: Kysely<DB>) => {
      for (const p of page) {
        const parent = parents.get(p.pending_parent!);
        if (!parent) continue;
        const moved = await relinkReply(trx, { key: p.key, childId: p.target_id, parentId: parent.id });
        if (!moved && p.run_id === runId) refused++;
      }
    };
    // The archive import runs all of itself in one transaction; a file import relinks a page per transaction.
    await (db.isTransaction ? relink(db) : db.transaction().execute(relink));
  }
  return refused + (await countPending(db, runId));
}

export interface ArchiveImportSummary {
  file: string;
  /** Records stored, and records already here (imported before, or the same publisher, author or story), by type. */
  added: Record<string, number>;
  skipped: Record<string, number>;
  /** Accounts restored without a password (an archive never holds one), and how many of them are moderators or admins. */
  accountsWithoutPassword: number;
  staffWithoutPassword: number;
  /** Accounts whose email was already taken here: restored under an address of their own, not merged. */
  emailsTaken: number;
}

/**
 * `parley import parley ARCHIVE`: checks the whole archive first, then stores it in one transaction, so a
 * bad archive, or one the database refuses part of, leaves nothing behind. Every record is keyed by the
 * exporting site's instance id and its archive id, so importing the same archive again (or a later one
 * from the same site) adds only what is new. Publishers, authors and stories already here (same slug,
 * same publisher and guid) are used as they are; accounts are never merged with one already here.
 */
export async function importArchive(deps: Deps, input: { file: string; onProgress?: (p: ImportProgress) => void }): Promise<ArchiveImportSummary> {
  const totalBytes = (await stat(input.file)).size;
  const { header } = await checkArchive(input.file, { onBytes: (bytes) => input.onProgress?.({ phase: 'checking', bytes, totalBytes, comments: 0 }) });
  const summary: ArchiveImportSummary = { file: basename(input.file), added: {}, skipped: {}, accountsWithoutPassword: 0, staffWithoutPassword: 0, emailsTaken: 0 };
  let runId = 0;
  const key = (type: string, id: unknown) => `parley:${header.instance}:${type}:${String(id)}`;
  const ids: Record<string, Map<number, number>> = { user: new Map(), publisher: new Map(), author: new Map(), story: new Map() };
  const touched = new Set<number>();
  const count = (bucket: Record<string, number>, type: string) => (bucket[type] = (bucket[type] ?? 0) + 1);
  let comments = 0;
  let currentLine = 0;
  let orphans = 0;

  /** A comment's HTML is never taken from the file: it is rendered from its Markdown, as when it was written. */
  const rendered = (md: unknown) => (typeof md === 'string' && md ? renderCommentMarkdown(md) : '');
  /** The record's plain columns and its references mapped to this database's ids. */
  const values = (type: keyof typeof COLUMNS, row: Record<string, unknown>, refIds: Record<string, number | null> = {}) => {
    const out: Record<string, unknown> = {};
    for (const c of COLUMNS[type]) out[c] = row[c];
    for (const [field, target] of Object.entries(REFS[type]) as [string, string][]) {
      if (field in refIds) out[field] = refIds[field];
      else out[field] = row[field] == null ? null : (ids[target]?.get(row[field] as number) ?? null);
    }
    return out;
  };
  /** Whether the record was stored by an earlier import; if so, remembers where. */
  const known = async (db: Kysely<DB>, type: string, id: unknown) => {
    const found = (await findKeys(db, [key(type, id)])).get(key(type, id));
    if (found) {
      ids[type]?.set(id as number, found.targetId);
      count(summary.skipped, type);
    }
    return Boolean(found);
  };
  const keep = async (db: Kysely<DB>, type: string, id: unknown, targetId: number) => {
    await insertKeys(db, [{ key: key(type, id), kind: type, targetId, runId }]);
    ids[type]?.set(id as number, targetId);
  };

  try {
    await deps.db.transaction().execute(async (trx) => {
      runId = await startRun(trx, { source: 'parley', fileName: summary.file, now: deps.clock() });
      for await (const { line, record } of readArchive(input.file, { onBytes: (bytes) => input.onProgress?.({ phase: 'importing', bytes, totalBytes, comments }) })) {
        currentLine = line;
        const r = record as Record<string, unknown>;
        switch (record.type) {
          case 'user': {
            if (await known(trx, 'user', r.id)) break;
            const v = values('user', r);
            if (await userIdByEmail(trx, v.email as string)) {
              v.email = importedEmail(key('user', r.id));
              summary.emailsTaken++;
            }
            const id = await insertArchivedRow(trx, 'users', { ...v, password_hash: '!' });
            await keep(trx, 'user', r.id, id);
            summary.accountsWithoutPassword++;
            if (v.role !== 'reader') summary.staffWithoutPassword++;
            count(summary.added, 'user');
            break;
          }
          case 'account_action': {
            if (await known(trx, 'account_action', r.id)) break;
            await keep(trx, 'account_action', r.id, await insertArchivedRow(trx, 'account_actions', values('account_action', r)));
            count(summary.added, 'account_action');
            break;
          }
          case 'setting':
            count((await putSetting(trx, r.key as string, r.value as string)) ? summary.added : summary.skipped, 'setting');
            break;
          case 'policy': {
            const v = values('policy', r);
            const changed = await putPolicy(trx, { version: v.version as number, policyJson: v.policy_json as string, createdAt: v.created_at as string, createdBy: v.created_by as number | null });
            count(changed ? summary.added : summary.skipped, 'policy');
            break;
          }
          case 'publisher': {
            if (await known(trx, 'publisher', r.id)) break;
            const existing = await publisherIdBySlug(trx, r.slug as string);
            await keep(trx, 'publisher', r.id, existing ?? (await insertArchivedRow(trx, 'publishers', values('publisher', r))));
            count(existing ? summary.skipped : summary.added, 'publisher');
            break;
          }
          case 'author': {
            if (await known(trx, 'author', r.id)) break;
            const v = values('author', r);
            const existing = await authorIdFor(trx, { slug: v.slug as string, publisherId: v.publisher_id as number, name: v.name as string });
            if (existing && existing.id > 0) {
              await keep(trx, 'author', r.id, existing.id);
              count(summary.skipped, 'author');
            } else {
              if (existing) v.slug = await freeSlug(trx, 'authors', v.slug as string);
              await keep(trx, 'author', r.id, await insertArchivedRow(trx, 'authors', v));
              count(summary.added, 'author');
            }
            break;
          }
          case 'author_alias':
            count((await insertArchivedRows(trx, 'author_aliases', [values('author_alias', r)], ['publisher_id', 'name'])) ? summary.added : summary.skipped, 'author_alias');
            break;
          case 'story': {
            if (await known(trx, 'story', r.id)) break;
            const v = values('story', r);
            const existing = await storyIdByGuid(trx, v.publisher_id as number, v.guid as string);
            if (existing) {
              await keep(trx, 'story', r.id, existing);
              count(summary.skipped, 'story');
              break;
            }
            v.slug = await freeSlug(trx, 'stories', v.slug as string);
            // HTML from a file is sanitised again before it is stored (a no-op on what `parley export` wrote).
            v.body_html = sanitizeStoryHtml(v.body_html as string);
            const id = await insertArchivedRow(trx, 'stories', v);
            await keep(trx, 'story', r.id, id);
            const revisions = (r.revisions as Record<string, unknown>[]).map((x) => {
              const rev = values('story_revision', x);
              return { ...rev, body_html: sanitizeStoryHtml(rev.body_html as string), story_id: id };
            });
            for (const rev of revisions) await insertArchivedRow(trx, 'story_revisions', rev);
            count(summary.added, 'story');
            break;
          }
          case 'takedown': {
            if (await known(trx, 'takedown', r.id)) break;
            await keep(trx, 'takedown', r.id, await insertArchivedRow(trx, 'takedowns', values('takedown', r)));
            count(summary.added, 'takedown');
            break;
          }
          case 'comment': {
            comments++;
            if (await known(trx, 'comment', r.id)) break;
            // Where it sits is worked out here, from its parent, as for any reply: a parent stored later
            // (an imported reply can have a lower id than its parent) is waited for, like in a Disqus import.
            const parentKey = r.parent_id == null ? null : key('comment', r.parent_id);
            const parent = parentKey ? (await findCommentsByKey(trx, [parentKey])).get(parentKey) : undefined;
            const v = values('comment', r, {
              parent_id: parent?.id ?? null,
              root_id: parent ? (parent.rootId ?? parent.id) : null,
            });
            v.depth = parent ? parent.depth + 1 : 0;
            v.body_html = rendered(v.body_md);
            v.body_hash = v.body_md ? bodyHash(v.body_md as string) : null;
            const pendingParent = parentKey && !parent ? parentKey : null;
            const id = await insertArchivedRow(trx, 'comments', v);
            const under = (type: keyof typeof COLUMNS, field: string): Record<string, unknown>[] => (r[field] as Record<string, unknown>[]).map((x) => ({ ...values(type, x), comment_id: id }));
            const revisions = under('comment_revision', 'revisions').map((rev) => ({ ...rev, body_html: rendered(rev.body_md) }));
            await insertArchivedRows(trx, 'comment_revisions', revisions, ['comment_id', 'revision']);
            for (const row of under('moderation_log', 'log')) await insertArchivedRow(trx, 'moderation_log', row);
            await insertArchivedRows(trx, 'votes', under('vote', 'votes'), ['comment_id', 'user_id']);
            await insertArchivedRows(trx, 'reports', under('report', 'reports'), ['comment_id', 'user_id']);
            await insertArchivedRows(trx, 'appeals', under('appeal', 'appeals'), ['comment_id']);
            await insertKeys(trx, [{ key: key('comment', r.id), kind: 'comment', targetId: id, runId, pendingParent }]);
            touched.add(v.story_id as number);
            count(summary.added, 'comment');
            break;
          }
          case 'import_key': {
            const target = (await targetIds(trx, [key(r.kind as string, r.target_id)])).get(key(r.kind as string, r.target_id));
            const stored = target !== undefined && (await insertKeyIfNew(trx, { key: r.key as string, kind: r.kind as string, targetId: target, runId, pendingParent: (r.pending_parent as string | null) ?? null }));
            count(stored ? summary.added : summary.skipped, 'import_key');
            break;
          }
        }
      }
      await recountComments(trx, [...touched]);
      orphans = await resolvePendingReplies(trx, runId);
      await finishRun(trx, { runId, summary, now: deps.clock() });
    });
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    // The database refused a record: the transaction is rolled back, nothing of the archive is stored.
    throw new ImportFileError(currentLine, `the database refused this record: ${(err as Error).message}`);
  }
  deps.log.info({ source: 'parley', runId, orphans }, 'archive import finished');
  return summary;
}
