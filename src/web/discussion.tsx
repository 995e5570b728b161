/**
 * The discussion under a story: the policy, the form, sorting, the threaded comments with their
 * votes, replies, edits and the ∨ report menu. Rendered on the server as plain forms that work
 * without JavaScript, then hydrated in the browser, where the same forms post through the JSON API.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { REPORT_REASONS, type CommentSort } from '../domain/comment.ts';
import type { CommentView, ReasonView } from '../domain/thread.ts';
import { formatDateTime, plural } from './format.ts';
import { DELAYED_NOTICE, newCommentsLabel, type LiveSubscribe, type LiveUpdate } from './live-update.ts';

export type { LiveSubscribe, LiveUpdate };

export interface DiscussionProps {
  storySlug: string;
  commentsOpen: boolean;
  commentCount: number;
  policyText: string;
  viewer: { name: string; csrf: string } | null;
  loginUrl: string;
  sort: CommentSort;
  comments: CommentView[];
  nextCursor: string | null;
  /** Where the page's live stream starts (the story page; not a single thread's page). */
  live?: { storyId: number; after: number };
}

/** The browser-side actions; absent on the server, where the forms post to their actions. */
export interface Api {
  post(body: string, parentId: number | null): Promise<{ comment: CommentView; notice: string | null }>;
  edit(id: number, body: string): Promise<{ comment: CommentView; notice: string | null }>;
  remove(id: number): Promise<void>;
  vote(id: number, value: number): Promise<{ score: number; value: number }>;
  report(id: number, reason: string, text: string): Promise<void>;
  appeal(id: number, text: string): Promise<void>;
  /** The nudge: what would happen to this text, without posting it. */
  check(body: string): Promise<{ action: string; reasons: ReasonView[] }>;
  more(cursor: string): Promise<{ comments: CommentView[]; nextCursor: string | null }>;
}

const SORT_LABELS: Record<CommentSort, string> = { newest: 'Newest', oldest: 'Oldest', top: 'Top' };

type Mutate = (id: number, change: (c: CommentView) => CommentView | null) => void;

function mapTree(list: CommentView[], id: number, change: (c: CommentView) => CommentView | null): CommentView[] {
  const out: CommentView[] = [];
  for (const c of list) {
    if (c.id === id) {
      const next = change(c);
      if (next) out.push(next);
    } else out.push(c.replies.length ? { ...c, replies: mapTree(c.replies, id, change) } : c);
  }
  return out;
}

function findIn(list: CommentView[], id: number): CommentView | undefined {
  for (const c of list) {
    if (c.id === id) return c;
    const inner = findIn(c.replies, id);
    if (inner) return inner;
  }
  return undefined;
}

/** The fields a stream may change; what is the viewer's own (their vote, their edit form) stays. */
const refreshed = (old: CommentView, fresh: CommentView): CommentView => ({
  ...old,
  authorName: fresh.authorName,
  bodyHtml: fresh.bodyHtml,
  status: fresh.status,
  score: fresh.score,
  edited: fresh.edited,
});

function formData(e: JSX.TargetedEvent<HTMLFormElement>): FormData {
  e.preventDefault();
  return new FormData(e.currentTarget);
}

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p class="form-error" role="alert">
      {error}
    </p>
  ) : null;
}

