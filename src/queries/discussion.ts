/**
 * Read models for a story and its discussion: the story page (story, credit, author box, the first
 * page of comments), further pages of comments by cursor, and one comment's whole thread.
 */
import { latestLiveSeq } from '../store/live-events.ts';
import { AppError, notFound } from '../errors.ts';
import { canEdit, type Comment, type CommentSort } from '../domain/comment.ts';
import type { Author, DiscussionTerms, Publisher, Story } from '../domain/story.ts';
import { buildThread, type CommentView, type ViewerFacts } from '../domain/thread.ts';
import type { User } from '../domain/user.ts';
import type { Deps } from '../commands/deps.ts';
import { countReplies, findComment, listReplies, listThread, listTopLevel, reportedBy, votesBy, type CommentCursor } from '../store/comments.ts';
import { findAuthor, findDiscussionTerms, findPublisher, findStoryById, findStoryBySlug, listStories } from '../store/stories.ts';
import { appealsFor, latestStatements } from '../store/moderation.ts';

export const COMMENTS_PER_PAGE = 20;
/** Replies shown under each top-level comment on the story page; the thread page shows them all. */
export const REPLIES_PER_THREAD = 3;
export const THREAD_PAGE_LIMIT = 1000;
const AUTHOR_BOX_STORIES = 4;

type ReadDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

export interface CommentsPage {
  sort: CommentSort;
  comments: CommentView[];
  nextCursor: string | null;
}

export interface StoryPageData {
  story: Story;
  publisher: Publisher;
  author: Author | null;
  authorLatest: Story[];
  discussion: CommentsPage;
  /** The live event log's number when the page was read: its stream resumes from there. */
  liveAfter: number;
}

export function encodeCursor(c: CommentCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string): CommentCursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Number.isSafeInteger(c.id) && (c.score === undefined || Number.isSafeInteger(c.score))) return { id: c.id, score: c.score };
  } catch {
    // fall through to the coded error
  }
  throw new AppError('validation_failed', 'That page link is not valid.', { fields: { after: 'Bad cursor.' } });
}

async function viewerFacts(deps: ReadDeps, viewer: User | undefined, comments: Comment[]): Promise<ViewerFacts> {
  const now = deps.clock();
  if (!viewer) return { votes: new Map(), reported: new Set(), canEdit: () => false };
  const ids = comments.map((c) => c.id);
  const mine = comments.filter((c) => c.userId === viewer.id);
  const mineNotPublic = mine.filter((c) => c.status === 'held' || c.status === 'rejected').map((c) => c.id);
  return {
    viewerId: viewer.id,
    votes: await votesBy(deps.db, viewer.id, ids),
    reported: await reportedBy(deps.db, viewer.id, ids),
    canEdit: (c) => canEdit(c, now, deps.config.editWindowMinutes),
    decisions: await latestStatements(deps.db, mineNotPublic),
    appeals: await appealsFor(deps.db, mine.map((c) => c.id)),
  };
}

export async function visibleStory(deps: Pick<Deps, 'db'>, slug: string): Promise<Story> {
  return published(await findStoryBySlug(deps.db, slug));
}

/** The same, by the story's number (its live stream is addressed either way). */
export async function visibleStoryById(deps: Pick<Deps, 'db'>, id: number): Promise<Story> {
  return published(await findStoryById(deps.db, id));
}

/** The same check, reading only whether and how the story takes comments (posting needs no more). */
export async function openDiscussion(deps: Pick<Deps, 'db'>, slug: string): Promise<DiscussionTerms> {
  return published(await findDiscussionTerms(deps.db, slug));
}

function published<S extends Pick<Story, 'status'>>(story: S | undefined): S {
  if (!story) throw notFound('Story');
  if (story.status !== 'published') throw new AppError('gone', 'This story has been withdrawn at its publisher’s request.');
  return story;
}

export async function commentsPage(
  deps: ReadDeps,
  input: { story: Story; sort: CommentSort; after?: string; viewer?: User; limit?: number },
): Promise<CommentsPage> {
  const limit = input.limit ?? COMMENTS_PER_PAGE;
  const viewerId = input.viewer?.id;
  const roots = await listTopLevel(deps.db, {
    storyId: input.story.id,
    sort: input.sort,
    after: input.after ? decodeCursor(input.after) : undefined,
    limit: limit + 1,
    viewerId,
  });
  const page = roots.slice(0, limit);
  const rootIds = page.map((r) => r.id);
  const replies = await listReplies(deps.db, { rootIds, perRoot: REPLIES_PER_THREAD, viewerId });
  const counts = await countReplies(deps.db, { rootIds, viewerId });
  const facts = await viewerFacts(deps, input.viewer, [...page, ...replies]);
  const last = page[page.length - 1];
  return {
    sort: input.sort,
    comments: buildThread(page, replies, facts, counts),
    nextCursor: roots.length > limit && last ? encodeCursor(input.sort === 'top' ? { id: last.id, score: last.score } : { id: last.id }) : null,
  };
}

export async function storyPage(
  deps: ReadDeps,
  input: { slug: string; sort: CommentSort; after?: string; viewer?: User },
): Promise<StoryPageData> {
  const story = await visibleStory(deps, input.slug);
  const publisher = (await findPublisher(deps.db, { id: story.publisherId }))!;
  const author = story.authorId === null ? null : ((await findAuthor(deps.db, { id: story.authorId })) ?? null);
  const authorLatest = author ? await listStories(deps.db, { authorId: author.id, excludeId: story.id }, AUTHOR_BOX_STORIES, 0) : [];
  // Read before the comments: anything that changes while they are read is replayed, not lost.
  const liveAfter = await latestLiveSeq(deps.db, story.id);
  const discussion = await commentsPage(deps, { story, sort: input.sort, after: input.after, viewer: input.viewer });
  return { story, publisher, author, authorLatest, discussion, liveAfter };
}

/** One top-level comment (or the thread around any comment) with every reply. */
export async function threadPage(deps: ReadDeps, input: { slug: string; commentId: number; viewer?: User }) {
  const story = await visibleStory(deps, input.slug);
  const comment = await findComment(deps.db, input.commentId);
  if (!comment || comment.storyId !== story.id) throw notFound('Comment');
  const viewerId = input.viewer?.id;
  const rootId = comment.rootId ?? comment.id;
  const root = rootId === comment.id ? comment : await findComment(deps.db, rootId);
  const visible = (c: Comment) => c.status === 'published' || c.status === 'deleted' || ((c.status === 'held' || c.status === 'rejected') && c.userId === viewerId);
  if (!root || !visible(root)) throw notFound('Comment');
  const replies = await listThread(deps.db, { rootId, limit: THREAD_PAGE_LIMIT, viewerId });
  const facts = await viewerFacts(deps, input.viewer, [root, ...replies]);
  const [view] = buildThread([root], replies, facts);
  return { story, thread: view!, focusId: comment.id };
}
