import { Type } from '@sinclair/typebox';
import { EmailSchema, PersonNameSchema, RoleSchema, type User } from '@storefleet/contracts';
import { AppError, createFieldCheck, csvValue, type CsvResource } from '@storefleet/kit';
import { normalizeEmail } from '../domain/users.js';
import type { Accounts } from './accounts.js';

const checkRow = createFieldCheck(
  Type.Object({ email: EmailSchema, first_name: Type.Optional(PersonNameSchema), last_name: Type.Optional(PersonNameSchema), role: Type.Optional(RoleSchema), active: Type.Optional(Type.Boolean()) }),
);

type UserRow = Omit<User, 'created_at' | 'updated_at' | 'deleted_at'> & { created_at: Date; updated_at: Date; deleted_at: Date | null };

/**
 * Accounts as CSV, rows upserting by email. Never a password or its hash: the columns are the account's
 * public fields; id and the timestamps are exported and ignored on import. A new account has no usable
 * password until its owner resets it.
 */
export function createUsersCsv(accounts: Accounts): CsvResource<UserRow> {
  return {
    name: 'users',
    columns: ['email', 'first_name', 'last_name', 'role', 'active', 'id', 'created_at', 'updated_at', 'deleted_at'],
    key: 'email',
    cells: (u) => [u.email, u.first_name, u.last_name, u.role, u.active, u.id, u.created_at, u.updated_at, u.deleted_at],
    async apply(tx, [row], by) {
      const { cells } = row!;
      const given = { email: normalizeEmail(cells.email!), first_name: cells.first_name, last_name: cells.last_name, role: csvValue.text(cells.role), active: csvValue.boolean(cells.active) };
      for (const [column, value] of Object.entries(given)) if (value === undefined) delete given[column as keyof typeof given];
      const problems = checkRow(given);
      if (problems.length) throw new AppError('validation', `${problems.length} invalid cell(s)`, { fields: problems });
      return accounts.importAccount(tx, by, given as Parameters<Accounts['importAccount']>[2]);
    },
  };
}
