import { createHash, randomBytes } from 'node:crypto';
import { PUBLISHABLE_KEY_PREFIX } from '@storefleet/contracts';

/** How many characters of a key are kept in clear, to tell keys apart in a list (`pk_` + 6). */
const VISIBLE_CHARACTERS = PUBLISHABLE_KEY_PREFIX.length + 6;

/** A new publishable key: `pk_` and 192 random bits, URL-safe. */
export function newPublishableKey(): string {
  return PUBLISHABLE_KEY_PREFIX + randomBytes(24).toString('base64url');
}

/**
 * What identity keeps instead of the key, and what the gateway compares (as hex). A fast hash
 * suffices: the key is random, not guessable.
 */
export function hashPublishableKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** The part of a key shown in lists. */
export function visiblePrefix(key: string): string {
  return key.slice(0, VISIBLE_CHARACTERS);
}
