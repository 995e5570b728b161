/** The browser entry for the moderator workspace: hydrates the queue and gives it the moderation API. */
import { hydrate } from 'preact';
import { Queue, type Decided, type QueueApi, type QueueProps } from '../workspace.tsx';

const root = document.getElementById('queue-root');
const data = document.getElementById('queue-props');

if (root && data) {
  const props = JSON.parse(data.textContent ?? '{}') as QueueProps;
  const call = async (url: string, body: unknown) => {
    const res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': props.csrf },
      body: JSON.stringify(body),
    });
    if (!res.ok) {
      const json = await res.json().catch(() => ({}));
      throw new Error(json?.error?.message ?? `Something went wrong (${res.status}).`);
    }
    return (await res.json()) as Decided;
  };
  const api: QueueApi = {
    // Live counts while the tab is visible: a hidden tab gives its connection back (browsers allow
    // six per host) and catches up when shown again.
    watchCounts: (onCounts, onChanged) => {
      if (typeof EventSource === 'undefined') return () => {};
      let source: EventSource | undefined;
      const open = () => {
        if (source || document.visibilityState === 'hidden') return;
        source = new EventSource('/api/moderation/events');
        source.addEventListener('counts', (e) => onCounts(JSON.parse((e as MessageEvent).data)));
        source.addEventListener('changed', (e) => onChanged?.(JSON.parse((e as MessageEvent).data).commentId));
      };
      const close = () => {
        source?.close();
        source = undefined;
      };
      const onVisibility = () => (document.visibilityState === 'hidden' ? close() : open());
      document.addEventListener('visibilitychange', onVisibility);
      window.addEventListener('pagehide', close);
      open();
      return () => {
        document.removeEventListener('visibilitychange', onVisibility);
        window.removeEventListener('pagehide', close);
        close();
      };
    },
    approve: (id, revision) => call(`/api/moderation/comments/${id}/approve`, { revision }),
    reject: (id, revision, category, note) => call(`/api/moderation/comments/${id}/reject`, note ? { revision, category, note } : { revision, category }),
    appeal: (id, revision, upheld, outcome) => call(`/api/moderation/comments/${id}/appeal`, { revision, upheld, outcome }),
    reload: async () => {
      const res = await fetch(`/api/moderation/queues/${props.queue}${props.query}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`Could not load the queue (${res.status}).`);
      return res.json();
    },
  };
  hydrate(<Queue props={props} api={api} />, root);
  document.documentElement.classList.add('js');
}
