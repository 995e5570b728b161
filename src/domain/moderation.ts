/**
 * The moderation contract's nouns: what the pipeline sees (input, context, policy)
 * and what it returns (a Decision with labels and reasons a person can read).
 * Pure data; the pipeline in src/moderation/ produces it, commands store it.
 */

/** The site's published policy categories. */
export const CATEGORIES = ['violence', 'hate', 'profanity', 'vulgarity', 'doxing', 'incivility', 'spam'] as const;
export type Category = (typeof CATEGORIES)[number];

/** A character range [start, end) into the ORIGINAL comment text. */
export type Span = [start: number, end: number];

/** One finding of one phase. */
export interface Label {
  category: Category;
  /** 0..1, how sure the rule is. */
  score: number;
  /** Stable id of the rule that fired, e.g. "doxing.phone". */
  rule: string;
  spans: Span[];
}

export type Action = 'publish' | 'hold' | 'reject';

/** A statement a person can read: which rule, which words, what to do. */
export interface Reason {
  category: Category;
  rule: string;
  /** The policy clause, in words. */
  clause: string;
  /** The offending passages, quoted from the original text. */
  quotes: string[];
  spans: Span[];
  /** What the author can do about it. */
  remedy: string;
}

export interface Decision {
  action: Action;
  labels: Label[];
  reasons: Reason[];
  policyVersion: number;
  /** Why a comment is held when no category rule caused it (site mode, story override, new commenter). */
  notice?: string;
}

export type SiteMode = 'premoderate-all' | 'premoderate-suspicious' | 'postmoderate';

export interface CategoryRule {
  threshold: number;
  action: Action | 'allow';
}

export interface Policy {
  version: number;
  mode: SiteMode;
  categories: Record<Category, CategoryRule>;
  /** Hold the first N comments of a new account when anything is flagged. */
  newCommenterHoldCount: number;
  /** The comment policy as shown above every form; when absent, the configured text. */
  text?: string;
}

/** What the command gathers from the store before the pure pipeline runs. */
export interface ModerationContext {
  /** The story is pre-moderated by a per-story override. */
  storyPremoderated: boolean;
  author: {
    /** Published comments so far. */
    publishedCount: number;
    /** Account age in hours. */
    accountAgeHours: number;
    /** Rejections in the last 30 days. */
    recentRejections: number;
    /** The author is trusted (moderator, admin, or long good history). */
    trusted: boolean;
  };
  /** Comments by this author in the last 10 minutes. */
  recentCommentCount: number;
  /** Number of other comments (any author, any story) with the same normalised text in the last day. */
  duplicateCount: number;
}

export interface ModerationInput {
  text: string;
}
