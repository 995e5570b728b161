/**
 * The browser end of a story's live stream: an EventSource that resumes by Last-Event-ID (the
 * browser sends it on every reconnect), frames applied once each by their number, and — when the
 * stream cannot be held open (a proxy that buffers it, a server answering 503) — polling the JSON
 * twin every 15 s, trying the stream again every two minutes. The page hears a `status` update
 * whenever updates start or stop running behind: while it polls, or while the server says its
 * instances cannot reach each other at once.
 */
import type { LiveUpdate as Frame } from '../live-update.ts';

export type { Frame };

const POLL_MS = 15_000;
const RETRY_STREAM_MS = 120_000;
const KINDS = ['comment', 'score', 'gone', 'reload', 'status'] as const;

export function connectLive(storyId: number, after: number, apply: (frame: Frame) => void): () => void {
  let last = after;
  const seen = new Set<number>();
  let source: EventSource | undefined;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let pollingSince = 0;
  let stopped = false;
  let serverDelayed = false;
  let told = false;
  const tell = () => {
    const delayed = serverDelayed || pollingSince > 0;
    if (delayed !== told) apply({ kind: 'status', delayed: (told = delayed) });
  };

  const take = (seq: number | undefined, frame: Frame) => {
    if (frame.kind === 'status') {
      serverDelayed = frame.delayed;
      return tell();
    }
    if (seq !== undefined) {
      if (seen.has(seq)) return;
      seen.add(seq);
      if (seq > last) last = seq;
    }
    apply(frame);
  };

  const stream = () => {
    source = new EventSource(`/api/stories/${storyId}/events?after=${last}`);
    source.onopen = () => {
      pollingSince = 0;
      tell();
    };
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
        tell();
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
    // Polling is this browser's normal, not a delay worth a notice.
    schedulePoll();
  }
  return () => {
    stopped = true;
    source?.close();
    if (pollTimer) clearTimeout(pollTimer);
  };
}
