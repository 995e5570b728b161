/**
 * Checkpoints the SQLite write-ahead log from a worker thread. SQLite's own automatic checkpoint runs inside
 * the COMMIT that crosses its threshold, on the thread that committed — here the event loop, which then
 * stalls for milliseconds (copying a thousand pages and syncing the file) while every request waits. A second
 * connection in a worker runs a PASSIVE checkpoint a few times a second instead: it copies what is committed
 * without blocking the writer, and the syncing happens off the event loop. The writer's own automatic
 * checkpoint stays on at a larger threshold, a backstop should the worker ever fall behind.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The main connection checkpoints by itself only past this many pages of log (about 40 MB). */
export const BACKSTOP_PAGES = 10_000;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked this time; the next tick tries again, and the writer's backstop remains.
  }
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, options: { intervalMs?: number; onFailure?: (err: Error) => void } = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs: options.intervalMs ?? 200 } });
  // It must never keep the process alive, nor bring it down: the backstop covers a worker that failed, and the
  // operator is told once, since the log then grows to the backstop's 40 MB before it is folded back.
  worker.unref();
  worker.on('error', (err) => options.onFailure?.(err));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Held by the loop while it closes: a process on its way out (a CLI command) waits for the close.
      worker.ref();
      worker.postMessage('stop');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 2000)));
      if ((await Promise.race([exited, late])) === 'late') await worker.terminate();
      clearTimeout(timer);
    },
  };
}
