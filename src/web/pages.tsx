/** The site's pages, rendered on the server: listings, the story page, threads, accounts, errors. */
import type { VNode } from 'preact';
import type { Author, Publisher, Story } from '../domain/story.ts';
import { attributionText } from '../domain/story.ts';
import type { CommentView } from '../domain/thread.ts';
import { Discussion, Reasons, type DiscussionProps } from './discussion.tsx';
import type { ProfileComment, ProfileReport } from '../domain/profile.ts';
import type { LogEntryView } from '../domain/review.ts';
import type { FeedView as Feed } from '../domain/story.ts';
import { CATEGORIES, type Policy } from '../domain/moderation.ts';
import type { Insights } from '../domain/insights.ts';
import { BarChart } from './charts.tsx';
import { formatDate, formatDateTime, plural } from './format.ts';
import { Layout, scriptJson, type PageContext } from './layout.tsx';
import { Queue, QUEUE_LABELS, type QueueProps } from './workspace.tsx';

export interface StoryCardView {
  story: Story;
  publisher: Publisher;
  author: Author | null;
}

function Pager({ page, hasNext, base }: { page: number; hasNext: boolean; base: string }) {
  if (page === 1 && !hasNext) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {page > 1 && (
        <a rel="prev" href={page === 2 ? base : `${base}?page=${page - 1}`}>
          ← Newer
        </a>
      )}
      <span>Page {page}</span>
      {hasNext && (
        <a rel="next" href={`${base}?page=${page + 1}`}>
          Older →
        </a>
      )}
    </nav>
  );
}

function StoryList({ cards }: { cards: StoryCardView[] }) {
  if (!cards.length) return <p class="empty">No stories yet.</p>;
  return (
    <ul class="story-list">
      {cards.map(({ story, publisher, author }) => (
        <li key={story.id} class="story-card">
          <h2>
            <a href={`/stories/${story.slug}`}>{story.title}</a>
          </h2>
          <p class="meta">
            <time datetime={story.publishedAt}>{formatDate(story.publishedAt)}</time> ·{' '}
            {author ? <a href={`/authors/${author.slug}`}>{author.name}</a> : 'Staff'} ·{' '}
            <a href={`/publishers/${publisher.slug}`}>{publisher.name}</a> ·{' '}
            <a href={`/stories/${story.slug}#discussion-heading`}>{plural(story.commentCount, 'comment')}</a>
          </p>
          <p class="summary">{story.summary}</p>
        </li>
      ))}
    </ul>
  );
}

export function HomePage(props: { ctx: PageContext; cards: StoryCardView[]; page: number; hasNext: boolean }) {
  return (
    <Layout ctx={props.ctx} head={{ title: props.page > 1 ? `Latest stories, page ${props.page}` : props.ctx.siteName, description: 'The latest stories from our partner publishers.' }}>
      <h1>Latest stories</h1>
      <StoryList cards={props.cards} />
      <Pager page={props.page} hasNext={props.hasNext} base="/" />
    </Layout>
  );
}

export function AuthorPage(props: { ctx: PageContext; author: Author; publisher: Publisher; cards: StoryCardView[]; page: number; hasNext: boolean }) {
  const { author, publisher } = props;
  return (
    <Layout ctx={props.ctx} head={{ title: `Stories by ${author.name}`, description: author.bio || undefined }}>
      <h1>Stories by {author.name}</h1>
      <p class="bio">
        {author.bio} Writing for <a href={`/publishers/${publisher.slug}`}>{publisher.name}</a>.
      </p>
      <StoryList cards={props.cards} />
      <Pager page={props.page} hasNext={props.hasNext} base={`/authors/${author.slug}`} />
    </Layout>
  );
}

export function PublisherPage(props: { ctx: PageContext; publisher: Publisher; cards: StoryCardView[]; page: number; hasNext: boolean }) {
  const { publisher } = props;
  return (
    <Layout ctx={props.ctx} head={{ title: `Stories from ${publisher.name}` }}>
      <h1>Stories from {publisher.name}</h1>
      <p class="bio">
        Republished with credit from <a href={publisher.siteUrl}>{publisher.name}</a>, one of our partner publishers.
      </p>
      <StoryList cards={props.cards} />
      <Pager page={props.page} hasNext={props.hasNext} base={`/publishers/${publisher.slug}`} />
    </Layout>
  );
}

