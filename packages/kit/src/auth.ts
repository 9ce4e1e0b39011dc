import { Type } from '@sinclair/typebox';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Role } from '@storefleet/contracts';
import { AppError } from './errors.js';
import type { SessionRevocations } from './session-revocations.js';

export interface AuthUser {
  id: string;
  role: Role;
  email?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, set by the auth hooks; undefined for anonymous requests. */
    user?: AuthUser;
  }
}

export const TOKEN_ISSUER = 'storefleet-identity';
export const TOKEN_AUDIENCE = 'storefleet';

/** Where a service finds identity, whose key set verifies tokens; spread into each service's config schema. */
export const IdentityUrlsConfig = {
  IDENTITY_URLS: Type.String({
    minLength: 1,
    default: 'http://127.0.0.1:4001',
    description: 'comma-separated identity base URLs; the key set is read from <first>/.well-known/jwks.json',
  }),
};

/**
 * identity's key set URL: `<first IDENTITY_URLS entry>/.well-known/jwks.json`.
 * @example jwksUrlOf('http://a:4001, http://b:4001') // 'http://a:4001/.well-known/jwks.json'
 */
export function jwksUrlOf(identityUrls: string): string {
  const first = identityUrls.split(',').map((u) => u.trim()).find(Boolean);
  if (!first) throw new Error('IDENTITY_URLS names no URL');
  return `${first.replace(/\/+$/, '')}/.well-known/jwks.json`;
}

/**
 * The claim with a token's issue time in milliseconds. `iat` counts whole seconds, so it cannot tell
 * a token issued just before a revocation from one issued just after it (the new sign-in after a
 * password change); a token without it counts as issued at the start of its `iat` second.
 */
export const ISSUED_AT_MS_CLAIM = 'iat_ms';

/** A verified access token: its user, expiry (seconds) and issue time (milliseconds). */
export type VerifiedUser = AuthUser & { exp: number; issuedAt: number };

export interface TokenVerifier {
  /** Verifies a compact JWT; throws AppError('unauthorized') for anything but a valid, unexpired, unrevoked token. */
  verify(token: string): Promise<VerifiedUser>;
}

const REVOKED = 'The access token was revoked (signed out, password or role changed, or account deactivated): sign in again';

/** The AppError for a revoked token, shared by every place that checks. */
export function revokedTokenError(): AppError {
  return new AppError('unauthorized', REVOKED);
}

/**
 * Verifies EdDSA access tokens against identity's key set. Verified tokens are cached until they
 * expire, since an Ed25519 check costs more CPU than proxying the request.
 * @example const verifier = createTokenVerifier({ jwksUrl: 'http://127.0.0.1:4001/.well-known/jwks.json' })
 */
export function createTokenVerifier(options: {
  jwksUrl?: string;
  jwks?: JSONWebKeySet | (() => Promise<JSONWebKeySet>);
  cacheSize?: number;
  /** Refuses the tokens issued before their user's sessions were revoked, cached ones included. */
  revocations?: SessionRevocations;
}): TokenVerifier {
  let getKey: JWTVerifyGetKey;
  if (options.jwksUrl) {
    getKey = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 5_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 3_000 });
  } else if (typeof options.jwks === 'function') {
    const load = options.jwks;
    getKey = async (header, token) => createLocalJWKSet(await load())(header, token);
  } else if (options.jwks) {
    getKey = createLocalJWKSet(options.jwks);
  } else {
    throw new Error('createTokenVerifier needs jwksUrl or jwks');
  }
  const cache = new LRUCache<string, VerifiedUser>({ max: options.cacheSize ?? 10_000 });
  const revocations = options.revocations;

  return {
    async verify(token) {
      const hit = cache.get(token);
      const now = Math.floor(Date.now() / 1000);
      if (hit && revocations?.revoked(hit.id, hit.issuedAt)) throw revokedTokenError();
      if (hit && hit.exp > now) return hit;
      if (hit) cache.delete(token);
      let user: VerifiedUser;
      try {
        const { payload } = await jwtVerify(token, getKey, { algorithms: ['EdDSA'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
        if (typeof payload.sub !== 'string' || (payload.role !== 'customer' && payload.role !== 'admin') || typeof payload.exp !== 'number') {
          throw new Error('token lacks sub, role or exp');
        }
        const issuedAt = typeof payload[ISSUED_AT_MS_CLAIM] === 'number' ? payload[ISSUED_AT_MS_CLAIM] : (payload.iat ?? 0) * 1000;
        user = { id: payload.sub, role: payload.role, ...(typeof payload.email === 'string' ? { email: payload.email } : {}), exp: payload.exp, issuedAt };
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_JWT_EXPIRED') throw new AppError('unauthorized', 'The access token has expired', { cause: error });
        if ((error as { code?: string }).code === 'ERR_JWKS_TIMEOUT' || (error as { code?: string }).code === 'ECONNREFUSED') {
          throw new AppError('unavailable', 'Token keys cannot be fetched right now', { cause: error });
        }
        throw new AppError('unauthorized', 'The access token is invalid', { cause: error });
      }
      if (revocations?.revoked(user.id, user.issuedAt)) throw revokedTokenError();
      cache.set(token, user);
      return user;
    },
  };
}

/** The bearer token of a request, or undefined; a malformed Authorization header is refused. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9\-_.]+)$/i.exec(authorization.trim());
  if (!match) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <token>"');
  return match[1];
}

/** Hooks that attach `request.user`: `required` refuses anonymous requests, `optional` allows them. */
export interface AuthHooks {
  required: onRequestAsyncHookHandler;
  optional: onRequestAsyncHookHandler;
}

export function createAuthHooks(verifier: TokenVerifier): AuthHooks {
  async function attach(request: FastifyRequest, mustHaveUser: boolean): Promise<void> {
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      if (mustHaveUser) throw new AppError('unauthorized', 'This endpoint needs a bearer access token');
      return;
    }
    request.user = await verifier.verify(token);
  }
  return {
    required: async (request) => attach(request, true),
    optional: async (request) => attach(request, false),
  };
}

/**
 * A hook refusing users without one of the roles; register it after an auth hook.
 * @example scope.addHook('onRequest', requireRole('admin'))
 */
export function requireRole(...roles: Role[]) {
  return async function checkRole(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    if (!request.user) throw new AppError('unauthorized', 'This endpoint needs a bearer access token');
    if (!roles.includes(request.user.role)) throw new AppError('forbidden', `This endpoint is for ${roles.join(' or ')} accounts`);
  };
}

/**
 * The user an auth hook attached to the request; for handlers in a scope behind `required`.
 * @example const user = requireUser(request)
 */
export function requireUser(request: { user?: AuthUser }): AuthUser {
  if (!request.user) throw new AppError('unauthorized', 'This endpoint needs a bearer access token');
  return request.user;
}
