import { AppError, type FieldError } from '@storefleet/kit';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type AdminUpdateUser, type Register, type Role, type UpdateMe } from '@storefleet/contracts';

/** Emails are compared and stored in lower case, without surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Problems with a new password, empty when it is acceptable. */
export function passwordProblems(password: string, context: { email?: string } = {}): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (password.trim() === '') problems.push('must not be only spaces');
  if (context.email && password.trim().toLowerCase() === normalizeEmail(context.email)) problems.push('must not be the email address');
  return problems;
}

/** Throws a validation problem naming `field` when the password breaks the policy. */
export function assertPasswordPolicy(password: string, context: { email?: string; field?: string } = {}): void {
  const problems = passwordProblems(password, context);
  if (problems.length) {
    const field = context.field ?? 'password';
    throw new AppError('validation', `The ${field} is not acceptable`, { fields: problems.map((message) => ({ field, message })) });
  }
}

function nameProblems(input: { first_name?: string; last_name?: string }): FieldError[] {
  return (['first_name', 'last_name'] as const)
    .filter((key) => input[key] !== undefined && input[key].trim() === '')
    .map((field) => ({ field, message: 'must not be blank' }));
}

/** Trims names and refuses blank ones, naming each offending field. */
export function normalizeNames<T extends { first_name?: string; last_name?: string }>(input: T): T {
  const fields = nameProblems(input);
  if (fields.length) throw new AppError('validation', 'Names must not be blank', { fields });
  return {
    ...input,
    ...(input.first_name !== undefined ? { first_name: input.first_name.trim() } : {}),
    ...(input.last_name !== undefined ? { last_name: input.last_name.trim() } : {}),
  };
}

/** A sign-up made ready to store: normalized email and names, every rule broken named at once. */
export function prepareRegistration(input: Register): Register {
  const email = normalizeEmail(input.email);
  const fields = [...nameProblems(input), ...passwordProblems(input.password, { email }).map((message) => ({ field: 'password', message }))];
  if (fields.length) throw new AppError('validation', `The body has ${fields.length} invalid field(s)`, { fields });
  return { email, password: input.password, first_name: input.first_name.trim(), last_name: input.last_name.trim() };
}

export interface AccountState {
  id: string;
  email: string;
  role: Role;
  active: boolean;
}

/** Field changes to store, the names of changed fields for events, and whether sessions must end. */
export interface UpdatePlan {
  set: { first_name?: string; last_name?: string; phone?: string | null; role?: Role; active?: boolean };
  newPassword?: string;
  changed: string[];
  /** Every sign-in ends: refresh tokens and access tokens alike. */
  revokeSessions: boolean;
  /**
   * The access tokens already issued are refused (they carry the old role); refresh tokens may stay,
   * since a refresh reads the role from the account.
   */
  revokeAccessTokens: boolean;
}

/** A user's own changes: a new password needs the current one, which the caller checks. */
export function planSelfUpdate(account: AccountState, patch: UpdateMe): UpdatePlan {
  const names = normalizeNames({ first_name: patch.first_name, last_name: patch.last_name });
  const set: UpdatePlan['set'] = {};
  if (names.first_name !== undefined) set.first_name = names.first_name;
  if (names.last_name !== undefined) set.last_name = names.last_name;
  if (patch.phone !== undefined) set.phone = patch.phone;
  const changed = Object.keys(set);
  if (patch.password === undefined) return { set, changed, revokeSessions: false, revokeAccessTokens: false };
  if (!patch.current_password) {
    throw new AppError('validation', 'Changing the password needs the current password', {
      fields: [{ field: 'current_password', message: 'is required to change the password' }],
    });
  }
  assertPasswordPolicy(patch.password, { email: account.email });
  return { set, newPassword: patch.password, changed: [...changed, 'password'], revokeSessions: true, revokeAccessTokens: true };
}

/** An admin's changes to an account; admins cannot lock themselves out. */
export function planAdminUpdate(actorId: string, target: AccountState, patch: AdminUpdateUser): UpdatePlan {
  const names = normalizeNames({ first_name: patch.first_name, last_name: patch.last_name });
  if (actorId === target.id && patch.role !== undefined && patch.role !== 'admin') {
    throw new AppError('conflict', 'An admin cannot remove their own admin role', { fields: [{ field: 'role', message: 'cannot demote yourself' }] });
  }
  if (actorId === target.id && patch.active === false) {
    throw new AppError('conflict', 'An admin cannot deactivate their own account', { fields: [{ field: 'active', message: 'cannot deactivate yourself' }] });
  }
  const set: UpdatePlan['set'] = {};
  if (names.first_name !== undefined) set.first_name = names.first_name;
  if (names.last_name !== undefined) set.last_name = names.last_name;
  if (patch.role !== undefined && patch.role !== target.role) set.role = patch.role;
  if (patch.active !== undefined && patch.active !== target.active) set.active = patch.active;
  const revokeSessions = set.active === false;
  return { set, changed: Object.keys(set), revokeSessions, revokeAccessTokens: revokeSessions || set.role !== undefined };
}

/** Deleting is a soft delete; an admin cannot delete their own account. */
export function assertCanDelete(actorId: string, targetId: string): void {
  if (actorId === targetId) throw new AppError('conflict', 'An admin cannot delete their own account');
}
