import { Type } from '@sinclair/typebox';
import { requireUser, type App } from '@storefleet/kit';
import { UpdateMeSchema, UserSchema } from '@storefleet/contracts';
import type { Accounts } from '../operations/accounts.js';

const Problem = Type.Ref('Problem');

/** The signed-in user's own account; registered inside a scope that requires a token. */
export async function meRoutes(app: App, deps: { accounts: Accounts }): Promise<void> {
  app.get('/me', {
    schema: {
      tags: ['users'],
      operationId: 'getMe',
      summary: 'The signed-in account',
      security: [{ bearer: [] }],
      response: { 200: UserSchema, 401: Problem },
    },
  }, async (request) => deps.accounts.me(requireUser(request)));

  app.patch('/me', {
    schema: {
      tags: ['users'],
      operationId: 'updateMe',
      summary: 'Change own names or password (a new password needs current_password and ends other sign-ins)',
      security: [{ bearer: [] }],
      body: UpdateMeSchema,
      response: { 200: UserSchema, 400: Problem, 401: Problem, 403: Problem, 429: Problem },
    },
  }, async (request) => deps.accounts.updateMe(requireUser(request), request.body, request.ip));
}
