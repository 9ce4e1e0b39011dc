import { Type } from '@sinclair/typebox';
import { requireUser, type App } from '@storefleet/kit';
import { AdminUpdateUserSchema, IdParamsSchema, UserListQuerySchema, UserPageSchema, UserSchema } from '@storefleet/contracts';
import type { Accounts } from '../operations/accounts.js';

const Problem = Type.Ref('Problem');
const guarded = { security: [{ bearer: [] }], tags: ['users (admin)'] };
const denied = { 401: Problem, 403: Problem };

/** Admin management of every account; registered inside a scope that requires an admin. */
export async function adminUserRoutes(app: App, deps: { accounts: Accounts }): Promise<void> {
  app.get('/', {
    schema: {
      ...guarded,
      operationId: 'listUsers',
      summary: 'Search and page through accounts',
      querystring: UserListQuerySchema,
      response: { 200: UserPageSchema, 400: Problem, ...denied },
    },
  }, async (request) => deps.accounts.list(request.query));

  app.get('/:id', {
    schema: {
      ...guarded,
      operationId: 'getUser',
      summary: 'One account',
      params: IdParamsSchema,
      response: { 200: UserSchema, 400: Problem, ...denied, 404: Problem },
    },
  }, async (request) => deps.accounts.get(request.params.id));

  app.patch('/:id', {
    schema: {
      ...guarded,
      operationId: 'updateUser',
      summary: 'Change an account: names, role, active (deactivating ends its sign-ins)',
      params: IdParamsSchema,
      body: AdminUpdateUserSchema,
      response: { 200: UserSchema, 400: Problem, ...denied, 404: Problem, 409: Problem },
    },
  }, async (request) => deps.accounts.adminUpdate(requireUser(request), request.params.id, request.body));

  app.delete('/:id', {
    schema: {
      ...guarded,
      operationId: 'deleteUser',
      summary: 'Soft-delete an account: deactivated, marked deleted, signed out everywhere',
      params: IdParamsSchema,
      response: { 204: Type.Null({ description: 'Deleted' }), 400: Problem, ...denied, 404: Problem, 409: Problem },
    },
  }, async (request, reply) => {
    await deps.accounts.remove(requireUser(request), request.params.id);
    return reply.status(204).send(null);
  });
}
