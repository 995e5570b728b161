/**
 * The browser entry: hydrates the server-rendered discussion with the same component and gives
 * it the JSON API, so posting, replying, voting and reporting happen without a page reload, and the
 * story's live stream, so other readers' comments, votes and edits arrive without one either.
 */
import { hydrate } from 'preact';
import { Discussion, type Api, type DiscussionProps, type LiveSubscribe } from '../discussion.tsx';
import { connectLive } from './live.ts';

const root = document.getElementById('discussion-root');
const data = document.getElementById('discussion-props');

if (root && data) {
  const props = JSON.parse(data.textContent ?? '{}') as DiscussionProps;
  const csrf = props.viewer?.csrf ?? '';

  async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = res.status === 204 ? {} : await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(json?.error?.message ?? `Something went wrong (${res.status}). Please try again.`);
    return json as T;
  }

  const story = encodeURIComponent(props.storySlug);
  const api: Api = {
    post: (body, parentId) => call('POST', `/api/stories/${story}/comments`, parentId === null ? { body } : { body, parentId }),
    edit: (id, body) => call('PATCH', `/api/comments/${id}`, { body }),
    remove: (id) => call('DELETE', `/api/comments/${id}`),
    vote: (id, value) => call('PUT', `/api/comments/${id}/vote`, { value }),
    report: (id, reason, text) => call('POST', `/api/comments/${id}/reports`, text ? { reason, text } : { reason }),
    appeal: (id, text) => call('POST', `/api/comments/${id}/appeal`, { text }),
    check: (body) => call('POST', `/api/stories/${story}/comments/check`, { body }),
    more: (cursor) => call('GET', `/api/stories/${story}/comments?sort=${props.sort}&after=${encodeURIComponent(cursor)}`),
  };
  const live: LiveSubscribe | undefined = props.live && ((apply) => connectLive(props.live!.storyId, props.live!.after, apply));
  hydrate(<Discussion props={props} api={api} live={live} />, root);
  document.documentElement.classList.add('js');
}
