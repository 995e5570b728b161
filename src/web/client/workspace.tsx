/** The browser entry for the moderator workspace: hydrates the queue and gives it the moderation API. */
import { hydrate } from 'preact';
import { Queue, type QueueApi, type QueueProps } from '../workspace.tsx';

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
  };
  const api: QueueApi = {
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
