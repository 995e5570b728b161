/**
 * A server-sent events reader on a plain socket (node:http), as a browser's EventSource reads a
 * stream: it keeps the frames with their id and event name, can wait for one that matches, and
 * reports whether the stream ended or failed, so a test can tell that no error reached the reader.
 */
import { request } from 'node:http';

export interface Frame {
  id?: string;
  event: string;
  data: unknown;
  at: number;
}

export interface EventStream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  frames: Frame[];
  /** Set when the stream ended or failed, with why. */
  ended?: string;
  /** The reconnection delay the server asked for (the last `retry:` field), in milliseconds. */
  retry?: number;
  /** The first frame (from index `since`, default the first ever received) that matches, within the timeout. */
  waitFor(match: (f: Frame) => boolean, timeoutMs?: number, since?: number): Promise<Frame>;
  close(): void;
}

export function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const frames: Frame[] = [];
      const listeners = new Set<() => void>();
      const stream: EventStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        frames,
        waitFor(match, timeoutMs = 5000, since = 0) {
          return new Promise((ok, fail) => {
            let from = since;
            const check = () => {
              for (; from < frames.length; from++) {
                if (match(frames[from]!)) {
                  done();
                  ok(frames[from]!);
                  return;
                }
              }
              if (stream.ended) {
                done();
                fail(new Error(`the stream ended (${stream.ended}) before a matching event`));
              }
            };
            const timer = setTimeout(() => {
              done();
              fail(new Error(`no matching event within ${timeoutMs} ms; last frames: ${JSON.stringify(frames.slice(-3))}`));
            }, timeoutMs);
            const done = () => {
              clearTimeout(timer);
              listeners.delete(check);
            };
            listeners.add(check);
            check();
          });
        },
        close: () => req.destroy(),
      };
      const notify = () => {
        for (const l of [...listeners]) l();
      };
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk.replace(/\r\n?/g, '\n');
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let id: string | undefined;
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            const colon = line.indexOf(':');
            if (colon === 0) continue;
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') id = value;
            else if (field === 'event') event = value;
            else if (field === 'data') data.push(value);
            else if (field === 'retry' && /^\d+$/.test(value)) stream.retry = Number(value);
          }
          if (data.length === 0) continue;
          let parsed: unknown = data.join('\n');
          try {
            parsed = JSON.parse(parsed as string);
          } catch {
            // not JSON: keep the text
          }
          frames.push({ id, event, data: parsed, at: Date.now() });
        }
        notify();
      });
      res.on('end', () => {
        stream.ended ??= 'end';
        notify();
      });
      res.on('error', (err) => {
        stream.ended ??= `error: ${err.message}`;
        notify();
      });
      res.on('close', () => {
        stream.ended ??= 'closed';
        notify();
      });
      resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
}
