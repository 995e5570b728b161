/**
 * The event bus: commands publish after their write commits; the page cache (and, later,
 * live streams) subscribe. In-process by default; a Redis implementation carries the same
 * events between instances when scaled out. Comment events also go to the live event log first, so a
 * stream that missed one (a reconnect, a Redis outage) finds it there by its sequence number.
 */

export type CommentEventType = 'comment.created' | 'comment.edited' | 'comment.deleted' | 'comment.voted' | 'comment.hidden';

export type ParleyEvent =
  /** `seq`: the event's number in the live event log, when it was recorded there (see commands/announce.ts). */
  | { type: CommentEventType; storyId: number; commentId: number; seq?: number }
  | { type: 'story.changed'; storyId: number };

export interface EventBus {
  publish(event: ParleyEvent): void;
  /** Returns a function that unsubscribes. */
  subscribe(handler: (event: ParleyEvent) => void): () => void;
}

export function inProcessBus(): EventBus {
  const handlers = new Set<(event: ParleyEvent) => void>();
  return {
    publish(event) {
      for (const handler of handlers) handler(event);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
}
