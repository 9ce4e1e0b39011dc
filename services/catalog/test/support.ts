import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, createDatabase, createDb, createInProcessBus, createTokenVerifier, type App, type Db, type EventBus } from '@storefleet/kit';
import { createCatalogApp, loadCatalogConfig } from '../src/app.js';

export interface TestCatalog {
  app: App;
  db: Db;
  bus: EventBus;
  url: string;
  /** Authorization headers of a signed-in admin and customer. */
  admin: { authorization: string };
  customer: { authorization: string };
  /** Builds another catalog app on the same database, as a restart or a second replica would. */
  restart(): Promise<App>;
  close(): Promise<void>;
}

/** A catalog on a fresh database, trusting a key pair made here to sign test tokens. */
export async function startCatalog(options: { seed: boolean }): Promise<TestCatalog> {
  const url = await createDatabase(inject('postgresAdminUrl'), 'catalog_test');
  const db = createDb({ url });
  const bus = createInProcessBus();
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'EdDSA', use: 'sig' };
  const verifier = createTokenVerifier({ jwks: { keys: [jwk] } });
  const config = loadCatalogConfig({ DATABASE_URL: url, SEED_DEMO_DATA: String(options.seed) });
  const build = () => createCatalogApp({ config, db, bus, verifier, logLevel: 'silent' });
  const sign = async (role: 'admin' | 'customer') => {
    const token = await new SignJWT({ role, email: `${role}@example.com` })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'test-key' })
      .setSubject(randomUUID())
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(privateKey);
    return { authorization: `Bearer ${token}` };
  };
  const app = await build();
  const others: App[] = [];
  return {
    app,
    db,
    bus,
    url,
    admin: await sign('admin'),
    customer: await sign('customer'),
    async restart() {
      const other = await build();
      others.push(other);
      return other;
    },
    async close() {
      for (const other of others) await other.close();
      await app.close();
      await bus.close();
      await db.close();
    },
  };
}

/** The outbox rows written for one product, oldest first. */
export async function outboxFor(db: Db, productId: string): Promise<{ type: string; source: string; data: Record<string, unknown> }[]> {
  const { rows } = await db.query<{ type: string; source: string; data: Record<string, unknown> }>(
    'SELECT type, source, data FROM outbox WHERE subject = $1 ORDER BY time, type',
    [productId],
  );
  return rows;
}
