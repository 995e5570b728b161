/**
 * Statements of reasons (EU DSA Art. 17) in the DSA Transparency Database's field names, built from
 * what Parley records: a decision on a comment (hold, reject) or on an account (suspend, ban).
 * Pure: the export gathers the rows, this maps them.
 */
import type { Category, Reason } from './moderation.ts';

/** Our categories onto the Transparency Database's. */
export const DSA_CATEGORY: Record<Category, string> = {
  violence: 'STATEMENT_CATEGORY_VIOLENCE',
  hate: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  profanity: 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE',
  vulgarity: 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE',
  doxing: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
  incivility: 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE',
  spam: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
};

/** EU and EEA member states: where the site is offered, unless the operator narrows it. */
export const EEA = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];

export interface StatementOfReasons {
  puid: string;
  decision_visibility?: string[];
  decision_visibility_other?: string;
  decision_account?: string;
  decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT';
  incompatible_content_ground: string;
  incompatible_content_explanation: string;
  incompatible_content_illegal: 'No';
  category: string;
  content_type: string[];
  content_date: string;
  application_date: string;
  end_date_visibility_restriction?: string;
  end_date_account_restriction?: string;
  decision_facts: string;
  source_type: 'SOURCE_ARTICLE_16' | 'SOURCE_VOLUNTARY';
  automated_detection: 'Yes' | 'No';
  automated_decision: 'AUTOMATED_DECISION_FULLY' | 'AUTOMATED_DECISION_PARTIALLY' | 'AUTOMATED_DECISION_NOT_AUTOMATED';
  territorial_scope: string[];
}

const day = (iso: string) => iso.slice(0, 10);

export interface ContentDecision {
  logId: number;
  commentId: number;
  action: 'hold' | 'reject' | 'redact';
  actor: 'pipeline' | 'community' | 'moderator';
  reasons: Reason[];
  /** The pipeline flagged the comment before a person decided. */
  flaggedByPipeline: boolean;
  /** Readers reported it. */
  reported: boolean;
  policyVersion: number | null;
  commentCreatedAt: string;
  decidedAt: string;
  note: string | null;
}

export function contentStatement(d: ContentDecision, scope: string[] = EEA): StatementOfReasons {
  const first = d.reasons[0];
  const category = (first?.category ?? 'incivility') as Category;
  const clause = first?.clause ?? 'Comments that readers reported were hidden until a moderator reviews them.';
  const who =
    d.actor === 'pipeline' ? 'the automated moderation pipeline' : d.actor === 'community' ? 'reports from several readers in good standing' : 'a human moderator';
  const facts = [
    `A reader comment was ${d.action === 'hold' ? 'withheld from publication pending human review' : d.action === 'redact' ? 'published with a passage removed' : 'removed'} by ${who}`,
    d.policyVersion ? ` under version ${d.policyVersion} of the comment policy` : '',
    d.reasons.length ? `; rules: ${[...new Set(d.reasons.map((r) => r.category))].join(', ')}` : '',
    d.note ? `; moderator's note: ${d.note}` : '',
    '.',
  ].join('');
  return {
    puid: `parley-comment-${d.commentId}-decision-${d.logId}`,
    decision_visibility: [d.action === 'hold' ? 'DECISION_VISIBILITY_CONTENT_DISABLED' : d.action === 'redact' ? 'DECISION_VISIBILITY_OTHER' : 'DECISION_VISIBILITY_CONTENT_REMOVED'],
    ...(d.action === 'redact' ? { decision_visibility_other: 'A passage of the comment was removed; the rest stays published.' } : {}),
    decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
    incompatible_content_ground: clause,
    incompatible_content_explanation: first ? `${first.clause} ${first.remedy}`.trim() : 'Several readers reported the comment.',
    incompatible_content_illegal: 'No',
    category: d.actor === 'community' && !first ? 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE' : DSA_CATEGORY[category],
    content_type: ['CONTENT_TYPE_TEXT'],
    content_date: day(d.commentCreatedAt),
    application_date: day(d.decidedAt),
    decision_facts: facts,
    source_type: d.reported || d.actor === 'community' ? 'SOURCE_ARTICLE_16' : 'SOURCE_VOLUNTARY',
    automated_detection: d.actor !== 'moderator' || d.flaggedByPipeline ? 'Yes' : 'No',
    automated_decision: d.actor === 'moderator' ? (d.flaggedByPipeline ? 'AUTOMATED_DECISION_PARTIALLY' : 'AUTOMATED_DECISION_NOT_AUTOMATED') : 'AUTOMATED_DECISION_FULLY',
    territorial_scope: scope,
  };
}

export interface AccountDecision {
  actionId: number;
  userId: number;
  kind: 'suspend' | 'ban';
  until: string | null;
  reason: string;
  accountCreatedAt: string;
  decidedAt: string;
}

export function accountStatement(d: AccountDecision, scope: string[] = EEA): StatementOfReasons {
  return {
    puid: `parley-account-${d.userId}-action-${d.actionId}`,
    decision_account: d.kind === 'ban' ? 'DECISION_ACCOUNT_TERMINATED' : 'DECISION_ACCOUNT_SUSPENDED',
    decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
    incompatible_content_ground: 'Repeated or serious breaches of the comment policy.',
    incompatible_content_explanation: d.reason,
    incompatible_content_illegal: 'No',
    category: 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE',
    content_type: ['CONTENT_TYPE_TEXT'],
    content_date: day(d.accountCreatedAt),
    application_date: day(d.decidedAt),
    ...(d.until ? { end_date_account_restriction: day(d.until) } : {}),
    decision_facts: `A moderator ${d.kind === 'ban' ? 'banned the account from the discussion' : `suspended the account until ${day(d.until ?? d.decidedAt)}`}: ${d.reason}`,
    source_type: 'SOURCE_VOLUNTARY',
    automated_detection: 'No',
    automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
    territorial_scope: scope,
  };
}
