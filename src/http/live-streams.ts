/**
 * Story streams: the readers of each story page connected over server-sent events on this instance.
 * One bus subscription for all of them; an event for a story nobody here is reading costs nothing,
 * and one that has readers is read from the database once and written to each of them as the same
 * bytes. Every few seconds the live event log is read too, for the stories that have readers: that
 * catches what the bus did not carry (Redis down, an event published on another instance while this
 * one was reconnecting), so a Redis outage slows live updates to that pace instead of stopping them.
 * Frames carry the log's sequence number as their event id, so a reader who reconnects — to this
 * instance or another — asks for exactly what it missed.
 */
import type { ServerResponse } from 'node:http';
import type { Deps } from '../commands/deps.ts';
import type { ParleyEvent } from '../live/bus.ts';
import { framesFor, missedFrames, toLiveEvent, type LiveEvent, type LiveFrame } from '../queries/live.ts';
import { latestLiveSeq, liveEventsSince, pruneLiveEvents } from '../store/live-events.ts';

/** How far below the newest number seen the log is re-read: PostgreSQL may commit numbers out of order. */
const REREAD = 50;
/** Sequence numbers remembered per story, to send each event once. */
const REMEMBERED = 2000;
/** A reader this far behind (bytes not yet taken by the network) is dropped; it reconnects and catches up. */
const MAX_BUFFERED = 1 << 20;
const LOG_KEPT_MS = 24 * 3_600_000;
const PRUNE_EVERY_MS = 15 * 60_000;

interface Reader {
  /** Frames held back while the reader is being sent what it missed, so it gets them in order, once. */
  held: Array<{ seq?: number; text: string }> | null;
}

interface Room {
  readers: Map<ServerResponse, Reader>;
  seen: Set<number>;
  newest: number;
}

export interface StoryStreams {
  /** Starts streaming a story to a response whose headers are written; `after` is the last number the reader saw. */
  join(storyId: number, res: ServerResponse, after: number): Promise<void>;
  readers(): number;
  /** Ends every stream (the retry hint was sent first) and stops. */
  close(): void;
}

