/** Accounts: readers, moderators and admins. Emails are stored lowercased and never shown to others. */

export type Role = 'reader' | 'moderator' | 'admin';

export interface User {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  createdAt: string;
}

export const DISPLAY_NAME_MAX = 50;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
