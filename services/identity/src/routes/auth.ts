import { Type } from '@sinclair/typebox';
import type { App } from '@storefleet/kit';
import { LoginSchema, RefreshTokenBodySchema, RegisterSchema, TokenPairSchema, UserSchema } from '@storefleet/contracts';
import type { Accounts } from '../operations/accounts.js';
import type { Sessions } from '../operations/sessions.js';

const Problem = Type.Ref('Problem');

/** Public routes: sign-up, sign-in, token refresh and sign-out. */
export async function authRoutes(app: App, deps: { accounts: Accounts; sessions: Sessions }): Promise<void> {
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
}
