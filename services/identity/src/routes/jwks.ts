import type { App } from '@storefleet/kit';
import { JwksSchema, type Jwks } from '@storefleet/contracts';
import type { SigningKeys } from '../crypto/signing-keys.js';

/** The public keys that verify identity's access tokens. */
export async function jwksRoutes(app: App, deps: { keys: SigningKeys }): Promise<void> {
  app.get('/.well-known/jwks.json', {
    schema: {
      tags: ['auth'],
      operationId: 'getJwks',
      summary: 'Public keys for verifying access tokens (RFC 7517)',
      response: { 200: JwksSchema },
    },
  }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return (await deps.keys.publicJwks()) as Jwks;
  });
}
