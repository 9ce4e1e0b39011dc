import { EVENT_TYPES } from '@storefleet/contracts';
import { AppError, matchesEventType } from '@storefleet/kit';

/** Every event type Storefleet publishes: what a webhook may subscribe to. */
export const KNOWN_EVENT_TYPES: readonly string[] = Object.values(EVENT_TYPES);

/**
 * Refuses a pattern that matches no event type (`ordr.*`, `order.create`), so a typo is a 400 naming the
 * field rather than an endpoint that silently never gets anything. `*` alone subscribes to everything.
 */
export function checkEventPatterns(patterns: string[], field = 'events'): string[] {
  const unique = [...new Set(patterns.map((p) => p.trim()))];
  for (const pattern of unique) {
    const wildcard = pattern.indexOf('*');
    const wellFormed = wildcard === -1 || wildcard === pattern.length - 1;
    if (!wellFormed || !KNOWN_EVENT_TYPES.some((type) => matchesEventType([pattern], type))) {
      throw new AppError('validation', `"${pattern}" matches no event type`, {
        fields: [{ field, message: `"${pattern}" matches no event type; known: ${KNOWN_EVENT_TYPES.join(', ')} (a pattern may end in *)` }],
      });
    }
  }
  return unique;
}
