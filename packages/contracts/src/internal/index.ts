// Contracts between services only: `/internal/...` routes, which the gateway never routes, so no client
// sees them. Imported as `@storefleet/contracts/internal`, never through the package's root (which the
// web apps bundle). A shape both sides of the gateway see (a payment, a stock shortage) stays public.
export * from './catalog.js';
export * from './identity.js';
export * from './inventory.js';
export * from './payments.js';
