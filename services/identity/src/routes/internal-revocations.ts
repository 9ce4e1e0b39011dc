import { LONGEST_ACCESS_TOKEN_LIFETIME_MS, type App } from '@storefleet/kit';
import { SessionRevocationListSchema } from '@storefleet/contracts/internal';
import type { UsersStore } from '../store/users-store.js';

/**
 * The revocations a token verifier needs when it starts (later ones reach it as user.sessions_revoked
 * events); under /internal, for services and the gateway, never routed to clients.
 */
export async function internalRevocationRoutes(app: App, deps: { users: UsersStore; accessTokenTtlSeconds: number }): Promise<void> {
  app.get('/internal/sessions/revocations', {
    schema: {
      tags: ['auth (internal)'],
      operationId: 'listSessionRevocations',
      summary: 'Per user, the time before which access tokens are refused, for revocations younger than the access-token lifetime',
      response: { 200: SessionRevocationListSchema },
    },
  }, async () => {
    // A revocation older than the lifetime refuses only expired tokens; a minute of margin covers clock steps.
    const horizonMs = Math.min(deps.accessTokenTtlSeconds * 1000 + 60_000, LONGEST_ACCESS_TOKEN_LIFETIME_MS);
    return { items: await deps.users.revocationsSince(new Date(Date.now() - horizonMs)) };
  });
}