function VideoEmbed({ story }: { story: Story }) {
  const video = story.video;
  if (!video) return null;
  const title = `Video: ${story.title}`;
  return (
    <figure class="video">
      <div class="frame">
        {video.kind === 'youtube' && (
          <iframe
            src={`https://www.youtube-nocookie.com/embed/${encodeURIComponent(video.id)}`}
            title={title}
            loading="lazy"
            allow="encrypted-media; picture-in-picture; fullscreen"
            referrerpolicy="strict-origin-when-cross-origin"
          />
        )}
        {video.kind === 'vimeo' && (
          <iframe src={`https://player.vimeo.com/video/${encodeURIComponent(video.id)}?dnt=1`} title={title} loading="lazy" allow="fullscreen; picture-in-picture" />
        )}
        {video.kind === 'mp4' && <video src={video.url} controls preload="metadata" aria-label={title} />}
      </div>
      <figcaption>(Video credit: {video.credit})</figcaption>
    </figure>
  );
}

function storyHead(ctx: PageContext, publicUrl: string, data: { story: Story; publisher: Publisher; author: Author | null }): VNode[] {
  const { story, publisher, author } = data;
  const url = `${publicUrl}/stories/${story.slug}`;
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: story.title,
    description: story.summary,
    datePublished: story.publishedAt,
    dateModified: story.updatedAt,
    url,
    mainEntityOfPage: url,
    ...(story.imageUrl ? { image: [story.imageUrl] } : {}),
    author: author ? { '@type': 'Person', name: author.name, url: `${publicUrl}/authors/${author.slug}` } : undefined,
    publisher: { '@type': 'Organization', name: ctx.siteName, url: publicUrl },
    isBasedOn: {
      '@type': 'NewsArticle',
      url: story.originalUrl,
      headline: story.title,
      publisher: { '@type': 'Organization', name: publisher.name, url: publisher.siteUrl },
    },
  };
  return [
    publisher.indexing === 'noindex' ? <meta name="robots" content="noindex" /> : <link rel="canonical" href={story.originalUrl} />,
    ...(publisher.indexing === 'noindex-news' ? [<meta name="Googlebot-News" content="noindex" />] : []),
    <meta property="og:type" content="article" />,
    <meta property="og:title" content={story.title} />,
    <meta property="og:description" content={story.summary} />,
    <meta property="og:url" content={url} />,
    <meta property="og:site_name" content={ctx.siteName} />,
    ...(story.imageUrl ? [<meta property="og:image" content={story.imageUrl} />] : []),
    <meta property="article:published_time" content={story.publishedAt} />,
    <meta property="article:modified_time" content={story.updatedAt} />,
    ...(author ? [<meta property="article:author" content={author.name} />] : []),
    <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptJson(jsonLd) }} />,
  ];
}

export function StoryPage(props: {
  ctx: PageContext;
  publicUrl: string;
  story: Story;
  publisher: Publisher;
  author: Author | null;
  authorLatest: Story[];
  discussion: DiscussionProps;
}) {
  const { story, publisher, author } = props;
  return (
    <Layout ctx={props.ctx} head={{ title: story.title, description: story.summary, extra: storyHead(props.ctx, props.publicUrl, props) }} island={props.discussion.viewer ? true : props.discussion.live ? 'live' : false}>
      <article class="story">
        <header>
          <h1>{story.title}</h1>
          <p class="meta">
            {author ? <a href={`/authors/${author.slug}`}>{author.name}</a> : 'Staff'} · <time datetime={story.publishedAt}>{formatDate(story.publishedAt)}</time> ·{' '}
            <a href={`/publishers/${publisher.slug}`}>{publisher.name}</a>
          </p>
        </header>
        <p class="attribution" role="note">
          <a href={story.originalUrl} target="_blank" rel="noopener noreferrer">
            {attributionText(publisher)}
          </a>
        </p>
        <VideoEmbed story={story} />
        <div class="story-body" dangerouslySetInnerHTML={{ __html: story.bodyHtml }} />
        {author && (
          <aside class="author-box" aria-label={`About ${author.name}`}>
            <h2>
              Latest posts by {author.name} <a href={`/authors/${author.slug}`}>(see all)</a>
            </h2>
            {props.authorLatest.length ? (
              <ul>
                {props.authorLatest.map((s) => (
                  <li key={s.id}>
                    <a href={`/stories/${s.slug}`}>{s.title}</a> <time datetime={s.publishedAt}>{formatDate(s.publishedAt)}</time>
                  </li>
                ))}
              </ul>
            ) : (
              <p>This is {author.name}’s only story here so far.</p>
            )}
          </aside>
        )}
      </article>
      {props.ctx.viewer && props.ctx.viewer.role !== 'reader' && <StorySettings story={story} csrf={props.ctx.viewer.csrf} />}
      {props.ctx.viewer && props.ctx.viewer.role === 'admin' && (
        <details class="story-settings">
          <summary>Take this story down (admins)</summary>
          <form method="post" action={`/admin/stories/${story.id}/takedown`}>
            <input type="hidden" name="_csrf" value={props.ctx.viewer.csrf} />
            <label for="takedown-reason">Why (e.g. the partner’s request); the page will answer “gone”, comments are kept</label>
            <input id="takedown-reason" name="reason" required maxLength={500} />
            <button type="submit" class="danger">
              Take down
            </button>
          </form>
        </details>
      )}
      <DiscussionIsland props={props.discussion} />
    </Layout>
  );
}

