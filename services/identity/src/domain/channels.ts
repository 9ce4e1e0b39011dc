import { AppError } from '@storefleet/kit';
import { DEFAULT_CHANNEL, PUBLISHABLE_KEY_PREFIX } from '@storefleet/contracts';

/**
 * The origins as browsers send them (`new URL(o).origin`: lower-case host, no default port), each
 * once; one that is not exactly an origin (a path, credentials, another scheme) is a 400 naming it.
 */
export function normalizeOrigins(origins: string[]): string[] {
  const normalized = origins.map((origin, index) => {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    const valid = url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password &&
      url.pathname === '/' && !url.search && !url.hash && !origin.endsWith('/');
    if (!valid) {
      throw new AppError('validation', `${JSON.stringify(origin)} is not an origin`, {
        fields: [{ field: `allowed_origins.${index}`, message: 'must be an origin: http(s)://host[:port], nothing after' }],
      });
    }
    return url!.origin;
  });
  return [...new Set(normalized)];
}

/** The default channel serves every request without a key: it can be changed, never removed. */
export function assertMayDeleteChannel(id: string): void {
  if (id === DEFAULT_CHANNEL) throw new AppError('conflict', `The ${DEFAULT_CHANNEL} channel serves requests without a key; it cannot be deleted`);
}

/** A publishable key given by configuration (WEB_CHANNEL_KEY) must look like one. */
export function isPublishableKey(key: string): boolean {
  return key.startsWith(PUBLISHABLE_KEY_PREFIX) && /^[A-Za-z0-9_-]{24,128}$/.test(key);
}
