import { Type } from '@sinclair/typebox';
import type { App } from '@storefleet/kit';
import {
  ForgotPasswordSchema, LoginSchema, PasswordResetAcceptedSchema, RefreshTokenBodySchema, RegisterSchema, ResetPasswordSchema, TokenPairSchema, UserSchema,
} from '@storefleet/contracts';
import type { Accounts } from '../operations/accounts.js';
import type { PasswordResets } from '../operations/password-resets.js';
import type { Sessions } from '../operations/sessions.js';

const Problem = Type.Ref('Problem');

// The same answer whether or not the account exists, so forgot-password does not reveal who has one.
const RESET_ACCEPTED = { message: 'If an active account has this email, a link to reset its password is on its way; it works once, for 30 minutes.' };

/** Public routes: sign-up, sign-in, token refresh, sign-out and password reset. */
export async function authRoutes(app: App, deps: { accounts: Accounts; sessions: Sessions; passwordResets: PasswordResets }): Promise<void> {
  app.post('/register', {
    schema: {
      tags: ['auth'],
      operationId: 'registerUser',
      summary: 'Create a customer account',
      body: RegisterSchema,
      response: { 201: UserSchema, 400: Problem, 409: Problem },
    },
  }, async (request, reply) => reply.status(201).send(await deps.accounts.register(request.body)));

  app.post('/login', {
    schema: {
      tags: ['auth'],
      operationId: 'login',
      summary: 'Exchange email and password for an access and a refresh token',
      body: LoginSchema,
      response: { 200: TokenPairSchema, 400: Problem, 401: Problem, 403: Problem, 429: Problem },
    },
  }, async (request) => deps.sessions.login(request.body, request.ip));

  app.post('/refresh', {
    schema: {
      tags: ['auth'],
      operationId: 'refreshTokens',
      summary: 'Exchange a refresh token for a new pair; each refresh token works once',
      body: RefreshTokenBodySchema,
      response: { 200: TokenPairSchema, 400: Problem, 401: Problem },
    },
  }, async (request) => deps.sessions.refresh(request.body.refresh_token));

  app.post('/logout', {
    schema: {
      tags: ['auth'],
      operationId: 'logout',
      summary: 'Revoke the sign-in a refresh token belongs to',
      body: RefreshTokenBodySchema,
      response: { 204: Type.Null({ description: 'Signed out' }), 400: Problem },
    },
  }, async (request, reply) => {
    await deps.sessions.logout(request.body.refresh_token);
    return reply.status(204).send(null);
  });

  app.post('/password/forgot', {
    schema: {
      tags: ['auth'],
      operationId: 'forgotPassword',
      summary: 'Ask for a password-reset link by email; answered 202 alike whether or not the account exists',
      body: ForgotPasswordSchema,
      response: { 202: PasswordResetAcceptedSchema, 400: Problem },
    },
  }, async (request, reply) => {
    await deps.passwordResets.forgot(request.body);
    return reply.status(202).send(RESET_ACCEPTED);
  });

  app.post('/password/reset', {
    schema: {
      tags: ['auth'],
      operationId: 'resetPassword',
      summary: 'Set a new password with the token of a reset link; the token works once, and every sign-in of the account ends',
      body: ResetPasswordSchema,
      response: { 204: Type.Null({ description: 'Password set' }), 400: Problem },
    },
  }, async (request, reply) => {
    await deps.passwordResets.reset(request.body);
    return reply.status(204).send(null);
  });
}
