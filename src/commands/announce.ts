/**
 * Telling readers about a change, in two steps. Inside the change's transaction, `recordChange` adds the
 * event to the live event log; its row id is the sequence number every instance shares, and because it
 * commits with the change, a change that is stored always has its number and one that rolled back never
 * does — a reader who reconnects, to any instance, is sent exactly what it missed. After the commit,
 * `announce` publishes it on the bus with that number, so live readers hear of it at once.
 */
import type { Kysely } from 'kysely';
import type { CommentEvent, CommentEventType } from '../live/bus.ts';
import { appendLiveEvent } from '../store/live-events.ts';
import type { DB } from '../store/schema.ts';
import type { Deps } from './deps.ts';

export async function recordChange(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'clock'>,
  event: { type: CommentEventType; storyId: number; commentId: number },
): Promise<CommentEvent> {
  const seq = await appendLiveEvent(trx, { ...event, now: deps.clock() });
  return { ...event, seq };
}

/** Publishes a recorded change; call it once the transaction that recorded it has committed. */
export function announce(deps: Pick<Deps, 'bus'>, event: CommentEvent): void {
  deps.bus.publish(event);
}