function StorySettings({ story, csrf }: { story: Story; csrf: string }) {
  return (
    <details class="story-settings">
      <summary>Discussion settings (moderators)</summary>
      <form method="post" action={`/moderate/stories/${story.id}/settings`}>
        <input type="hidden" name="_csrf" value={csrf} />
        <label class="radio">
          <input type="checkbox" name="commentsOpen" value="1" checked={story.commentsOpen} /> Comments open
        </label>
        <label class="radio">
          <input type="checkbox" name="premoderated" value="1" checked={story.premoderated} /> Pre-moderate every comment
        </label>
        <label for="slow-mode">Slow mode: minutes between a reader’s comments (0: off)</label>
        <input id="slow-mode" name="slowModeMinutes" type="number" min={0} max={1440} value={String(story.slowModeMinutes)} />
        <button type="submit">Save settings</button>
      </form>
    </details>
  );
}

/**
 * The discussion, hydrated only for logged-in readers: a logged-out reader has nothing to post or
 * vote with, so their page carries neither the island nor the props (half the bytes of a big thread),
 * only the small live script, which updates the server-rendered markup from the story's stream.
 */
function DiscussionIsland({ props }: { props: DiscussionProps }) {
  return (
    <>
      <div id="discussion-root" data-story-id={props.live?.storyId} data-live-after={props.live?.after}>
        <Discussion props={props} />
      </div>
      {props.viewer && <script type="application/json" id="discussion-props" dangerouslySetInnerHTML={{ __html: scriptJson(props) }} />}
    </>
  );
}

export function ThreadPage(props: { ctx: PageContext; story: Story; discussion: DiscussionProps; focus: CommentView }) {
  return (
    <Layout
      ctx={props.ctx}
      head={{ title: `Comment by ${props.focus.authorName || 'a reader'} on “${props.story.title}”`, extra: [<meta name="robots" content="noindex" />] }}
      island={!!props.discussion.viewer}
    >
      <p class="back">
        <a href={`/stories/${props.story.slug}#discussion-heading`}>← Back to “{props.story.title}” and all comments</a>
      </p>
      <DiscussionIsland props={props.discussion} />
    </Layout>
  );
}

export interface FormState {
  values: Record<string, string>;
  error?: string;
  fields?: Record<string, string>;
}

