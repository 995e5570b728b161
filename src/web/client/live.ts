/**
 * The browser end of a story's live stream: an EventSource that resumes by Last-Event-ID (the
 * browser sends it on every reconnect), frames applied once each by their number, and — when the
 * stream cannot be held open (a proxy that buffers it, a server answering 503) — polling the JSON
 * twin every 15 s, trying the stream again every two minutes.
 */
import type { LiveUpdate as Frame } from '../live-update.ts';

export type { Frame };

const POLL_MS = 15_000;
const RETRY_STREAM_MS = 120_000;
const KINDS = ['comment', 'score', 'gone', 'reload'] as const;

export function connectLive(storyId: number, after: number, apply: (frame: Frame) => void): () => void {
  let last = after;
  const seen = new Set<number>();
  let source: EventSource | undefined;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let pollingSince = 0;
  let stopped = false;

  const take = (seq: number | undefined, frame: Frame) => {
    if (seq !== undefined) {
      if (seen.has(seq)) return;
      seen.add(seq);
      if (seq > last) last = seq;
    }
    apply(frame);
  };

  const stream = () => {
    source = new EventSource(`/api/stories/${storyId}/events?after=${last}`);
    for (const kind of KINDS) {
      source.addEventListener(kind, (e) => {
        const event = e as MessageEvent<string>;
        const seq = event.lastEventId ? Number(event.lastEventId) : undefined;
        take(seq, { kind, ...JSON.parse(event.data) } as Frame);
      });
    }
    source.onerror = () => {
      // The browser retries a dropped stream by itself; it gives up only when the answer was not a stream.
      if (source?.readyState === EventSource.CLOSED) {
        source = undefined;
        pollingSince = Date.now();
        schedulePoll();
      }
    };
  };

  const poll = async () => {
    try {
      const res = await fetch(`/api/stories/${storyId}/updates?after=${last}`, { headers: { accept: 'application/json' } });
      if (res.ok) {
        const body = (await res.json()) as { frames: Array<Frame & { seq?: number }>; last: number };
        for (const { seq, ...frame } of body.frames) take(seq, frame as Frame);
        if (body.last > last) last = body.last;
      }
    } catch {
      // Offline for now: the next poll tries again.
    }
    if (stopped) return;
    if (typeof EventSource === 'function' && Date.now() - pollingSince > RETRY_STREAM_MS) stream();
    else schedulePoll();
  };
  const schedulePoll = () => {
    if (!stopped) pollTimer = setTimeout(poll, POLL_MS);
  };

  if (typeof EventSource === 'function') stream();
  else {
    pollingSince = Date.now();
    schedulePoll();
  }
  return () => {
    stopped = true;
    source?.close();
    if (pollTimer) clearTimeout(pollTimer);
  };
}
