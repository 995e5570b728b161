/**
 * Server-sent events. A story page's stream (`/api/stories/:slug/events`): its comments as they are
 * posted, edited, voted on, deleted or removed, resumable by Last-Event-ID, with a JSON twin
 * (`…/updates?after=N`) for readers whose connection cannot hold a stream open. The moderator
 * workspace's stream: `changed` with a comment's number as soon as it changes, and the queue counts
 * when they may have changed (at most every 300 ms). Both send a comment line every 25 s to keep proxies from closing them, and end with
 * a retry hint when the server shuts down. With a shared bus, every instance's readers see every event.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { requireModerator } from '../../commands/review.ts';
import { AppError } from '../../errors.ts';
import { missedFrames } from '../../queries/live.ts';
import { visibleStory, visibleStoryById } from '../../queries/discussion.ts';
import { queueSnapshot } from '../../store/review.ts';
import { latestLiveSeq } from '../../store/live-events.ts';
import type { HttpContext } from '../context.ts';
import { storyStreams } from '../live-streams.ts';

const StoryParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) });
const AfterQuery = Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false });

const EVENT_STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/** The last event a reader saw: the Last-Event-ID header on a reconnect, else `?after=` from the page. */
function lastSeen(req: FastifyRequest): number {
  const header = req.headers['last-event-id'];
  if (typeof header === 'string' && header !== '') {
    if (!/^\d{1,15}$/.test(header)) throw new AppError('validation_failed', 'Last-Event-ID must be an event number.');
    return Number(header);
  }
  return (req.query as { after?: number }).after ?? 0;
}

const DEBOUNCE_MS = 300;
const HEARTBEAT_MS = 25_000;

export function liveRoutes(app: FastifyInstance, http: HttpContext) {
  const { deps } = http;
  const open = new Set<() => void>();
  const stories = storyStreams(deps);
  // Streams never end by themselves: close them when the server closes, with the retry hint already sent.
  app.addHook('preClose', async () => {
    stories.close();
    for (const end of open) end();
  });

  /** A story readers can see, by its slug or its number. */
  const liveStory = (slug: string) => (/^\d+$/.test(slug) ? visibleStoryById(deps, Number(slug)) : visibleStory(deps, slug));

  app.get(
    '/api/stories/:slug/events',
    {
      schema: {
        tags: ['stories'],
        summary: 'A story’s comments as they change, as server-sent events (comment, score, gone, reload); resumes from Last-Event-ID or ?after=',
        params: StoryParams,
        querystring: AfterQuery,
      },
    },
    async (req, reply: FastifyReply) => {
      const story = await liveStory((req.params as { slug: string }).slug);
      const after = lastSeen(req);
      // Taken over from Fastify, so the headers it holds (the security headers) are written here.
      const headers = { ...reply.getHeaders(), ...EVENT_STREAM_HEADERS } as OutgoingHttpHeaders;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, headers);
      res.write('retry: 3000\n\n');
      try {
        await stories.join(story.id, res, after);
      } catch (err) {
        req.log.warn({ err: (err as Error).message }, 'live stream could not start');
        res.end();
      }
    },
  );

  app.get(
    '/api/stories/:slug/updates',
    {
      schema: {
        tags: ['stories'],
        summary: 'What changed on a story after event number `after`, for readers without a stream (poll it)',
        params: StoryParams,
        querystring: AfterQuery,
      },
    },
    async (req) => {
      const story = await liveStory((req.params as { slug: string }).slug);
      const after = lastSeen(req);
      if (after === 0) return { frames: [], last: await latestLiveSeq(deps.db, story.id) };
      const frames = await missedFrames(deps, { storyId: story.id, after });
      const last = frames.reduce((n, f) => ('seq' in f && f.seq !== undefined && f.seq > n ? f.seq : n), after);
      return { frames, last };
    },
  );

  app.get('/api/moderation/events', { schema: { tags: ['moderation'], summary: 'Queue counts as server-sent events (event: counts, with the moderation log position they were read at; event: changed)' } }, async (req, reply) => {
    requireModerator(req.user);
    const headers = { ...reply.getHeaders(), ...EVENT_STREAM_HEADERS } as OutgoingHttpHeaders;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, headers);
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const send = async () => {
      timer = undefined;
      if (closed) return;
      try {
        const snapshot = await queueSnapshot(deps.db);
        if (!closed) res.write(`event: counts\ndata: ${JSON.stringify(snapshot)}\n\n`);
      } catch (err) {
        req.log.warn({ err }, 'queue counts for the event stream failed');
      }
    };
    const unsubscribe = deps.bus.subscribe((event) => {
      if (event.type === 'story.changed' || closed) return;
      // Which comment changed, at once: a queue showing it marks it (decided elsewhere, or edited).
      if (event.type !== 'comment.voted') res.write(`event: changed\ndata: ${JSON.stringify({ commentId: event.commentId })}\n\n`);
      if (!timer) timer = setTimeout(send, DEBOUNCE_MS);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    res.write('retry: 5000\n\n');
    await send();
    const end = () => {
      if (closed) return;
      closed = true;
      deps.metrics.sseClients.dec();
      open.delete(end);
      unsubscribe();
      clearInterval(heartbeat);
      if (timer) clearTimeout(timer);
      res.end();
    };
    open.add(end);
    deps.metrics.sseClients.inc();
    req.raw.on('close', end);
  });
}
