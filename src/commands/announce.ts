/**
 * Telling readers about a change: after a comment's write commits, record the event in the live event
 * log (its row id is the sequence number every instance shares) and publish it on the bus with that
 * number. A failed append is logged and the event still goes out, without a number: live readers see
 * it now, and the next page load shows it to anyone who reconnected in between.
 */
import type { CommentEventType } from '../live/bus.ts';
import { appendLiveEvent } from '../store/live-events.ts';
import type { Deps } from './deps.ts';

export async function announce(deps: Deps, event: { type: CommentEventType; storyId: number; commentId: number }): Promise<void> {
  let seq: number | undefined;
  try {
    seq = await appendLiveEvent(deps.db, { ...event, now: deps.clock() });
  } catch (err) {
    deps.log.warn({ err: (err as Error).message, type: event.type }, 'live event not recorded');
  }
  deps.bus.publish(seq === undefined ? event : { ...event, seq });
}
