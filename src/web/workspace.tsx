/**
 * The moderator's queue: every item with what is needed to decide it (highlighted words, reasons,
 * the parent, the author's record, reports, the appeal) and plain forms for each decision. Hydrated,
 * it clears the queue from the keyboard: j/k move, a approve, r reject, x select, ? shows the keys.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { REPORT_RULE, type ReportReason } from '../domain/comment.ts';
import { CATEGORIES } from '../domain/moderation.ts';
import type { QueueItemView } from '../domain/review.ts';
import { formatDate, formatDateTime, plural } from './format.ts';

export const QUEUE_LABELS = { pending: 'Pending', reported: 'Reported', appeals: 'Appeals', recent: 'Recent', rejected: 'Rejected' } as const;
export type QueueKey = keyof typeof QUEUE_LABELS;

export interface QueueProps {
  queue: QueueKey;
  counts: Record<QueueKey, number>;
  /** The moderation log's position when the counts were read (see queueSnapshot). */
  version: number;
  items: QueueItemView[];
  csrf: string;
  query: string;
  page: number;
  hasNext: boolean;
}

/** Queue counts and the moderation log position they were read at. */
export interface QueueSnapshot {
  counts: Record<QueueKey, number>;
  version: number;
}

/** What a decision answers: the log entry it made, and the counts read after it. */
export interface Decided extends QueueSnapshot {
  decision: number;
}

export interface QueueApi {
  approve(id: number, revision: number): Promise<Decided>;
  reject(id: number, revision: number, category: string, note: string): Promise<Decided>;
  appeal(id: number, revision: number, upheld: boolean, outcome: string): Promise<Decided>;
  /** The first page of this queue again, with fresh counts. */
  reload(): Promise<QueueSnapshot & { items: QueueItemView[] }>;
  /** Live queue counts, and the comments that change; returns a function that stops listening. */
  watchCounts(onCounts: (snapshot: QueueSnapshot) => void, onChanged?: (commentId: number) => void): () => void;
}

const Hidden = ({ name, value }: { name: string; value: string }) => <input type="hidden" name={name} value={value} />;

