/** Accounts: readers, moderators and admins. Emails are stored lowercased and never shown to others. */

export type Role = 'reader' | 'moderator' | 'admin';

export interface User {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  createdAt: string;
  /** Set while the account may not post, vote or report: a suspension's end, or 'banned'. */
  sanction: { until: string | null; banned: boolean; reason: string | null } | null;
}

export const DISPLAY_NAME_MAX = 50;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Whether the account is barred from taking part at this moment. */
export function isSanctioned(user: Pick<User, 'sanction'>, now: Date): boolean {
  if (!user.sanction) return false;
  return user.sanction.banned || (user.sanction.until !== null && Date.parse(user.sanction.until) > now.getTime());
}

/** What the account holder reads while barred: banned, or suspended until when, and why. Null when not barred. */
export function sanctionNotice(user: Pick<User, 'sanction'>, now: Date): string | null {
  if (!isSanctioned(user, now)) return null;
  const s = user.sanction!;
  const why = s.reason ? ` Reason: ${s.reason}` : '';
  return s.banned ? `Your account is banned from the discussion.${why}` : `Your account is suspended until ${new Date(s.until!).toUTCString()}.${why}`;
}