function CommentForm(props: {
  action: string;
  csrf: string;
  parentId?: number;
  initial?: string;
  label: string;
  submit: string;
  onSubmit?: (body: string) => Promise<void>;
  check?: Api['check'];
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [warning, setWarning] = useState<{ body: string; reasons: ReasonView[] } | null>(null);
  const id = `body-${props.parentId ?? 'new'}-${props.initial === undefined ? 'c' : 'e'}`;
  const send = async (form: HTMLFormElement, body: string, confirmed: boolean) => {
    setBusy(true);
    setError(null);
    try {
      if (props.check && !confirmed) {
        const verdict = await props.check(body);
        if (verdict.action !== 'publish' && verdict.reasons.length) {
          setWarning({ body, reasons: verdict.reasons });
          return;
        }
      }
      setWarning(null);
      await props.onSubmit!(body);
      form.reset();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const submit = props.onSubmit
    ? (e: JSX.TargetedEvent<HTMLFormElement>) => {
        const form = e.currentTarget;
        const body = String(formData(e).get('body') ?? '');
        void send(form, body, warning?.body === body);
      }
    : undefined;
  return (
    <form class="comment-form" method="post" action={props.action} onSubmit={submit}>
      <Csrf token={props.csrf} />
      {props.parentId !== undefined && <input type="hidden" name="parentId" value={String(props.parentId)} />}
      <label for={id}>{props.label}</label>
      <textarea id={id} name="body" rows={props.parentId === undefined ? 4 : 3} maxLength={5000} required>
        {props.initial ?? ''}
      </textarea>
      <ErrorLine error={error} />
      {warning && (
        <div class="nudge" role="alert">
          <p>This looks like it breaks the comment policy:</p>
          <Reasons reasons={warning.reasons} />
          <p>Edit it, or post it anyway and a moderator will decide.</p>
        </div>
      )}
      <p class="form-hint">Markdown: *emphasis*, **strong**, [links](https://…), &gt; quotes, `code`, lists.</p>
      <button type="submit" disabled={busy}>
        {warning ? 'Post anyway' : props.submit}
      </button>
    </form>
  );
}

function VoteButtons({ c, csrf, api, mutate, loginUrl }: { c: CommentView; csrf?: string; api?: Api; mutate: Mutate; loginUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  if (!csrf) {
    return (
      <span class="votes">
        <span class="score" aria-label={`Score ${c.score}`}>
          {c.score}
        </span>
        <a class="vote-login" href={loginUrl}>
          Log in to vote
        </a>
      </span>
    );
  }
  const submit = api
    ? async (e: JSX.TargetedEvent<HTMLFormElement>) => {
        e.preventDefault();
        const value = Number((e as unknown as SubmitEvent).submitter?.getAttribute('value') ?? 0);
        try {
          const r = await api.vote(c.id, value);
          mutate(c.id, (x) => ({ ...x, score: r.score, myVote: r.value as CommentView['myVote'] }));
          setError(null);
        } catch (err) {
          setError((err as Error).message);
        }
      }
    : undefined;
  return (
    <form class="votes" method="post" action={`/comments/${c.id}/vote`} onSubmit={submit}>
      <Csrf token={csrf} />
      <button
        type="submit"
        name="value"
        value={c.myVote === 1 ? '0' : '1'}
        class={c.myVote === 1 ? 'vote up on' : 'vote up'}
        aria-pressed={c.myVote === 1}
        aria-label="Vote up"
      >
        ▲
      </button>
      <span class="score" aria-label={`Score ${c.score}`}>
        {c.score}
      </span>
      <button
        type="submit"
        name="value"
        value={c.myVote === -1 ? '0' : '-1'}
        class={c.myVote === -1 ? 'vote down on' : 'vote down'}
        aria-pressed={c.myVote === -1}
        aria-label="Vote down"
      >
        ▼
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

function ReportMenu({ c, csrf, api, mutate }: { c: CommentView; csrf: string; api?: Api; mutate: Mutate }) {
  const [error, setError] = useState<string | null>(null);
  if (c.reported) return <span class="reported">Reported — thank you</span>;
  const submit = api
    ? async (e: JSX.TargetedEvent<HTMLFormElement>) => {
        const data = formData(e);
        try {
          await api.report(c.id, String(data.get('reason') ?? ''), String(data.get('text') ?? ''));
          mutate(c.id, (x) => ({ ...x, reported: true }));
        } catch (err) {
          setError((err as Error).message);
        }
      }
    : undefined;
  return (
    <details class="menu">
      <summary aria-label="Report this comment">∨</summary>
      <form class="report-form" method="post" action={`/comments/${c.id}/report`} onSubmit={submit}>
        <Csrf token={csrf} />
        <fieldset>
          <legend>Report this comment instead of replying to it</legend>
          {Object.entries(REPORT_REASONS).map(([value, label], i) => (
            <label key={value} class="radio">
              <input type="radio" name="reason" value={value} required checked={i === 0} /> {label}
            </label>
          ))}
          <label for={`report-text-${c.id}`}>Details (needed for “Other”)</label>
          <input id={`report-text-${c.id}`} name="text" maxLength={500} />
        </fieldset>
        <ErrorLine error={error} />
        <button type="submit">Report</button>
      </form>
    </details>
  );
}

/** A statement's reasons: the rule, the words quoted, what to do. */
export function Reasons({ reasons }: { reasons: ReasonView[] }) {
  return (
    <ul class="reasons">
      {reasons.map((r, i) => (
        <li key={i}>
          <strong>{r.clause}</strong>
          {r.quotes.length > 0 && <> — {r.quotes.map((q) => `“${q}”`).join(', ')}</>}. {r.remedy}
        </li>
      ))}
    </ul>
  );
}

/** What the author of a held or rejected comment reads: why, and what they can do. */
function Statement({ c, csrf, api, mutate }: { c: CommentView; csrf: string; api?: Api; mutate: Mutate }) {
  const [error, setError] = useState<string | null>(null);
  const held = c.status === 'held';
  const submit = api
    ? async (e: JSX.TargetedEvent<HTMLFormElement>) => {
        const text = String(formData(e).get('text') ?? '');
        try {
          await api.appeal(c.id, text);
          mutate(c.id, (x) => ({ ...x, appeal: { status: 'open', outcome: null } }));
        } catch (err) {
          setError((err as Error).message);
        }
      }
    : undefined;
  return (
    <div class={`statement ${c.status}`} role="status">
      <p>
        <strong>{held ? 'Awaiting review' : 'Not published'}</strong> — only you can see this comment
        {held ? ' until a moderator approves it.' : '.'} {c.notice}
      </p>
      {c.reasons && c.reasons.length > 0 && <Reasons reasons={c.reasons} />}
      <p class="form-hint">You can edit it and post it again{c.appeal ? '.' : ', or ask a moderator to look again.'}</p>
      {c.appeal ? (
        <p class="appealed">
          {c.appeal.status === 'open' ? 'Appeal sent — a moderator will review it.' : `Appeal ${c.appeal.status}: ${c.appeal.outcome ?? ''}`}
        </p>
      ) : (
        c.reasons !== null && (
          <details class="appeal">
            <summary>Appeal</summary>
            <form method="post" action={`/comments/${c.id}/appeal`} onSubmit={submit}>
              <input type="hidden" name="_csrf" value={csrf} />
              <label for={`appeal-${c.id}`}>Why does this comment keep to the policy?</label>
              <textarea id={`appeal-${c.id}`} name="text" rows={2} maxLength={1000} required />
              <ErrorLine error={error} />
              <button type="submit">Send appeal</button>
            </form>
          </details>
        )
      )}
    </div>
  );
}

function CommentItem(props: { c: CommentView; ctx: Ctx }) {
  const { c, ctx } = props;
  const csrf = ctx.props.viewer?.csrf;
  const [error, setError] = useState<string | null>(null);
  const deleted = c.status === 'deleted';
  return (
    <li id={`c${c.id}`} class={`comment ${c.status}`}>
      <article aria-label={deleted ? 'Deleted comment' : `Comment by ${c.authorName}`}>
        {deleted ? (
          <p class="placeholder">This comment was deleted.</p>
        ) : (
          <>
            <header>
              <strong class="author">{c.authorName}</strong>{' '}
              <a class="permalink" href={`/stories/${ctx.props.storySlug}/comments/${c.id}`}>
                <time datetime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
              </a>
              {c.edited && <span class="edited"> · edited</span>}
              {c.inReplyTo && (
                <span class="in-reply-to">
                  {' '}
                  · in reply to <a href={`#c${c.inReplyTo.id}`}>{c.inReplyTo.authorName}</a>
                </span>
              )}
            </header>
            {(c.status === 'held' || c.status === 'rejected') && csrf && <Statement c={c} csrf={csrf} api={ctx.api} mutate={ctx.mutate} />}
            {c.status === 'published' && c.appeal?.status === 'upheld' && (
              <p class="notice" role="status">
                Your appeal was upheld and the comment is published. {c.appeal.outcome}
              </p>
            )}
            <div class="body" dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
            <footer class="actions">
              {c.status === 'published' && <VoteButtons c={c} csrf={csrf} api={ctx.api} mutate={ctx.mutate} loginUrl={ctx.props.loginUrl} />}
              {csrf && c.status === 'published' && ctx.props.commentsOpen && (
                <details class="reply">
                  <summary>Reply</summary>
                  <CommentForm
                    action={`/stories/${ctx.props.storySlug}/comments`}
                    csrf={csrf}
                    parentId={c.id}
                    label={`Reply to ${c.authorName}`}
                    submit="Post reply"
                    onSubmit={ctx.api && ((body) => ctx.reply(body, c.id))}
                    check={ctx.api?.check}
                  />
                </details>
              )}
              {csrf && c.canEdit && (
                <details class="edit">
                  <summary>Edit</summary>
                  <CommentForm
                    action={`/comments/${c.id}/edit`}
                    csrf={csrf}
                    initial={c.bodyMd ?? ''}
                    label="Edit your comment"
                    submit="Save"
                    onSubmit={ctx.api && ((body) => ctx.edit(c.id, body))}
                    check={ctx.api?.check}
                  />
                </details>
              )}
              {csrf && c.mine && (
                <form
                  class="delete"
                  method="post"
                  action={`/comments/${c.id}/delete`}
                  onSubmit={
                    ctx.api &&
                    (async (e) => {
                      e.preventDefault();
                      if (!confirm('Delete this comment?')) return;
                      try {
                        await ctx.api!.remove(c.id);
                        ctx.mutate(c.id, (x) => ({ ...x, status: 'deleted', bodyHtml: '', authorName: '', mine: false, canEdit: false }));
                      } catch (err) {
                        setError((err as Error).message);
                      }
                    })
                  }
                >
                  <Csrf token={csrf} />
                  <button type="submit" class="link">
                    Delete
                  </button>
                </form>
              )}
              {csrf && !c.mine && c.status === 'published' && <ReportMenu c={c} csrf={csrf} api={ctx.api} mutate={ctx.mutate} />}
            </footer>
            <ErrorLine error={error} />
          </>
        )}
      </article>
      {c.replies.length > 0 && <CommentList comments={c.replies} ctx={ctx} />}
      {c.moreReplies > 0 && (
        <p class="more-replies">
          <a href={`/stories/${ctx.props.storySlug}/comments/${c.id}`}>{plural(c.moreReplies, 'more reply', 'more replies')}</a>
        </p>
      )}
    </li>
  );
}

function CommentList({ comments, ctx }: { comments: CommentView[]; ctx: Ctx }) {
  return (
    <ol class="comments">
      {comments.map((c) => (
        <CommentItem key={c.id} c={c} ctx={ctx} />
      ))}
    </ol>
  );
}

interface Ctx {
  props: DiscussionProps;
  api?: Api;
  mutate: Mutate;
  reply: (body: string, parentId: number) => Promise<void>;
  edit: (id: number, body: string) => Promise<void>;
}

export function Discussion({ props, api, live }: { props: DiscussionProps; api?: Api; live?: LiveSubscribe }) {
  const [comments, setComments] = useState(props.comments);
  const [nextCursor, setNextCursor] = useState(props.nextCursor);
  const [loading, setLoading] = useState(false);
  // New comments from the stream wait here until the reader asks for them.
  const [pending, setPending] = useState<CommentView[]>([]);
  const [stale, setStale] = useState(false);
  const [delayed, setDelayed] = useState(false);
  const tree = useRef(comments);
  tree.current = comments;
  const mutate: Mutate = (id, change) => setComments((list) => mapTree(list, id, change));
  useEffect(() => {
    if (!live) return undefined;
    return live((u) => {
      if (u.kind === 'reload') return setStale(true);
      if (u.kind === 'status') return setDelayed(u.delayed);
      if (u.kind === 'comment') {
        if (findIn(tree.current, u.comment.id)) mutate(u.comment.id, (old) => refreshed(old, u.comment));
        else setPending((list) => [...list.filter((c) => c.id !== u.comment.id), u.comment]);
      } else if (u.kind === 'score') {
        mutate(u.commentId, (c) => ({ ...c, score: u.score }));
        setPending((list) => list.map((c) => (c.id === u.commentId ? { ...c, score: u.score } : c)));
      } else {
        setPending((list) => list.filter((c) => c.id !== u.commentId));
        const old = findIn(tree.current, u.commentId);
        // The author keeps seeing their own comment (and why it was taken down) until they reload.
        if (!old || (old.mine && !u.deleted)) return;
        mutate(u.commentId, (c) => (u.deleted ? { ...c, status: 'deleted', bodyHtml: '', authorName: '', mine: false, canEdit: false } : null));
      }
    });
  }, []);
  const showPending = () => {
    setComments((list) => {
      let next = list;
      for (const c of pending) {
        if (findIn(next, c.id)) continue;
        if (c.parentId === null) next = props.sort === 'oldest' ? [...next, c] : [c, ...next];
        else if (findIn(next, c.parentId)) next = mapTree(next, c.parentId, (p) => ({ ...p, replies: [...p.replies, c] }));
      }
      return next;
    });
    setPending([]);
  };
  const ctx: Ctx = {
    props,
    api,
    mutate,
    async reply(body, parentId) {
      const r = await api!.post(body, parentId);
      mutate(parentId, (p) => ({ ...p, replies: [...p.replies, r.comment] }));
    },
    async edit(id, body) {
      const r = await api!.edit(id, body);
      mutate(id, (old) => ({ ...r.comment, replies: old.replies, moreReplies: old.moreReplies, inReplyTo: old.inReplyTo }));
    },
  };
  const postTop = api
    ? async (body: string) => {
        const r = await api.post(body, null);
        setComments((list) => (props.sort === 'oldest' ? [...list, r.comment] : [r.comment, ...list]));
        }
    : undefined;
  const loadMore = async (e: JSX.TargetedMouseEvent<HTMLAnchorElement>) => {
    if (!api || !nextCursor) return;
    e.preventDefault();
    setLoading(true);
    try {
      const page = await api.more(nextCursor);
      setComments((list) => [...list, ...page.comments.filter((c) => !list.some((x) => x.id === c.id))]);
      setNextCursor(page.nextCursor);
    } finally {
      setLoading(false);
    }
  };
  const base = `/stories/${props.storySlug}`;
  return (
    <section class="discussion" aria-labelledby="discussion-heading">
      <h2 id="discussion-heading">{plural(props.commentCount, 'comment')}</h2>
      <aside class="policy" aria-label="Comment policy">
        <p>{props.policyText}</p>
      </aside>
      {!props.commentsOpen ? (
        <p class="closed">Comments are closed on this story.</p>
      ) : props.viewer ? (
        <CommentForm action={`${base}/comments`} csrf={props.viewer.csrf} label={`Comment as ${props.viewer.name}`} submit="Post comment" onSubmit={postTop} check={api?.check} />
      ) : (
        <p class="join">
          <a href={props.loginUrl}>Log in</a> or <a href="/signup">sign up</a> to join the discussion.
        </p>
      )}
      <nav class="sort" aria-label="Sort comments">
        Sort:{' '}
        {(Object.keys(SORT_LABELS) as CommentSort[]).map((s) => (
          <a key={s} href={`${base}?sort=${s}#discussion-heading`} aria-current={s === props.sort ? 'true' : undefined}>
            {SORT_LABELS[s]}
          </a>
        ))}
      </nav>
      {comments.length ? <CommentList comments={comments} ctx={ctx} /> : <p class="empty">No comments yet.</p>}
      {nextCursor && (
        <p class="more">
          <a href={`${base}?sort=${props.sort}&after=${nextCursor}#discussion-heading`} onClick={loadMore} aria-busy={loading}>
            More comments
          </a>
        </p>
      )}
      {live && (
        <div class="live-bar" role="status">
          {delayed && <p class="live-delayed">{DELAYED_NOTICE}</p>}
          {stale ? (
            <a class="button" href={`${base}?sort=${props.sort}#discussion-heading`}>
              Many new comments — reload
            </a>
          ) : (
            pending.length > 0 && (
              <button type="button" onClick={showPending}>
                {newCommentsLabel(pending.length)}
              </button>
            )
          )}
        </div>
      )}
    </section>
  );
}
