/** What a person sees of their own record: each comment's state and reasons, each report's outcome. */

export interface ProfileComment {
  id: number;
  text: string;
  status: string;
  createdAt: string;
  story: { slug: string; title: string };
  statement: { action: string; by: string; reasons: { clause: string; quotes: string[]; remedy: string }[]; at: string } | null;
  appeal: { status: string; outcome: string | null } | null;
}

export interface ProfileReport {
  commentId: number;
  reason: string;
  createdAt: string;
  story: { slug: string; title: string };
  /** "removed: hate", "kept: no rule broken" or "waiting for a moderator". */
  outcome: string;
}
