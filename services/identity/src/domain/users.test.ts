import { describe, expect, it } from 'vitest';
import { AppError } from '@storefleet/kit';
import { normalizeEmail, passwordProblems, planAdminUpdate, planSelfUpdate, prepareRegistration, assertCanDelete } from './users.js';
import { thrownFields } from '../../../../test/support/problems.js';

const customer = { id: 'u1', email: 'ann@example.com', role: 'customer' as const, active: true };

describe('emails', () => {
  it('are compared in lower case without surrounding spaces', () => {
    expect(normalizeEmail('  Ann.Lee@Example.COM ')).toBe('ann.lee@example.com');
  });
});

describe('password policy', () => {
  it('accepts 8 characters or more', () => {
    expect(passwordProblems('correct horse')).toEqual([]);
    expect(passwordProblems('12345678')).toEqual([]);
  });

  it('refuses short, blank or email-like passwords', () => {
    expect(passwordProblems('1234567')).toEqual(['must be at least 8 characters']);
    expect(passwordProblems('         ')).toContain('must not be only spaces');
    expect(passwordProblems('Ann@Example.com', { email: 'ann@example.com' })).toContain('must not be the email address');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblems('🔑🔑🔑🔑')).toEqual(['must be at least 8 characters']);
  });
});

describe('registration', () => {
  it('normalizes the email and trims names', () => {
    expect(prepareRegistration({ email: 'Ann@Example.com', password: 'long enough', first_name: ' Ann ', last_name: 'Lee' })).toEqual({
      email: 'ann@example.com', password: 'long enough', first_name: 'Ann', last_name: 'Lee',
    });
  });

  it('names every broken rule at once', () => {
    expect(thrownFields(() => prepareRegistration({ email: 'a@b.co', password: 'short', first_name: '  ', last_name: 'Lee' }))).toEqual(['first_name', 'password']);
  });
});

describe('own account changes', () => {
  it('change names without touching sessions', () => {
    expect(planSelfUpdate(customer, { first_name: ' Annie ' })).toEqual({ set: { first_name: 'Annie' }, changed: ['first_name'], revokeSessions: false, revokeAccessTokens: false });
  });

  it('need the current password to set a new one, and then end other sign-ins', () => {
    expect(thrownFields(() => planSelfUpdate(customer, { password: 'a new password' }))).toEqual(['current_password']);
    const plan = planSelfUpdate(customer, { password: 'a new password', current_password: 'old password' });
    expect(plan).toMatchObject({ newPassword: 'a new password', changed: ['password'], revokeSessions: true, revokeAccessTokens: true });
  });

  it('hold a new password to the policy', () => {
    expect(thrownFields(() => planSelfUpdate(customer, { password: 'ann@example.com', current_password: 'x' }))).toEqual(['password']);
  });
});

describe('admin changes', () => {
  const admin = { id: 'a1', email: 'root@example.com', role: 'admin' as const, active: true };

  it('record only what differs, end sessions on deactivation and access tokens on a role change', () => {
    expect(planAdminUpdate('a1', customer, { role: 'customer', active: false, last_name: 'Lee' })).toEqual({
      set: { last_name: 'Lee', active: false }, changed: ['last_name', 'active'], revokeSessions: true, revokeAccessTokens: true,
    });
    expect(planAdminUpdate('a1', customer, { role: 'admin' })).toMatchObject({ set: { role: 'admin' }, revokeSessions: false, revokeAccessTokens: true });
    expect(planAdminUpdate('a1', customer, { first_name: 'Ann' })).toMatchObject({ revokeSessions: false, revokeAccessTokens: false });
  });

  it('cannot lock the acting admin out', () => {
    expect(() => planAdminUpdate('a1', admin, { role: 'customer' })).toThrow(/own admin role/);
    expect(() => planAdminUpdate('a1', admin, { active: false })).toThrow(/deactivate their own/);
    expect(planAdminUpdate('a1', admin, { first_name: 'Root' }).changed).toEqual(['first_name']);
    expect(() => assertCanDelete('a1', 'a1')).toThrow(AppError);
    expect(() => assertCanDelete('a1', 'u1')).not.toThrow();
  });
});
