/**
 * A short-lived cache of pages rendered for readers who are not logged in (the busiest path:
 * a big story's page). Entries live at most PAGE_CACHE_SECONDS and are dropped at once when an
 * event says their story changed, so a reader sees a new comment on the next load.
 */
import type { EventBus } from '../live/bus.ts';

interface Entry {
  /** Encoded once: sending a cached page must not re-encode hundreds of kilobytes of text. */
  html: Buffer;
  etag: string;
  expires: number;
}

const MAX_ENTRIES = 2000;

export class PageCache {
  private entries = new Map<string, Entry>();
  private byStory = new Map<number, Set<string>>();

  constructor(
    private ttlMs: number,
    bus: EventBus,
  ) {
    bus.subscribe((event) => {
      this.dropStory(event.storyId);
      // Listings show comment counts: anything but a vote may change one.
      if (event.type !== 'comment.voted') this.dropStory(0);
    });
  }

  get enabled() {
    return this.ttlMs > 0;
  }

  get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** storyId 0 stands for listings (home, author, publisher pages), which show comment counts. */
  set(key: string, storyId: number, html: string, etag: string): void {
    if (!this.enabled) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { html: Buffer.from(html), etag, expires: Date.now() + this.ttlMs });
    let keys = this.byStory.get(storyId);
    if (!keys) this.byStory.set(storyId, (keys = new Set()));
    keys.add(key);
  }

  private dropStory(storyId: number): void {
    const keys = this.byStory.get(storyId);
    if (!keys) return;
    for (const k of keys) this.entries.delete(k);
    this.byStory.delete(storyId);
  }
}
