/**
 * The event bus: commands publish after their write commits; the page cache (and, later,
 * live streams) subscribe. In-process by default; a Redis implementation carries the same
 * events between instances when scaled out.
 */

export type ParleyEvent =
  | { type: 'comment.created' | 'comment.edited' | 'comment.deleted' | 'comment.voted' | 'comment.hidden'; storyId: number; commentId: number }
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