function Item(props: { item: QueueItemView; csrf: string; queue: QueueKey; selected: boolean; checked: boolean; active: boolean; error?: string; changed?: boolean; onCheck: () => void; onAction?: (e: JSX.TargetedEvent<HTMLFormElement>, kind: string) => void }) {
  const { item, csrf } = props;
  const base = `/moderate/comments/${item.id}`;
  const reported = item.reports[0]?.reason as ReportReason | undefined;
  const defaultCategory = item.flags.find((f) => (CATEGORIES as readonly string[]).includes(f)) ?? (reported && REPORT_RULE[reported]) ?? 'incivility';
  return (
    <li id={`item-${item.id}`} class={`queue-item${props.active ? ' active' : ''}`} tabIndex={-1} aria-current={props.active ? 'true' : undefined}>
      <header>
        <label class="select">
          <input type="checkbox" form="bulk" name="item" value={`${item.id}:${item.revision}`} checked={props.checked} onChange={props.onCheck} /> Select
        </label>{' '}
        <a href={`/stories/${item.story.slug}/comments/${item.id}`}>{item.story.title}</a> · <time datetime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
        {item.flags.map((f) => (
          <span key={f} class={`flag ${f}`}>
            {f}
          </span>
        ))}
      </header>
      {props.changed && (
        <p class="notice" role="status">
          Changed since this page loaded: another moderator decided it, or its author edited it. Deciding now answers with what changed.
        </p>
      )}
      <p class="history">
        <strong>{item.author.name}</strong> — joined {formatDate(item.author.joined)}; {item.author.published} published, {item.author.held} held, {item.author.rejected} rejected;{' '}
        {plural(item.author.reportsMade, 'report')} made, {item.author.reportsUpheld} upheld
      </p>
      {item.parent && (
        <blockquote class="parent">
          In reply to {item.parent.authorName}: {item.parent.text}
        </blockquote>
      )}
      <p class="text">{item.segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : s.text))}</p>
      {item.reasons.length > 0 && (
        <ul class="reasons">
          {item.reasons.map((r, i) => (
            <li key={i}>
              <strong>{r.category}</strong>: {r.clause} {r.quotes.length > 0 && <>— {r.quotes.map((q) => `“${q}”`).join(', ')}</>}
            </li>
          ))}
        </ul>
      )}
      {item.reports.length > 0 && (
        <ul class="reports">
          {item.reports.map((r, i) => (
            <li key={i}>
              Reported: {r.reason}
              {r.text ? ` — ${r.text}` : ''}
            </li>
          ))}
        </ul>
      )}
      {item.appeal && <p class="appeal-text">Appeal: {item.appeal.text}</p>}
      {props.error && (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      )}
      <div class="decide">
        {props.queue === 'appeals' ? (
          <form method="post" action={`${base}/appeal`} onSubmit={props.onAction && ((e) => props.onAction!(e, 'appeal'))}>
            <Hidden name="_csrf" value={csrf} />
            <Hidden name="revision" value={String(item.revision)} />
            <label for={`outcome-${item.id}`}>Outcome for the author</label>
            <input id={`outcome-${item.id}`} name="outcome" required maxLength={1000} />
            <button type="submit" name="upheld" value="1">
              Uphold (publish)
            </button>{' '}
            <button type="submit" name="upheld" value="0" class="secondary">
              Deny
            </button>
          </form>
        ) : (
          <>
            {item.status !== 'published' || item.reports.length > 0 ? (
              <form method="post" action={`${base}/approve`} onSubmit={props.onAction && ((e) => props.onAction!(e, 'approve'))}>
                <Hidden name="_csrf" value={csrf} />
                <Hidden name="revision" value={String(item.revision)} />
                <button type="submit">Approve</button>
              </form>
            ) : null}
            {item.status !== 'published' || item.reports.length > 0 ? (
              <details class="redact">
                <summary>Redact and approve</summary>
                <form method="post" action={`${base}/redact`}>
                  <Hidden name="_csrf" value={csrf} />
                  <Hidden name="revision" value={String(item.revision)} />
                  <label for={`redact-${item.id}`}>Words to remove (exactly as written)</label>
                  <input id={`redact-${item.id}`} name="text" required maxLength={1000} value={item.reasons.find((r) => r.quotes.length)?.quotes[0] ?? ''} />
                  <label for={`redact-rule-${item.id}`}>Rule</label>
                  <select id={`redact-rule-${item.id}`} name="rule">
                    {CATEGORIES.map((c) => (
                      <option key={c} value={c} selected={c === defaultCategory}>
                        {c}
                      </option>
                    ))}
                  </select>
                  <button type="submit">Redact and approve</button>
                </form>
              </details>
            ) : null}
            <details class="sanction" id={`sanction-${item.id}`}>
              <summary>Suspend or ban {item.author.name}</summary>
              <form method="post" action={`/moderate/users/${item.author.id}/sanction`}>
                <Hidden name="_csrf" value={csrf} />
                <fieldset>
                  <legend>Sanction</legend>
                  <label class="radio">
                    <input type="radio" name="kind" value="suspend" checked /> Suspend for{' '}
                  </label>
                  <label class="visually-hidden" for={`days-${item.id}`}>
                    Days
                  </label>
                  <input id={`days-${item.id}`} name="days" type="number" min={1} max={365} value="7" class="days" /> days
                  <label class="radio">
                    <input type="radio" name="kind" value="ban" /> Ban
                  </label>
                </fieldset>
                <label for={`reason-${item.id}`}>Reason the account holder reads</label>
                <input id={`reason-${item.id}`} name="reason" required maxLength={1000} />
                <label class="radio">
                  <input type="checkbox" name="rejectRecent" value="1" /> Also reject their held comments and those of the last 7 days
                </label>
                <button type="submit" class="danger">
                  Apply
                </button>
              </form>
            </details>
            {item.status !== 'rejected' && (
              <form method="post" action={`${base}/reject`} class="reject" onSubmit={props.onAction && ((e) => props.onAction!(e, 'reject'))}>
                <Hidden name="_csrf" value={csrf} />
                <Hidden name="revision" value={String(item.revision)} />
                <label for={`category-${item.id}`}>Rule broken</label>
                <select id={`category-${item.id}`} name="category">
                  {CATEGORIES.map((c) => (
                    <option key={c} value={c} selected={c === defaultCategory}>
                      {c}
                    </option>
                  ))}
                </select>
                <label for={`note-${item.id}`}>Note to the author (optional)</label>
                <input id={`note-${item.id}`} name="note" maxLength={1000} />
                <button type="submit" class="danger">
                  Reject
                </button>
              </form>
            )}
          </>
        )}
      </div>
    </li>
  );
}

