import { createHash, randomBytes } from 'node:crypto';

/** A new password-reset token: 256 random bits, URL-safe (it is mailed inside a link). */
export function newResetToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps instead of the token. A fast hash suffices: the token is random, not guessable. */
export function hashResetToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
