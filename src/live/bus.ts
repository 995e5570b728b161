/**
 * The event bus: commands publish after their write commits; the page cache (and, later,
 * live streams) subscribe. In-process by default; a Redis implementation carries the same
 * events between instances when scaled out. Comment events are also in the live event log, written with
 * the change itself, so a stream that missed one (a reconnect, a Redis outage) finds it there by its
 * sequence number.
 */

export type CommentEventType = 'comment.created' | 'comment.edited' | 'comment.deleted' | 'comment.voted' | 'comment.hidden';

/** `seq`: the event's number in the live event log, recorded with the change (see commands/announce.ts). */
export type CommentEvent = { type: CommentEventType; storyId: number; commentId: number; seq?: number };

export type ParleyEvent = CommentEvent | { type: 'story.changed'; storyId: number };

export interface EventBus {
  publish(event: ParleyEvent): void;
  /**
   * False while events from other instances cannot arrive at once (Redis unreachable): live streams
   * then catch up from the event log every few seconds, and tell their readers so.
   */
  connected(): boolean;
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
    // One process: every event is local.
    connected: () => true,
  };
}
