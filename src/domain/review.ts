/**
 * The moderator's view of a queue item, and the pure rules behind it: how flagged spans are
 * highlighted in the original text, and how items are ranked by priority.
 */
import type { Category, Span } from './moderation.ts';

export interface Segment {
  text: string;
  mark: boolean;
}

/** Splits text into plain and marked runs; overlapping or unordered spans are merged, out-of-range ones clipped. */
export function highlight(text: string, spans: Span[]): Segment[] {
  const sorted = spans
    .map(([s, e]) => [Math.max(0, Math.min(s, text.length)), Math.max(0, Math.min(e, text.length))] as Span)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  const out: Segment[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) out.push({ text: text.slice(at, s), mark: false });
    out.push({ text: text.slice(s, e), mark: true });
    at = e;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), mark: false });
  return out;
}

/** How grave a breach of each rule is, for the priority sort. */
export const SEVERITY: Record<Category, number> = {
  doxing: 5,
  violence: 5,
  hate: 4,
  vulgarity: 2,
  incivility: 2,
  profanity: 1,
  spam: 1,
};

/** reports × category severity × author history: more reports, graver rules and worse records first. */
export function priority(item: { openReports: number; flags: string[]; authorRejected: number }): number {
  const severity = Math.max(1, ...item.flags.map((f) => SEVERITY[f as Category] ?? 1));
  return (1 + item.openReports) * severity * (1 + Math.min(item.authorRejected, 10) / 2);
}

export interface QueueItemView {
  id: number;
  revision: number;
  status: string;
  story: { slug: string; title: string };
  author: { id: number; name: string; joined: string; published: number; held: number; rejected: number; reportsMade: number; reportsUpheld: number };
  createdAt: string;
  segments: Segment[];
  flags: string[];
  reasons: { category: string; clause: string; quotes: string[] }[];
  decidedBy: string | null;
  parent: { authorName: string; text: string } | null;
  reports: { reason: string; text: string | null }[];
  appeal: { text: string } | null;
}

/** One line of the moderation log as shown; the public view leaves out text and names. */
export interface LogEntryView {
  id: number;
  at: string;
  action: string;
  actor: string;
  reasons: string[];
  policyVersion: number | null;
  story: { slug: string; title: string };
  /** Only where the comment is still public (the public log), or always for moderators. */
  commentId: number | null;
  /** Moderators only. */
  text?: string;
  author?: string;
  moderator?: string | null;
}
