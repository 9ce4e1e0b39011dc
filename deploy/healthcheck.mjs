// The image's HEALTHCHECK: healthy once the service answers /readyz (its database reachable and
// migrated), so `depends_on: condition: service_healthy` waits for a service that can serve.
const DEFAULT_PORTS = { gateway: 8080, identity: 4001, catalog: 4002, orders: 4003, payments: 4004, inventory: 4005, notifications: 4006, warranties: 4007 };
const port = process.env.PORT ?? DEFAULT_PORTS[process.env.SERVICE];

try {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
