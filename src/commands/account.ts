/** The person's own account: delete it (after the password), erasing personal data. */
import { AppError } from '../errors.ts';
import type { User } from '../domain/user.ts';
import { eraseUser } from '../store/profile.ts';
import { findUserForLogin } from '../store/users.ts';
import type { Deps } from './deps.ts';
import { verifyPassword } from './password.ts';

export async function deleteAccount(deps: Deps, input: { user: User; password: string }): Promise<void> {
  const found = await findUserForLogin(deps.db, input.user.email);
  if (!found || !(await verifyPassword(input.password, found.passwordHash))) {
    throw new AppError('invalid_credentials', 'That password is not right; your account was not deleted.');
  }
  if (input.user.role === 'admin') throw new AppError('forbidden', 'An admin account cannot delete itself; another admin must change its role first.');
  await deps.db.transaction().execute((trx) => eraseUser(trx, { userId: input.user.id, now: deps.clock() }));
  deps.log.info({ userId: input.user.id }, 'account deleted');
}
