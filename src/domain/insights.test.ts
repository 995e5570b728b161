import { describe, expect, it } from 'vitest';
import { computeInsights } from './insights.ts';

const at = (h: number, m = 0) => new Date(Date.UTC(2026, 10, 20, h, m)).toISOString();

describe('computeInsights', () => {
  const result = computeInsights({
    from: new Date(at(10)),
    to: new Date(at(14)),
    comments: [
      { id: 1, createdAt: at(10, 5) },
      { id: 2, createdAt: at(10, 30) },
      { id: 3, createdAt: at(12, 0) },
      { id: 4, createdAt: at(13, 0) },
    ],
    log: [
      { commentId: 1, action: 'publish', actor: 'pipeline', reasonCodes: '', at: at(10, 5) },
      { commentId: 2, action: 'hold', actor: 'pipeline', reasonCodes: 'violence,incivility', at: at(10, 30) },
      { commentId: 3, action: 'hold', actor: 'pipeline', reasonCodes: 'hate', at: at(12, 0) },
      { commentId: 2, action: 'reject', actor: 'moderator', reasonCodes: 'violence', at: at(11, 30) },
      { commentId: 3, action: 'approve', actor: 'moderator', reasonCodes: 'approved', at: at(12, 20) },
      { commentId: 4, action: 'reject', actor: 'pipeline', reasonCodes: 'doxing', at: at(13, 0) },
    ],
  });

  it('counts comments per hour', () => expect(result.commentsPerHour).toEqual([2, 0, 1, 1]));
  it('replays the pending queue hour by hour', () => expect(result.queuePerHour).toEqual([1, 0, 0, 0]));
  it('gives the share held or rejected per category', () => {
    const get = (c: string) => result.byCategory.find((x) => x.category === c)!;
    expect(get('violence')).toMatchObject({ held: 1, rejected: 1, share: 0.5 });
    expect(get('doxing')).toMatchObject({ held: 0, rejected: 1, share: 0.25 });
    expect(get('spam')).toMatchObject({ held: 0, rejected: 0, share: 0 });
  });
  it('takes the median time from post to a moderator’s decision', () => {
    expect(result.medianMinutesToDecision).toBe(40);
    expect(result.decided).toBe(2);
  });
});
