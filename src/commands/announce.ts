/**
 * Telling readers about a change, in two steps. Inside the change's transaction, the write procedures of
 * store/comment-writes.ts add the event to the live event log; its row id is the sequence number every instance
 * shares, and because it commits with the change, a change that is stored always has its number and one that
 * rolled back never does — a reader who reconnects, to any instance, is sent exactly what it missed. After the
 * commit, `announce` publishes it on the bus with that number, so live readers hear of it at once.
 */
import type { CommentEvent } from '../live/bus.ts';
import type { Deps } from './deps.ts';

/** Publishes a recorded change; call it once the transaction that recorded it has committed. */
export function announce(deps: Pick<Deps, 'bus'>, event: CommentEvent): void {
  deps.bus.publish(event);
}
