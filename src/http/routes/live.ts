/**
 * Server-sent events for the moderator workspace: the queue counts, sent when they may have changed
 * (any comment event, at most every 300 ms) and a comment line every 25 s to keep proxies from closing
 * the stream. In-process today; with a shared bus every instance's moderators see the same counts.
 */
import type { FastifyInstance } from 'fastify';
import { requireModerator } from '../../commands/review.ts';
import { queueCounts } from '../../store/review.ts';
import type { HttpContext } from '../context.ts';

const DEBOUNCE_MS = 300;
const HEARTBEAT_MS = 25_000;

export function liveRoutes(app: FastifyInstance, http: HttpContext) {
  const { deps } = http;
  const open = new Set<() => void>();
  // Streams never end by themselves: close them when the server closes, with the retry hint already sent.
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  app.get('/api/moderation/events', { schema: { tags: ['moderation'], summary: 'Queue counts as server-sent events (event: counts)' } }, async (req, reply) => {
    requireModerator(req.user);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const send = async () => {
      timer = undefined;
      if (closed) return;
      try {
        const counts = await queueCounts(deps.db);
        if (!closed) res.write(`event: counts\ndata: ${JSON.stringify(counts)}\n\n`);
      } catch (err) {
        req.log.warn({ err }, 'queue counts for the event stream failed');
      }
    };
    const unsubscribe = deps.bus.subscribe((event) => {
      if (event.type.startsWith('comment.') && !timer) timer = setTimeout(send, DEBOUNCE_MS);
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