const KEYS: [string, string][] = [
  ['j / k', 'next / previous item'],
  ['a', 'approve'],
  ['r', 'reject for the rule selected'],
  ['x', 'select for a bulk decision'],
  ['b', 'suspend or ban the author'],
  ['?', 'show or hide these keys'],
];

export function Queue({ props, api }: { props: QueueProps; api?: QueueApi }) {
  const [items, setItems] = useState(props.items);
  const [counts, setCounts] = useState(props.counts);
  const [active, setActive] = useState(0);
  const [checked, setChecked] = useState<Set<number>>(new Set());
  const [errors, setErrors] = useState<Record<number, string>>({});
  const [help, setHelp] = useState(false);
  const [status, setStatus] = useState('');
  const listRef = useRef<HTMLOListElement>(null);
  // The queue's size as this page knows it: live counts above it mean new items are waiting.
  const [known, setKnown] = useState(props.counts[props.queue]);
  const [changed, setChanged] = useState<Set<number>>(new Set());
  // Counts arrive from the live stream and from every decision, in either order; the newest wins.
  const version = useRef(props.version);
  const applyCounts = (snapshot: QueueSnapshot) => {
    if (snapshot.version < version.current) return;
    version.current = snapshot.version;
    setCounts((c) => ({ ...c, ...snapshot.counts }));
    // Items decided elsewhere lower the count; only a rise above what this page knows is news.
    if (props.queue !== 'recent') setKnown((k) => Math.min(k, snapshot.counts[props.queue] ?? k));
  };
  const arrived = props.queue === 'recent' ? 0 : Math.max(0, counts[props.queue] - known);
  const replaceItems = (fresh: QueueSnapshot & { items: QueueItemView[] }) => {
    version.current = fresh.version;
    setItems(fresh.items);
    setCounts(fresh.counts);
    setKnown(fresh.counts[props.queue]);
    setActive(0);
  };
  const showArrived = async () => {
    replaceItems(await api!.reload());
    setChanged(new Set());
  };

  const done = (id: number, what: string, result: Decided) => {
    // Counts that already include this decision have lowered what the page knows; otherwise lower it now.
    if (result.decision > version.current) setKnown((k) => Math.max(0, k - 1));
    applyCounts(result);
    setItems((list) => list.filter((i) => i.id !== id));
    setStatus(`Comment ${id} ${what}.`);
  };
  useEffect(() => api?.watchCounts(applyCounts, (id) => setChanged((s) => (s.has(id) ? s : new Set(s).add(id)))), []);
  // A page cleared while more wait: fetch the next ones rather than saying the queue is empty.
  useEffect(() => {
    if (!api || items.length > 0 || props.queue === 'recent' || counts[props.queue] === 0) return;
    void api.reload().then(replaceItems);
  }, [items.length]);
  const act = async (item: QueueItemView, kind: string, form?: HTMLFormElement, submitter?: HTMLElement | null, rule?: string) => {
    if (!api) return;
    try {
      if (kind === 'approve') {
        done(item.id, 'approved', await api.approve(item.id, item.revision));
      } else if (kind === 'reject') {
        const li = document.getElementById(`item-${item.id}`);
        const category = rule ?? (li?.querySelector('form.reject select[name=category]') as HTMLSelectElement | null)?.value ?? item.flags[0] ?? 'incivility';
        const note = (li?.querySelector('form.reject input[name=note]') as HTMLInputElement | null)?.value ?? '';
        done(item.id, 'rejected', await api.reject(item.id, item.revision, category, note));
      } else if (kind === 'appeal' && form) {
        const data = new FormData(form);
        const upheld = submitter?.getAttribute('value') === '1';
        done(item.id, upheld ? 'published on appeal' : 'kept rejected on appeal', await api.appeal(item.id, item.revision, upheld, String(data.get('outcome') ?? '')));
      }
    } catch (err) {
      setErrors((e) => ({ ...e, [item.id]: (err as Error).message }));
    }
  };

  useEffect(() => {
    if (!api) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      const item = items[active];
      if (e.key === 'j') setActive((i) => Math.min(items.length - 1, i + 1));
      else if (e.key === 'k') setActive((i) => Math.max(0, i - 1));
      else if (e.key === '?') setHelp((h) => !h);
      else if (e.key === 'Escape') setHelp(false);
      else if (!item) return;
      else if (e.key === 'a' && props.queue !== 'appeals') void act(item, 'approve');
      else if (e.key === 'r' && props.queue !== 'appeals') void act(item, 'reject');
      else if (e.key === 'b') {
        const details = document.getElementById(`sanction-${item.id}`) as HTMLDetailsElement | null;
        if (details) {
          details.open = true;
          (details.querySelector('input[name=reason]') as HTMLInputElement | null)?.focus();
        }
      } else if (e.key === 'x')
        setChecked((s) => {
          const next = new Set(s);
          if (next.has(item.id)) next.delete(item.id);
          else next.add(item.id);
          return next;
        });
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });
  useEffect(() => {
    if (!api) return;
    if (active >= items.length && items.length) setActive(items.length - 1);
    const el = listRef.current?.children[Math.min(active, items.length - 1)] as HTMLElement | undefined;
    el?.focus({ preventScroll: false });
  }, [active, items.length]);

  const bulk = async (e: JSX.TargetedEvent<HTMLFormElement>) => {
    if (!api) return;
    e.preventDefault();
    const action = ((e as unknown as SubmitEvent).submitter?.getAttribute('value') ?? 'approve') as 'approve' | 'reject';
    const category = String(new FormData(e.currentTarget).get('category') ?? 'incivility');
    for (const item of items.filter((i) => checked.has(i.id))) {
      await act(item, action, undefined, undefined, category);
    }
    setChecked(new Set());
  };

  return (
    <div class="workspace">
      <nav class="queues" aria-label="Queues">
        {(Object.keys(QUEUE_LABELS) as QueueKey[]).map((q) => (
          <a key={q} href={`/moderate/${q}${props.query}`} aria-current={q === props.queue ? 'page' : undefined}>
            {QUEUE_LABELS[q]}
            {q !== 'recent' && <span class="count"> {counts[q]}</span>}
          </a>
        ))}
      </nav>
      <p class="keys-hint">
 <a href="/moderate/log">Moderation log</a> · <a href="/moderate/insights">Insights</a> · 
        Keys: j/k move · a approve · r reject · x select · b ban · <button type="button" class="link" onClick={() => setHelp((h) => !h)}>? all keys</button>
      </p>
      {help && (
        <div class="help" role="dialog" aria-label="Keyboard shortcuts">
          <dl>
            {KEYS.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      <p class="sr-status" role="status" aria-live="polite">
        {status}
      </p>
      <form id="bulk" method="post" action="/moderate/bulk" class="bulk" onSubmit={bulk}>
        <Hidden name="_csrf" value={props.csrf} />
        <Hidden name="queue" value={props.queue} />
        <span>{checked.size ? `${checked.size} selected` : 'Bulk:'}</span>
        <button type="submit" name="action" value="approve">
          Approve selected
        </button>
        <label for="bulk-category">rule</label>
        <select id="bulk-category" name="category">
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <button type="submit" name="action" value="reject" class="danger">
          Reject selected
        </button>
      </form>
      {items.length === 0 ? (
        <p class="empty">Nothing here. Well done.</p>
      ) : (
        <ol class="queue" ref={listRef}>
          {items.map((item, i) => (
            <Item
              key={item.id}
              item={item}
              csrf={props.csrf}
              queue={props.queue}
              selected={i === active}
              active={!!api && i === active}
              checked={checked.has(item.id)}
              error={errors[item.id]}
              changed={changed.has(item.id)}
              onCheck={() =>
                setChecked((s) => {
                  const next = new Set(s);
                  if (next.has(item.id)) next.delete(item.id);
                  else next.add(item.id);
                  return next;
                })
              }
              onAction={
                api &&
                ((e, kind) => {
                  e.preventDefault();
                  void act(item, kind, e.currentTarget, (e as unknown as SubmitEvent).submitter as HTMLElement | null);
                })
              }
            />
          ))}
        </ol>
      )}
      {api && arrived > 0 && (
        <div class="live-bar" role="status">
          <button type="button" onClick={() => void showArrived()}>
            {arrived} new in this queue — show
          </button>
        </div>
      )}
      <nav class="pager" aria-label="Pages">
        {props.page > 1 && <a href={`/moderate/${props.queue}${props.query}${props.query ? '&' : '?'}page=${props.page - 1}`}>← Previous</a>}
        {props.hasNext && <a href={`/moderate/${props.queue}${props.query}${props.query ? '&' : '?'}page=${props.page + 1}`}>Next →</a>}
      </nav>
    </div>
  );
}
