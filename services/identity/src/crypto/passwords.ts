import { argon2id, hash, needsRehash, verify } from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 35 ms, and a bounded memory
// cost per concurrent login.
const PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * The stored hash of an account without a usable password (one made by a CSV import): no argon2 hash
 * looks like this, so verify answers false for every password until the owner sets one by a reset.
 */
export const NO_PASSWORD = '!';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** True when the hash was made with older parameters and should be replaced after a login. */
  needsRehash(passwordHash: string): boolean;
  /** Spends the time of a verification, so an unknown email answers as slowly as a wrong password. */
  verifyNothing(password: string): Promise<void>;
}

/** argon2id password hashing. */
export function createPasswordHasher(): PasswordHasher {
  let decoy: Promise<string> | undefined;
  return {
    hash: (password) => hash(password, { type: argon2id, ...PARAMS }),
    async verify(passwordHash, password) {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false; // a malformed stored hash never signs anyone in
      }
    },
    needsRehash: (passwordHash) => needsRehash(passwordHash, PARAMS),
    async verifyNothing(password) {
      decoy ??= hash('decoy password, never matches', { type: argon2id, ...PARAMS });
      await verify(await decoy, password).catch(() => false);
    },
  };
}
