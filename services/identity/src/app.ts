import { fileURLToPath } from 'node:url';
import {
  KIT_MIGRATIONS, createAuthHooks, createCsvImports, createOutbox, createRelay, createService, createSessionRevocations, createSubscriptions, createTokenVerifier,
  csvRoutes, followSessionRevocations, requireRole, type App, type Db, type EventBus, type TokenVerifier,
} from '@storefleet/kit';
import { DEFAULT_CHANNEL, UserListQuerySchema } from '@storefleet/contracts';
import type { IdentityConfig } from './config.js';
import { createAccessTokenIssuer } from './crypto/access-tokens.js';
import { createPasswordHasher } from './crypto/passwords.js';
import { createSigningKeys } from './crypto/signing-keys.js';
import { createLoginThrottle, createMemoryLoginAttemptStore, type LoginAttemptStore } from './domain/login-throttle.js';
import { createAccounts } from './operations/accounts.js';
import { createChannels, ensureStorefrontChannels, parseStorefrontChannels, registerChannelKey } from './operations/channels.js';
import { bootstrapAdmin } from './operations/bootstrap-admin.js';
import { createPasswordResets } from './operations/password-resets.js';
import { createAccessTokenRevoker } from './operations/revoke-access-tokens.js';
import { createUsersCsv } from './operations/users-csv.js';
import { createSessions } from './operations/sessions.js';
import { adminUserRoutes } from './routes/admin-users.js';
import { authRoutes } from './routes/auth.js';
import { channelRoutes } from './routes/channels.js';
import { internalChannelRoutes } from './routes/internal-channels.js';
import { internalRevocationRoutes } from './routes/internal-revocations.js';
import { jwksRoutes } from './routes/jwks.js';
import { meRoutes } from './routes/me.js';
import { createPasswordResetsStore } from './store/password-resets-store.js';
import { createChannelsStore } from './store/channels-store.js';
import { createSessionsStore } from './store/sessions-store.js';
import { createSigningKeysStore } from './store/signing-keys-store.js';
import { createUsersStore } from './store/users-store.js';

export { IdentityConfigSchema, type IdentityConfig } from './config.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export interface IdentityAppOptions {
  config: IdentityConfig;
  db: Db;
  bus: EventBus;
  /** Defaults to verifying against this service's own keys, read from its database, refusing revoked tokens. */
  verifier?: TokenVerifier;
  /** Where failed logins are counted; in this process's memory by default. */
  loginAttempts?: LoginAttemptStore;
  logLevel?: string;
}

/**
 * Builds the identity service: users, sign-in, rotating refresh tokens, and the JWKS that every
 * other service verifies access tokens with. Migrates the database, creates the signing key and
 * the first admin when missing, and publishes its events through the outbox.
 * @example const app = await createIdentityApp({ config, db, bus }); await listen(app, config.PORT, config.HOST)
 */
export async function createIdentityApp(options: IdentityAppOptions): Promise<App> {
  const { config, db, bus } = options;
  const app = await createService({
    name: 'identity',
    description: 'Users, sign-in, access and refresh tokens, the public keys that verify them, and the storefront channels with their publishable keys.',
    ready: db.ready,
    logLevel: options.logLevel,
  });
  const log = app.log;
  await db.migrate([KIT_MIGRATIONS, MIGRATIONS_DIR], { log });

  const relay = createRelay({ db, bus, log });
  app.addHook('onClose', async () => relay.stop());
  const outbox = createOutbox('identity', relay);

  const users = createUsersStore(db);
  const sessionsStore = createSessionsStore(db);
  const hasher = createPasswordHasher();
  const keys = createSigningKeys(createSigningKeysStore(db));
  await keys.init();
  const throttle = createLoginThrottle({
    store: options.loginAttempts ?? createMemoryLoginAttemptStore(),
    maxPerEmail: config.LOGIN_MAX_FAILURES_PER_EMAIL,
    maxPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
    windowMs: config.LOGIN_FAILURE_WINDOW * 1000,
  });
  await bootstrapAdmin({ db, users, hasher, outbox, log, email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });

  const channelsStore = createChannelsStore(db);
  const channels = createChannels({ db, channels: channelsStore, outbox });
  if (config.WEB_CHANNEL_KEY) await registerChannelKey({ db, channels: channelsStore, outbox, log }, DEFAULT_CHANNEL, config.WEB_CHANNEL_KEY);
  if (config.STOREFRONT_CHANNELS) {
    await ensureStorefrontChannels({ db, channels: channelsStore, outbox, log, operations: channels }, parseStorefrontChannels(config.STOREFRONT_CHANNELS));
  }

  const tokens = createAccessTokenIssuer(keys, config.ACCESS_TOKEN_TTL);
  const revokeAccessTokens = createAccessTokenRevoker({ users, outbox });
  const accounts = createAccounts({ db, users, sessions: sessionsStore, hasher, outbox, throttle, revokeAccessTokens });
  const sessions = createSessions({ db, users, sessions: sessionsStore, hasher, tokens, throttle, refreshTtlSeconds: config.REFRESH_TOKEN_TTL, revokeAccessTokens, log });
  const passwordResets = createPasswordResets({ db, users, sessions: sessionsStore, resets: createPasswordResetsStore(db), hasher, outbox, revokeAccessTokens });
  const auth = createAuthHooks(options.verifier ?? ownVerifier());
  // Identity subscribes to nothing of its own yet; this gives it the dead-letter routes every service answers.
  await createSubscriptions({ app, db, bus, log, auth, config });

  /** Verifies with this service's keys; its revocation list is kept like every verifier's, loaded from its own database. */
  function ownVerifier(): TokenVerifier {
    const revocations = createSessionRevocations();
    const stop = followSessionRevocations({
      revocations,
      bus,
      load: () => users.revocationsSince(new Date(Date.now() - config.ACCESS_TOKEN_TTL * 1000 - 60_000)),
      log,
    });
    app.addHook('onClose', async () => stop());
    return createTokenVerifier({ jwks: () => keys.publicJwks(), revocations });
  }

  await app.register(jwksRoutes, { keys });
  await app.register(internalRevocationRoutes, { users, accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL });
  await app.register(internalChannelRoutes, { channels: channelsStore });
  await app.register(authRoutes, { accounts, sessions, passwordResets });
  await app.register(async (scope: App) => {
    scope.addHook('onRequest', auth.required);
    await meRoutes(scope, { accounts });
  });
  await app.register(async (scope: App) => {
    scope.addHook('onRequest', auth.required);
    scope.addHook('onRequest', requireRole('admin'));
    scope.addHook('onRequest', async (request) => accounts.assertActiveAdmin(request.user!));
    await adminUserRoutes(scope, { accounts });
    await channelRoutes(scope, { channels });
    csvRoutes(scope, {
      db,
      imports: createCsvImports(db, log),
      resource: createUsersCsv(accounts),
      path: '',
      tag: 'users (admin)',
      maxBytes: config.CSV_IMPORT_MAX_BYTES,
      filters: UserListQuerySchema,
      exportQuery: (query) => users.exportQuery(query),
    });
  });
  return app;
}
