import { setTimeout as sleep } from 'node:timers/promises';
import { EVENT_TYPES, type SessionsRevokedEventData } from '@storefleet/contracts';
import { SessionRevocationListSchema } from '@storefleet/contracts/internal';
import type { KitLogger } from './db.js';
import type { EventBus, EventEnvelope } from './event-bus.js';
import { createCheck } from './validation.js';

/**
 * No access token lives longer than this (identity's ACCESS_TOKEN_TTL is at most a day), so a
 * revocation older than this can refuse nothing that is not already expired.
 */
export const LONGEST_ACCESS_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Per user, the time before which their access tokens are refused (logout, password or role change, deactivation). */
export interface SessionRevocations {
  /** Refuses the user's tokens issued before `notBefore` (ms); an older time than the one kept changes nothing. */
  revoke(userId: string, notBefore: number): void;
  /** True when a token of the user issued at `issuedAt` (ms, identity's clock) was revoked since. */
  revoked(userId: string, issuedAt: number): boolean;
}

/**
 * An in-memory revocation list. Entries are kept in the order they were last raised, so those
 * older than the longest token lifetime are dropped from the front as new ones arrive (and such
 * old ones are not kept at all).
 * @example const revocations = createSessionRevocations(); revocations.revoke(userId, Date.now())
 */
export function createSessionRevocations(): SessionRevocations {
  const notBefore = new Map<string, number>();
  return {
    revoke(userId, time) {
      const horizon = Date.now() - LONGEST_ACCESS_TOKEN_LIFETIME_MS;
      const kept = notBefore.get(userId);
      if (time < horizon || (kept !== undefined && kept >= time)) return;
      notBefore.delete(userId);
      notBefore.set(userId, time);
      // Mostly oldest first; one that came late (out of order) is dropped once those before it are.
      for (const [id, at] of notBefore) {
        if (at >= horizon) break;
        notBefore.delete(id);
      }
    },
    revoked(userId, issuedAt) {
      if (notBefore.size === 0) return false;
      const time = notBefore.get(userId);
      return time !== undefined && issuedAt < time;
    },
  };
}

/** A revocation's data as the event and identity's list carry it, or undefined when malformed. */
function revocationOf(data: unknown): { userId: string; notBefore: number } | undefined {
  const { user_id: userId, not_before: time } = (data ?? {}) as Partial<SessionsRevokedEventData>;
  const notBefore = typeof time === 'string' ? Date.parse(time) : NaN;
  return typeof userId === 'string' && Number.isFinite(notBefore) ? { userId, notBefore } : undefined;
}

/** Records a `user.sessions_revoked` event (from the bus, or relayed to another process); ignores anything else. */
export function applyRevocationEvent(revocations: SessionRevocations, event: Pick<EventEnvelope, 'type' | 'data'>): boolean {
  if (event.type !== EVENT_TYPES.userSessionsRevoked) return false;
  const revocation = revocationOf(event.data);
  if (revocation) revocations.revoke(revocation.userId, revocation.notBefore);
  return revocation !== undefined;
}

const isRevocationList = createCheck(SessionRevocationListSchema);

/**
 * Reads identity's list of recent revocations from the first of its URLs that answers.
 * @example followSessionRevocations({ revocations, load: revocationsFromIdentity(['http://127.0.0.1:4001']), log })
 */
export function revocationsFromIdentity(identityUrls: string[]): () => Promise<SessionsRevokedEventData[]> {
  return async () => {
    let lastError: unknown = new Error('no identity URL');
    for (const base of identityUrls) {
      try {
        const response = await fetch(`${base.replace(/\/+$/, '')}/internal/sessions/revocations`, { signal: AbortSignal.timeout(3_000) });
        if (!response.ok) throw new Error(`identity answered ${response.status}`);
        const body: unknown = await response.json();
        if (!isRevocationList(body)) throw new Error('identity answered something that is not a revocation list');
        return body.items;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  };
}

export interface FollowRevocationsOptions {
  revocations: SessionRevocations;
  /** Feeds the list with `user.sessions_revoked` events: a broadcast, since every process keeps its own list. */
  bus?: EventBus;
  /** The revocations made before this process started (revocationsFromIdentity); retried until it succeeds. */
  load?: () => Promise<SessionsRevokedEventData[]>;
  log: KitLogger;
  /** Pause between attempts to load while it fails (default 1 s). */
  retryMs?: number;
}

/**
 * Keeps `revocations` up to date: subscribes to the events first, then loads the earlier ones
 * (retried in the background until it succeeds), so none falls between. Returns the function that stops both.
 * @example const stop = followSessionRevocations({ revocations, bus, load: revocationsFromIdentity(urls), log })
 */
export function followSessionRevocations(options: FollowRevocationsOptions): () => void {
  const { revocations, log, load } = options;
  const unsubscribe = options.bus?.broadcast([EVENT_TYPES.userSessionsRevoked], async (event) => {
    if (!applyRevocationEvent(revocations, event)) log.warn({ event_id: event.id }, 'malformed user.sessions_revoked event; skipped');
  });
  let stopped = false;
  void (async () => {
    for (let attempt = 0; load && !stopped; attempt++) {
      try {
        for (const item of await load()) {
          const revocation = revocationOf(item);
          if (revocation) revocations.revoke(revocation.userId, revocation.notBefore);
        }
        return;
      } catch (err) {
        if (attempt % 10 === 0) log.warn({ err }, 'cannot load the session revocations made before this start yet; retrying');
        await sleep(options.retryMs ?? 1_000, undefined, { ref: false });
      }
    }
  })();
  return () => {
    stopped = true;
    unsubscribe?.();
  };
}
