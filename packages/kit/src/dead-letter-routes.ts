import { Type } from '@sinclair/typebox';
import { DeadLetterListSchema } from '@storefleet/contracts';
import type { DeadLetters } from './dead-letters.js';
import { problems } from './problems.js';
import type { App } from './service.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/**
 * A service's dead letters, for admins (register inside an admin-only scope). The gateway gathers every
 * service's list (`/api/events/dead-letters`), so these stay out of the public docs.
 * @example await app.register(async (admin) => { ...; deadLetterRoutes(admin, deadLetters) })
 */
export function deadLetterRoutes(scope: App, deadLetters: DeadLetters): void {
  scope.get(
    '/events/dead-letters',
    { schema: { hide: true, response: { 200: DeadLetterListSchema, ...problems(401, 403) } } },
    async () => ({ dead_letters: await deadLetters.list() }),
  );
  scope.post(
    '/events/dead-letters/:id/replay',
    { schema: { hide: true, params: IdParams, response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409) } } },
    async (request, reply) => {
      await deadLetters.replay(request.params.id);
      return reply.status(204).send(null);
    },
  );
  scope.delete(
    '/events/dead-letters/:id',
    { schema: { hide: true, params: IdParams, response: { 204: Type.Null(), ...problems(400, 401, 403, 404) } } },
    async (request, reply) => {
      await deadLetters.discard(request.params.id);
      return reply.status(204).send(null);
    },
  );
}
