/**
 * Moderation insights computed from the record: comments per hour, the share held and rejected per
 * category, the median time from posting to a moderator's decision, and the pending queue's size
 * hour by hour (replayed from the moderation log). Pure: the query hands over the rows.
 */
import { CATEGORIES, type Category } from './moderation.ts';

export interface InsightInput {
  from: Date;
  to: Date;
  comments: { id: number; createdAt: string }[];
  /** Moderation log rows for those comments and any decided in the window, oldest first. */
  log: { commentId: number; action: string; actor: string; reasonCodes: string; at: string }[];
}

export interface Insights {
  hours: string[];
  commentsPerHour: number[];
  queuePerHour: number[];
  byCategory: { category: Category; held: number; rejected: number; share: number }[];
  medianMinutesToDecision: number | null;
  decided: number;
  total: number;
}

const HOUR = 3_600_000;

export function computeInsights(input: InsightInput): Insights {
  const start = Math.floor(input.from.getTime() / HOUR) * HOUR;
  const n = Math.max(1, Math.ceil((input.to.getTime() - start) / HOUR));
  const hours = Array.from({ length: n }, (_, i) => new Date(start + i * HOUR).toISOString());
  const bucket = (iso: string) => Math.floor((Date.parse(iso) - start) / HOUR);
  const commentsPerHour = new Array<number>(n).fill(0);
  const createdAt = new Map<number, number>();
  for (const c of input.comments) {
    createdAt.set(c.id, Date.parse(c.createdAt));
    const b = bucket(c.createdAt);
    if (b >= 0 && b < n) commentsPerHour[b]!++;
  }

  // Replay: a comment is in the queue from a hold until the next decision on it.
  const queueDelta = new Array<number>(n + 1).fill(0);
  const inQueue = new Set<number>();
  let before = 0;
  const held = new Map<Category, Set<number>>();
  const rejected = new Map<Category, Set<number>>();
  const firstHuman = new Map<number, number>();
  for (const row of input.log) {
    const b = Math.min(n, Math.max(0, bucket(row.at)));
    const early = Date.parse(row.at) < start;
    if (row.action === 'hold' && !inQueue.has(row.commentId)) {
      inQueue.add(row.commentId);
      if (early) before++;
      else queueDelta[b]!++;
    } else if (row.action !== 'hold' && inQueue.has(row.commentId)) {
      inQueue.delete(row.commentId);
      if (early) before--;
      else queueDelta[b]!--;
    }
    for (const code of row.reasonCodes.split(',')) {
      if (!(CATEGORIES as readonly string[]).includes(code)) continue;
      const map = row.action === 'reject' ? rejected : row.action === 'hold' ? held : undefined;
      if (!map) continue;
      if (!map.has(code as Category)) map.set(code as Category, new Set());
      map.get(code as Category)!.add(row.commentId);
    }
    if (row.actor === 'moderator' && !firstHuman.has(row.commentId) && createdAt.has(row.commentId)) firstHuman.set(row.commentId, Date.parse(row.at));
  }
  const queuePerHour: number[] = [];
  let size = before;
  for (let i = 0; i < n; i++) {
    size += queueDelta[i]!;
    queuePerHour.push(Math.max(0, size));
  }
  const total = input.comments.length;
  const byCategory = CATEGORIES.map((category) => {
    const h = held.get(category)?.size ?? 0;
    const r = rejected.get(category)?.size ?? 0;
    return { category, held: h, rejected: r, share: total ? (h + r) / total : 0 };
  });
  const waits = [...firstHuman].map(([id, at]) => (at - createdAt.get(id)!) / 60_000).sort((a, b) => a - b);
  const mid = waits.length >> 1;
  const median = waits.length === 0 ? null : waits.length % 2 ? waits[mid]! : (waits[mid - 1]! + waits[mid]!) / 2;
  return { hours, commentsPerHour, queuePerHour, byCategory, medianMinutesToDecision: median, decided: waits.length, total };
}