function Field(props: { name: string; label: string; type: string; state: FormState; autocomplete: string; hint?: string }) {
  const error = props.state.fields?.[props.name];
  return (
    <p class="field">
      <label for={props.name}>{props.label}</label>
      <input
        id={props.name}
        name={props.name}
        type={props.type}
        required
        autocomplete={props.autocomplete}
        value={props.type === 'password' ? '' : (props.state.values[props.name] ?? '')}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${props.name}-error` : undefined}
      />
      {props.hint && <small>{props.hint}</small>}
      {error && (
        <small class="field-error" id={`${props.name}-error`}>
          {error}
        </small>
      )}
    </p>
  );
}

export function AuthPage(props: { ctx: PageContext; mode: 'login' | 'signup'; csrf: string; next: string; state: FormState }) {
  const login = props.mode === 'login';
  return (
    <Layout ctx={props.ctx} head={{ title: login ? 'Log in' : 'Sign up', extra: [<meta name="robots" content="noindex" />] }}>
      <h1>{login ? 'Log in' : 'Create an account'}</h1>
      {props.state.error && (
        <p class="form-error" role="alert">
          {props.state.error}
        </p>
      )}
      <form method="post" action={login ? '/login' : '/signup'} class="auth">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        {!login && <Field name="displayName" label="Display name" type="text" autocomplete="nickname" state={props.state} hint="Shown with your comments." />}
        <Field name="email" label="Email" type="email" autocomplete="email" state={props.state} hint={login ? undefined : 'Never shown to anyone.'} />
        <Field
          name="password"
          label="Password"
          type="password"
          autocomplete={login ? 'current-password' : 'new-password'}
          state={props.state}
          hint={login ? undefined : 'At least 10 characters.'}
        />
        <button type="submit">{login ? 'Log in' : 'Sign up'}</button>
      </form>
      <p>
        {login ? (
          <>
            New here? <a href={props.next === '/' ? '/signup' : `/signup?next=${encodeURIComponent(props.next)}`}>Create an account</a>. Forgot your password?
            Ask the site’s administrator for a reset link.
          </>
        ) : (
          <>
            Already have an account? <a href={`/login?next=${encodeURIComponent(props.next)}`}>Log in</a>.
          </>
        )}
      </p>
    </Layout>
  );
}

/** A plain-form write that failed: the reason, and the text kept so nothing typed is lost. */
export function FormErrorPage(props: { ctx: PageContext; title: string; message: string; back: string; retry?: { action: string; csrf: string; body: string; parentId?: string } }) {
  return (
    <Layout ctx={props.ctx} head={{ title: props.title, extra: [<meta name="robots" content="noindex" />] }}>
      <h1>{props.title}</h1>
      <p class="form-error" role="alert">
        {props.message}
      </p>
      {props.retry && (
        <form method="post" action={props.retry.action} class="comment-form">
          <input type="hidden" name="_csrf" value={props.retry.csrf} />
          {props.retry.parentId && <input type="hidden" name="parentId" value={props.retry.parentId} />}
          <label for="retry-body">Your comment</label>
          <textarea id="retry-body" name="body" rows={5}>
            {props.retry.body}
          </textarea>
          <button type="submit">Try again</button>
        </form>
      )}
      <p>
        <a href={props.back}>Go back</a>
      </p>
    </Layout>
  );
}

export function ErrorPage(props: { ctx: PageContext; status: number; title: string; message: string }) {
  return (
    <Layout ctx={props.ctx} head={{ title: props.title, extra: [<meta name="robots" content="noindex" />] }}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">Go to the latest stories</a>
      </p>
    </Layout>
  );
}

export function WorkspacePage(props: { ctx: PageContext; queue: QueueProps }) {
  return (
    <Layout ctx={props.ctx} head={{ title: `Moderation: ${QUEUE_LABELS[props.queue.queue]}`, extra: [<meta name="robots" content="noindex" />] }} island="workspace">
      <h1>Moderation</h1>
      <div id="queue-root">
        <Queue props={props.queue} />
      </div>
      <script type="application/json" id="queue-props" dangerouslySetInnerHTML={{ __html: scriptJson(props.queue) }} />
    </Layout>
  );
}

/** Choosing a new password with a reset link an administrator handed over (or why the link no longer works). */
export function ResetPage(props: { ctx: PageContext; csrf: string; token: string; user?: { displayName: string; email: string }; state: FormState }) {
  return (
    <Layout ctx={props.ctx} head={{ title: 'Choose a new password', extra: [<meta name="robots" content="noindex" />, <meta name="referrer" content="no-referrer" />] }}>
      <h1>Choose a new password</h1>
      {props.state.error && (
        <p class="form-error" role="alert">
          {props.state.error}
        </p>
      )}
      {props.user && (
        <form method="post" action={`/reset/${props.token}`} class="auth">
          <p>
            For {props.user.displayName} ({props.user.email}). You will be signed out everywhere else.
          </p>
          <input type="hidden" name="_csrf" value={props.csrf} />
          <Field name="password" label="New password" type="password" autocomplete="new-password" state={props.state} hint="At least 10 characters." />
          <button type="submit">Set password</button>
        </form>
      )}
    </Layout>
  );
}

export function UsersPage(props: {
  ctx: PageContext;
  csrf: string;
  query: string;
  users: { id: number; displayName: string; email: string; role: string; createdAt: string }[];
  /** A reset link just made: shown once, for the admin to hand over. */
  issued?: { displayName: string; url: string; expiresAt: string };
}) {
  return (
    <Layout ctx={props.ctx} head={{ title: 'Users and roles', extra: [<meta name="robots" content="noindex" />] }}>
      <h1>Users and roles</h1>
      {props.issued && (
        <div class="notice" role="status">
          <p>
            Password reset link for {props.issued.displayName}, valid until {formatDateTime(props.issued.expiresAt)} and for one use. Send it to them yourself; it is not shown again:
          </p>
          <pre class="snippet">{props.issued.url}</pre>
        </div>
      )}
      <form method="get" action="/admin/users" class="search">
        <label for="q">Find by name or email</label>
        <input id="q" name="q" value={props.query} />
        <button type="submit">Search</button>
      </form>
      <table class="users">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Joined</th>
            <th scope="col">Role</th>
            <th scope="col">Password</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr key={u.id}>
              <td>{u.displayName}</td>
              <td>{u.email}</td>
              <td>{formatDate(u.createdAt)}</td>
              <td>
                <form method="post" action={`/admin/users/${u.id}/role`} class="role">
                  <input type="hidden" name="_csrf" value={props.csrf} />
                  <label class="visually-hidden" for={`role-${u.id}`}>
                    Role of {u.displayName}
                  </label>
                  <select id={`role-${u.id}`} name="role">
                    {['reader', 'moderator', 'admin'].map((r) => (
                      <option key={r} value={r} selected={r === u.role}>
                        {r}
                      </option>
                    ))}
                  </select>{' '}
                  <button type="submit">Save</button>
                </form>
              </td>
              <td>
                <form method="post" action={`/admin/users/${u.id}/reset-link`}>
                  <input type="hidden" name="_csrf" value={props.csrf} />
                  <button type="submit" class="secondary" aria-label={`Make a password reset link for ${u.displayName}`}>
                    Reset link
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

const STATE_LABELS: Record<string, string> = { published: 'Published', held: 'Awaiting review', rejected: 'Not published', deleted: 'Deleted by you' };

export function ProfilePage(props: { ctx: PageContext; csrf: string; user: { displayName: string; email: string; createdAt: string; sanction: string | null }; comments: ProfileComment[]; reports: ProfileReport[]; page: number; hasNext: boolean }) {
  return (
    <Layout ctx={props.ctx} head={{ title: 'Your account', extra: [<meta name="robots" content="noindex" />] }}>
      <h1>Your account</h1>
      <p>
        {props.user.displayName} · {props.user.email} · joined {formatDate(props.user.createdAt)}
      </p>
      {props.user.sanction && (
        <p class="form-error" role="alert">
          {props.user.sanction}
        </p>
      )}
      <h2>Your comments</h2>
      {props.comments.length === 0 ? (
        <p class="empty">You have not commented yet.</p>
      ) : (
        <ol class="history-list">
          {props.comments.map((c) => (
            <li key={c.id} class={`history-item ${c.status}`}>
              <p class="meta">
                <strong>{STATE_LABELS[c.status] ?? c.status}</strong> · <a href={`/stories/${c.story.slug}/comments/${c.id}`}>{c.story.title}</a> ·{' '}
                <time datetime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
              </p>
              {c.text && <p class="text">{c.text}</p>}
              {c.statement && (
                <div class="statement">
                  <p>
                    Decision: {c.statement.action} by {c.statement.by === 'pipeline' ? 'automated moderation' : c.statement.by === 'community' ? 'readers’ reports' : 'a moderator'} on{' '}
                    {formatDateTime(c.statement.at)}
                  </p>
                  {c.statement.reasons.length > 0 && <Reasons reasons={c.statement.reasons.map((r) => ({ category: '', ...r }))} />}
                </div>
              )}
              {c.appeal && <p class="appealed">{c.appeal.status === 'open' ? 'Appeal waiting for a moderator.' : `Appeal ${c.appeal.status}: ${c.appeal.outcome ?? ''}`}</p>}
            </li>
          ))}
        </ol>
      )}
      <Pager page={props.page} hasNext={props.hasNext} base="/me" />
      <h2>Your reports</h2>
      {props.reports.length === 0 ? (
        <p class="empty">You have not reported anything.</p>
      ) : (
        <ul class="reports-list">
          {props.reports.map((r) => (
            <li key={r.commentId}>
              <a href={`/stories/${r.story.slug}`}>{r.story.title}</a> — you reported “{r.reason}” on {formatDate(r.createdAt)}: <strong>{r.outcome}</strong>
            </li>
          ))}
        </ul>
      )}
      <h2>Your data</h2>
      <p>
        <a href="/me/export.json" download="parley-my-data.json">
          Download everything we hold about you (JSON)
        </a>
      </p>
      <details class="delete-account">
        <summary>Delete your account</summary>
        <form method="post" action="/me/delete">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <p>Your name, email and password are erased and you are logged out. Your comments stay in their threads, shown as by “deleted account”.</p>
          <label for="delete-password">Your password</label>
          <input id="delete-password" name="password" type="password" required autocomplete="current-password" />
          <button type="submit" class="danger">
            Delete my account
          </button>
        </form>
      </details>
    </Layout>
  );
}

const ACTOR_LABELS: Record<string, string> = { pipeline: 'automated', community: 'readers’ reports', moderator: 'a moderator' };

export function LogPage(props: { ctx: PageContext; full: boolean; entries: LogEntryView[]; page: number; hasNext: boolean; query: string }) {
  const base = props.full ? '/moderate/log' : '/moderation-log';
  return (
    <Layout ctx={props.ctx} head={{ title: 'Moderation log', description: 'Every moderation decision on this site, with its reason.' }} island={false}>
      <h1>Moderation log</h1>
      <p>
        {props.full
          ? 'Every decision, automated and human, in full. Filter by who decided, what they did, or the story.'
          : 'Every decision taken on readers’ comments here, automated or human, with the rule it applied. Comment text and people’s names are left out.'}
      </p>
      {props.full && (
        <form method="get" action="/moderate/log" class="search">
          <label for="log-actor">Decided by</label>
          <select id="log-actor" name="actor">
            <option value="">anyone</option>
            <option value="pipeline">automated</option>
            <option value="community">readers’ reports</option>
            <option value="moderator">a moderator</option>
          </select>{' '}
          <label for="log-action">Action</label>
          <select id="log-action" name="action">
            <option value="">any</option>
            {['publish', 'hold', 'reject', 'approve'].map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>{' '}
          <label for="log-story">Story (address name)</label>
          <input id="log-story" name="story" />
          <button type="submit">Filter</button>
        </form>
      )}
      <table class="log">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Decision</th>
            <th scope="col">By</th>
            <th scope="col">Rule</th>
            <th scope="col">Story</th>
            {props.full && <th scope="col">Comment</th>}
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr key={e.id}>
              <td>
                <time datetime={e.at}>{formatDateTime(e.at)}</time>
              </td>
              <td>{e.action}</td>
              <td>
                {ACTOR_LABELS[e.actor] ?? e.actor}
                {props.full && e.moderator ? ` (${e.moderator})` : ''}
              </td>
              <td>
                {e.reasons.join(', ') || '—'}
                {e.policyVersion ? ` · policy v${e.policyVersion}` : ''}
              </td>
              <td>
                {e.commentId ? <a href={`/stories/${e.story.slug}/comments/${e.commentId}`}>{e.story.title}</a> : <a href={`/stories/${e.story.slug}`}>{e.story.title}</a>}
              </td>
              {props.full && (
                <td>
                  <strong>{e.author}</strong>: {e.text}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="pager" aria-label="Pages">
        {props.page > 1 && <a href={`${base}?${props.query}page=${props.page - 1}`}>← Newer</a>}
        {props.hasNext && <a href={`${base}?${props.query}page=${props.page + 1}`}>Older →</a>}
      </nav>
    </Layout>
  );
}

export function PolicyPage(props: {
  ctx: PageContext;
  csrf: string;
  policy: Policy;
  text: string;
  history: { version: number; createdAt: string; by: string | null; mode: string }[];
  error?: string;
  fields?: Record<string, string>;
}) {
  const { policy } = props;
  return (
    <Layout ctx={props.ctx} head={{ title: 'Comment policy', extra: [<meta name="robots" content="noindex" />] }}>
      <h1>Comment policy</h1>
      <p>
        Version {policy.version} is in force. Saving makes a new version; every decision records the version it was taken under. Back-test a change first:{' '}
        <code>parley export comments | parley classify --policy FILE</code>.
      </p>
      {props.error && (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/admin/policy" class="policy-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <label for="policy-text">Policy text shown above every comment form</label>
        <textarea id="policy-text" name="text" rows={3} maxLength={2000}>
          {props.text}
        </textarea>
        <label for="policy-mode">Site mode</label>
        <select id="policy-mode" name="mode">
          {[
            ['premoderate-suspicious', 'Pre-moderate suspicious comments (hold what the rules flag)'],
            ['premoderate-all', 'Pre-moderate everything'],
            ['postmoderate', 'Post-moderate (publish, review afterwards)'],
          ].map(([v, l]) => (
            <option key={v} value={v} selected={policy.mode === v}>
              {l}
            </option>
          ))}
        </select>
        <label for="policy-new">Hold the first comments of a new account when anything is flagged: how many</label>
        <input id="policy-new" name="newCommenterHoldCount" type="number" min={0} max={100} value={String(policy.newCommenterHoldCount)} />
        <table class="users">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Threshold (0–1)</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {CATEGORIES.map((c) => (
              <tr key={c}>
                <th scope="row">{c}</th>
                <td>
                  <label class="visually-hidden" for={`t-${c}`}>
                    Threshold for {c}
                  </label>
                  <input id={`t-${c}`} name={`${c}.threshold`} type="number" min={0} max={1} step={0.01} value={String(policy.categories[c].threshold)} />
                  {props.fields?.[`${c}.threshold`] && <small class="field-error">{props.fields[`${c}.threshold`]}</small>}
                </td>
                <td>
                  <label class="visually-hidden" for={`a-${c}`}>
                    Action for {c}
                  </label>
                  <select id={`a-${c}`} name={`${c}.action`}>
                    {['hold', 'reject', 'allow'].map((a) => (
                      <option key={a} value={a} selected={policy.categories[c].action === a}>
                        {a}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit">Save as version {policy.version + 1}</button>
      </form>
      <h2>History</h2>
      <ol class="history-list">
        {props.history.map((h) => (
          <li key={h.version}>
            Version {h.version} — {formatDateTime(h.createdAt)}, {h.by ?? 'the default at installation'}; mode {h.mode}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

export function InsightsPage(props: { ctx: PageContext; data: { insights: Insights; topReported: { slug: string; title: string; reports: number }[]; hours: number } }) {
  const { insights, topReported, hours } = props.data;
  const labels = insights.hours.map((h) => `${h.slice(11, 13)}h`);
  return (
    <Layout ctx={props.ctx} head={{ title: 'Moderation insights', extra: [<meta name="robots" content="noindex" />] }} island={false}>
      <h1>Moderation insights</h1>
      <p>
        The last {hours} hours: {plural(insights.total, 'comment')}; median time from posting to a moderator’s decision{' '}
        <strong>{insights.medianMinutesToDecision === null ? '—' : `${Math.round(insights.medianMinutesToDecision)} min`}</strong> ({plural(insights.decided, 'decision')}).
      </p>
      <BarChart title="Comments per hour" values={insights.commentsPerHour} labels={labels} unit="comments" />
      <BarChart title="Pending queue at the end of each hour" values={insights.queuePerHour} labels={labels} unit="comments" />
      <h2>Held and rejected, per rule</h2>
      <table class="users">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Held</th>
            <th scope="col">Rejected</th>
            <th scope="col">Share of all comments</th>
          </tr>
        </thead>
        <tbody>
          {insights.byCategory.map((c) => (
            <tr key={c.category}>
              <th scope="row">{c.category}</th>
              <td>{c.held}</td>
              <td>{c.rejected}</td>
              <td>{(c.share * 100).toFixed(1)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Most reported stories</h2>
      {topReported.length === 0 ? (
        <p class="empty">No reports in this period.</p>
      ) : (
        <ol>
          {topReported.map((s) => (
            <li key={s.slug}>
              <a href={`/moderate/reported?story=${encodeURIComponent(s.slug)}`}>{s.title}</a> — {plural(s.reports, 'report')}
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}

export function PartnersPage(props: { ctx: PageContext; csrf: string; feeds: Feed[]; authors: { id: number; name: string; publisher: string }[]; error?: string }) {
  const csrf = <input type="hidden" name="_csrf" value={props.csrf} />;
  return (
    <Layout ctx={props.ctx} head={{ title: 'Partner publishers', extra: [<meta name="robots" content="noindex" />] }}>
      <h1>Partner publishers</h1>
      {props.error && (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      )}
      <table class="users">
        <thead>
          <tr>
            <th scope="col">Partner</th>
            <th scope="col">State</th>
            <th scope="col">Last fetch</th>
            <th scope="col">Stories</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.feeds.map((f) => (
            <tr key={f.publisherId}>
              <td>
                <a href={`/publishers/${f.slug}`}>{f.name}</a>
                <br />
                <small>{f.feedUrl}</small>
              </td>
              <td>
                {f.removed ? 'removed' : f.active ? `active, every ${f.intervalMinutes} min` : 'paused'}
                {f.failures > 1 && <small> ({f.failures} failures in a row: retrying less often)</small>}
                {f.licence && <small> Licence: {f.licence}</small>}
              </td>
              <td>
                {f.lastSuccessAt ? `ok ${formatDateTime(f.lastSuccessAt)}` : 'never fetched'}
                {f.lastError && <small class="field-error"> Last error: {f.lastError}</small>}
                {f.nextRunAt && !f.removed && f.active && <small> Next: {formatDateTime(f.nextRunAt)}</small>}
              </td>
              <td>
                {f.itemsAdded} added, {f.itemsUpdated} updated
              </td>
              <td>
                {!f.removed && (
                  <>
                    <form method="post" action={`/admin/partners/${f.publisherId}/fetch`} class="inline">
                      {csrf}
                      <button type="submit">Fetch now</button>
                    </form>
                    <form method="post" action={`/admin/partners/${f.publisherId}/${f.active ? 'pause' : 'resume'}`} class="inline">
                      {csrf}
                      {f.active && (
                        <>
                          <label class="visually-hidden" for={`pause-${f.publisherId}`}>
                            Why pause {f.name}
                          </label>
                          <input id={`pause-${f.publisherId}`} name="reason" placeholder="why" required maxLength={500} />
                        </>
                      )}
                      <button type="submit">{f.active ? 'Pause' : 'Resume'}</button>
                    </form>
                    <details>
                      <summary>Remove</summary>
                      <form method="post" action={`/admin/partners/${f.publisherId}/remove`}>
                        {csrf}
                        <label for={`remove-${f.publisherId}`}>Why (every story of {f.name} is unpublished)</label>
                        <input id={`remove-${f.publisherId}`} name="reason" required maxLength={500} />
                        <button type="submit" class="danger">
                          Remove partner
                        </button>
                      </form>
                    </details>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Merge authors</h2>
      <p>When a partner’s feed spells one person’s byline two ways, fold one into the other: its stories move, and future items with that byline follow.</p>
      <form method="post" action="/admin/authors/merge" class="policy-form">
        {csrf}
        <label for="merge-from">Fold this author…</label>
        <select id="merge-from" name="fromId">
          {props.authors.map((a) => (
            <option key={a.id} value={String(a.id)}>
              {a.name} ({a.publisher})
            </option>
          ))}
        </select>
        <label for="merge-into">…into this one</label>
        <select id="merge-into" name="intoId">
          {props.authors.map((a) => (
            <option key={a.id} value={String(a.id)}>
              {a.name} ({a.publisher})
            </option>
          ))}
        </select>
        <button type="submit">Merge</button>
      </form>
      <h2>Add a partner</h2>
      <form method="post" action="/admin/partners" class="policy-form">
        {csrf}
        <label for="p-name">Name</label>
        <input id="p-name" name="name" required maxLength={200} />
        <label for="p-site">Website</label>
        <input id="p-site" name="siteUrl" type="url" required />
        <label for="p-feed">Feed (RSS, Atom or JSON Feed)</label>
        <input id="p-feed" name="feedUrl" type="url" required />
        <label for="p-every">Fetch every (minutes)</label>
        <input id="p-every" name="intervalMinutes" type="number" min={1} max={1440} value="30" />
        <label for="p-indexing">Search engines</label>
        <select id="p-indexing" name="indexing">
          <option value="canonical">canonical link to the original</option>
          <option value="noindex">noindex</option>
          <option value="noindex-news">kept out of Google News only (Googlebot-News noindex)</option>
        </select>
        <label for="p-attribution">Attribution banner ({'{publisher}'} becomes the name; empty for the standard credit)</label>
        <input id="p-attribution" name="attribution" maxLength={500} />
        <label for="p-licence">Licence note</label>
        <input id="p-licence" name="licence" maxLength={1000} />
        <label for="p-embeds">Video players it may embed (host names)</label>
        <input id="p-embeds" name="embedHosts" value="youtube.com, youtu.be, vimeo.com" maxLength={1000} />
        <label class="radio">
          <input type="checkbox" name="allowHost" value="1" /> The feed is on our own network: allow its host
        </label>
        <button type="submit">Add partner</button>
      </form>
    </Layout>
  );
}
