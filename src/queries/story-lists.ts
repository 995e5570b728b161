/** Read models for the story listings: the home page, an author's archive, a publisher's page. */
import { notFound } from '../errors.ts';
import type { Author, Publisher, Story } from '../domain/story.ts';
import type { Deps } from '../commands/deps.ts';
import { findAuthor, findPublisher, listStories, type StoryListFilter } from '../store/stories.ts';

export const STORIES_PER_PAGE = 10;

export interface StoryCard {
  story: Story;
  publisher: Publisher;
  author: Author | null;
}

export interface StoryListPage {
  cards: StoryCard[];
  page: number;
  hasNext: boolean;
}

type ReadDeps = Pick<Deps, 'db'>;

async function cards(deps: ReadDeps, stories: Story[]): Promise<StoryCard[]> {
  const publishers = new Map<number, Publisher>();
  const authors = new Map<number, Author>();
  for (const s of stories) {
    if (!publishers.has(s.publisherId)) publishers.set(s.publisherId, (await findPublisher(deps.db, { id: s.publisherId }))!);
    if (s.authorId !== null && !authors.has(s.authorId)) {
      const a = await findAuthor(deps.db, { id: s.authorId });
      if (a) authors.set(a.id, a);
    }
  }
  return stories.map((story) => ({
    story,
    publisher: publishers.get(story.publisherId)!,
    author: story.authorId === null ? null : (authors.get(story.authorId) ?? null),
  }));
}

async function listPage(deps: ReadDeps, filter: StoryListFilter, page: number): Promise<StoryListPage> {
  const stories = await listStories(deps.db, filter, STORIES_PER_PAGE + 1, (page - 1) * STORIES_PER_PAGE);
  return { cards: await cards(deps, stories.slice(0, STORIES_PER_PAGE)), page, hasNext: stories.length > STORIES_PER_PAGE };
}

export function homePage(deps: ReadDeps, input: { page: number }): Promise<StoryListPage> {
  return listPage(deps, {}, input.page);
}

export async function authorPage(deps: ReadDeps, input: { slug: string; page: number }) {
  const author = await findAuthor(deps.db, { slug: input.slug });
  if (!author) throw notFound('Author');
  const publisher = (await findPublisher(deps.db, { id: author.publisherId }))!;
  return { author, publisher, list: await listPage(deps, { authorId: author.id }, input.page) };
}

export async function publisherPage(deps: ReadDeps, input: { slug: string; page: number }) {
  const publisher = await findPublisher(deps.db, { slug: input.slug });
  if (!publisher) throw notFound('Publisher');
  return { publisher, list: await listPage(deps, { publisherId: publisher.id }, input.page) };
}
