import { describe, expect, it } from 'vitest';
import type { Reason } from './moderation.ts';
import { accountStatement, contentStatement, EEA, type ContentDecision } from './statements.ts';

const threat: Reason = { category: 'violence', rule: 'violence.threat', clause: 'No threats.', quotes: ['kill you'], spans: [[0, 8]], remedy: 'Remove the threat.' };
const base: ContentDecision = {
  logId: 7,
  commentId: 3,
  action: 'hold',
  actor: 'pipeline',
  reasons: [threat],
  flaggedByPipeline: true,
  reported: false,
  policyVersion: 2,
  commentCreatedAt: '2026-11-20T10:00:00.000Z',
  decidedAt: '2026-11-20T10:00:01.000Z',
  note: null,
};

describe('contentStatement', () => {
  it.each([
    ['a pipeline hold', {}, { decision_visibility: ['DECISION_VISIBILITY_CONTENT_DISABLED'], source_type: 'SOURCE_VOLUNTARY', automated_detection: 'Yes', automated_decision: 'AUTOMATED_DECISION_FULLY' }],
    ['a moderator confirming the pipeline', { action: 'reject', actor: 'moderator' }, { decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'], automated_detection: 'Yes', automated_decision: 'AUTOMATED_DECISION_PARTIALLY' }],
    ['a moderator acting on reports alone', { action: 'reject', actor: 'moderator', flaggedByPipeline: false, reported: true }, { source_type: 'SOURCE_ARTICLE_16', automated_detection: 'No', automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED' }],
    ['a moderator removing a passage', { action: 'redact', actor: 'moderator' }, { decision_visibility: ['DECISION_VISIBILITY_OTHER'], automated_decision: 'AUTOMATED_DECISION_PARTIALLY' }],
    ['readers’ reports hiding it', { actor: 'community', reasons: [], flaggedByPipeline: false, reported: true }, { source_type: 'SOURCE_ARTICLE_16', category: 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE', automated_decision: 'AUTOMATED_DECISION_FULLY' }],
  ] as const)('%s', (_name, change, expected) => {
    expect(contentStatement({ ...base, ...change } as ContentDecision)).toMatchObject(expected);
  });

  it('fills every field the Transparency Database asks for', () => {
    const s = contentStatement(base);
    expect(s).toMatchObject({
      puid: 'parley-comment-3-decision-7',
      decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
      incompatible_content_ground: 'No threats.',
      incompatible_content_illegal: 'No',
      category: 'STATEMENT_CATEGORY_VIOLENCE',
      content_type: ['CONTENT_TYPE_TEXT'],
      content_date: '2026-11-20',
      application_date: '2026-11-20',
      territorial_scope: EEA,
    });
    expect(s.decision_facts).toContain('version 2 of the comment policy');
    expect(s.decision_facts).not.toContain('kill you');
  });
});

describe('accountStatement', () => {
  it('words a suspension with its end date and a ban as a termination', () => {
    const suspend = accountStatement({ actionId: 1, userId: 9, kind: 'suspend', until: '2026-12-01T00:00:00.000Z', reason: 'Insults.', accountCreatedAt: '2026-01-01T00:00:00.000Z', decidedAt: '2026-11-24T00:00:00.000Z' });
    expect(suspend).toMatchObject({ decision_account: 'DECISION_ACCOUNT_SUSPENDED', end_date_account_restriction: '2026-12-01', automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED' });
    const ban = accountStatement({ actionId: 2, userId: 9, kind: 'ban', until: null, reason: 'Threats.', accountCreatedAt: '2026-01-01T00:00:00.000Z', decidedAt: '2026-11-24T00:00:00.000Z' });
    expect(ban.decision_account).toBe('DECISION_ACCOUNT_TERMINATED');
    expect(ban).not.toHaveProperty('end_date_account_restriction');
  });
});