export function encodeFrame(frame: LiveFrame): string {
  const id = 'seq' in frame && frame.seq !== undefined ? `id: ${frame.seq}\n` : '';
  const { seq: _seq, kind, ...data } = frame as LiveFrame & { seq?: number };
  return `${id}event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function storyStreams(deps: Deps, options: { pollMs?: number; heartbeatMs?: number } = {}): StoryStreams {
  const rooms = new Map<number, Room>();
  let queued: Array<{ storyId: number; event: LiveEvent }> = [];
  let flushing = false;
  let closed = false;

  const remember = (room: Room, seq: number | undefined): boolean => {
    if (seq === undefined) return true;
    if (room.seen.has(seq)) return false;
    room.seen.add(seq);
    if (room.seen.size > REMEMBERED) room.seen.delete(room.seen.values().next().value!);
    if (seq > room.newest) room.newest = seq;
    return true;
  };

  const write = (res: ServerResponse, text: string) => {
    if (res.writableEnded) return;
    if (res.writableLength > MAX_BUFFERED) {
      res.end();
      return;
    }
    res.write(text);
  };

  const broadcast = async (items: Array<{ storyId: number; event: LiveEvent }>) => {
    const fresh = items.filter(({ storyId, event }) => {
      const room = rooms.get(storyId);
      return room !== undefined && remember(room, event.seq);
    });
    if (!fresh.length) return;
    const frames = await framesFor(deps, fresh.map((i) => i.event));
    fresh.forEach(({ storyId }, i) => {
      const room = rooms.get(storyId);
      if (!room) return;
      const frame = frames[i]!;
      const text = encodeFrame(frame);
      const seq = 'seq' in frame ? frame.seq : undefined;
      for (const [res, reader] of room.readers) {
        if (reader.held) reader.held.push({ seq, text });
        else write(res, text);
      }
    });
  };

  // Events arriving together (a burst of votes) are framed with one query.
  const flush = async () => {
    flushing = true;
    while (queued.length) {
      const batch = queued;
      queued = [];
      try {
        await broadcast(batch);
      } catch (err) {
        deps.log.warn({ err: (err as Error).message }, 'live frames could not be built');
      }
    }
    flushing = false;
  };

  const unsubscribe = deps.bus.subscribe((event: ParleyEvent) => {
    if (event.type === 'story.changed' || !rooms.has(event.storyId)) return;
    queued.push({ storyId: event.storyId, event: { seq: event.seq, type: event.type, commentId: event.commentId } });
    if (!flushing) setImmediate(flush);
  });

  // While the bus cannot carry other instances' events, readers hear them only from the log re-read
  // below: every reader is told when that starts and when it ends.
  let delayed = !deps.bus.connected();
  const checkDelay = () => {
    if (deps.bus.connected() === !delayed) return;
    delayed = !delayed;
    const text = encodeFrame({ kind: 'status', delayed });
    for (const room of rooms.values()) {
      for (const [res, reader] of room.readers) {
        if (reader.held) reader.held.push({ text });
        else write(res, text);
      }
    }
  };

  const poll = async () => {
    checkDelay();
    for (const [storyId, room] of rooms) {
      try {
        const rows = await liveEventsSince(deps.db, { storyIds: [storyId], after: Math.max(0, room.newest - REREAD), limit: 1000 });
        const missed = rows.filter((r) => !room.seen.has(r.seq));
        if (missed.length) queued.push(...missed.map((r) => ({ storyId, event: toLiveEvent(r) })));
      } catch (err) {
        deps.log.warn({ err: (err as Error).message }, 'live event log could not be read');
        return;
      }
    }
    if (queued.length && !flushing) await flush();
  };
  let polling = false;
  const pollTimer = setInterval(() => {
    if (polling || !rooms.size) return;
    polling = true;
    poll().finally(() => (polling = false));
  }, options.pollMs ?? 5000);
  // One timer keeps every stream alive through proxies that close idle connections.
  const heartbeat = setInterval(() => {
    for (const room of rooms.values()) for (const res of room.readers.keys()) write(res, ': keep-alive\n\n');
  }, options.heartbeatMs ?? 25_000);
  // The log only has to cover reconnects: a day is plenty. Every instance prunes; deleting twice is harmless.
  const prune = setInterval(() => {
    pruneLiveEvents(deps.db, new Date(deps.clock().getTime() - LOG_KEPT_MS)).catch((err) => deps.log.warn({ err: (err as Error).message }, 'live event log not pruned'));
  }, PRUNE_EVERY_MS);
  pollTimer.unref();
  heartbeat.unref();
  prune.unref();

  const leave = (storyId: number, res: ServerResponse) => {
    const room = rooms.get(storyId);
    if (!room?.readers.delete(res)) return;
    deps.metrics.sseClients.dec();
    if (!room.readers.size) rooms.delete(storyId);
  };

  return {
    async join(storyId, res, after) {
      // A reader with no number starts from now.
      if (after <= 0) after = await latestLiveSeq(deps.db, storyId);
      if (closed) {
        res.end();
        return;
      }
      let room = rooms.get(storyId);
      const fresh = !room;
      if (!room) {
        room = { readers: new Map(), seen: new Set(), newest: after };
        rooms.set(storyId, room);
      }
      const reader: Reader = { held: [] };
      room.readers.set(res, reader);
      deps.metrics.sseClients.inc();
      res.once('close', () => leave(storyId, res));
      // What this reader missed since its page was rendered (or since its last event), then what came meanwhile.
      const sent = new Set<number>();
      try {
        checkDelay();
        if (delayed) write(res, encodeFrame({ kind: 'status', delayed }));
        for (const frame of await missedFrames(deps, { storyId, after })) {
          if ('seq' in frame && frame.seq !== undefined) {
            sent.add(frame.seq);
            if (fresh) remember(room, frame.seq);
          }
          write(res, encodeFrame(frame));
        }
      } finally {
        for (const { seq, text } of reader.held!) if (seq === undefined || !sent.has(seq)) write(res, text);
        reader.held = null;
      }
    },
    readers() {
      let n = 0;
      for (const room of rooms.values()) n += room.readers.size;
      return n;
    },
    close() {
      closed = true;
      unsubscribe();
      clearInterval(pollTimer);
      clearInterval(heartbeat);
      clearInterval(prune);
      for (const [storyId, room] of rooms) {
        for (const res of [...room.readers.keys()]) {
          leave(storyId, res);
          res.end();
        }
      }
    },
  };
}
