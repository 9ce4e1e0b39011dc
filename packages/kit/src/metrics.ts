import client from 'prom-client';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where this app's metrics are counted (served at /metrics, or by the caller that gave it). */
    metricsRegistry: client.Registry;
  }
}

/**
 * Prometheus metrics for one app: request count and duration by method, route and status,
 * plus Node's defaults, on a registry of its own (several apps may share a process), served at
 * `/metrics`. Given a registry, they are counted into it and the caller serves it elsewhere.
 */
export function installMetrics(app: FastifyInstance, service: string, given?: client.Registry): client.Registry {
  const registry = given ?? new client.Registry();
  registry.setDefaultLabels({ service });
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.decorate('metricsRegistry', registry);
  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
  if (given) return registry;
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}

/**
 * Counts a business outcome (checkouts by outcome, payments by result...) on the app's registry. Each
 * known value is there at 0 from the start, so dashboards and alerts see the series before the first one.
 * @example const checkouts = createOutcomeCounter(app, { name: 'storefleet_checkouts_total', help: '...', label: 'outcome', values: ['placed'] }); checkouts('placed')
 */
export function createOutcomeCounter(
  app: FastifyInstance,
  options: { name: string; help: string; label: string; values: readonly string[] },
): (value: string, by?: number) => void {
  const count = createOutcomesCounter(app, { name: options.name, help: options.help, labels: { [options.label]: options.values } });
  return (value, by = 1) => count({ [options.label]: value }, by);
}

/**
 * `createOutcomeCounter` over several labels (deliveries by channel and outcome): every combination of the
 * known values is there at 0 from the start.
 * @example const deliveries = createOutcomesCounter(app, { name: 'storefleet_deliveries_total', help: '...', labels: { channel: ['email'], outcome: ['sent'] } }); deliveries({ channel: 'email', outcome: 'sent' })
 */
export function createOutcomesCounter<L extends string>(
  app: FastifyInstance,
  options: { name: string; help: string; labels: Record<L, readonly string[]> },
): (labels: Record<L, string>, by?: number) => void {
  const names = Object.keys(options.labels) as L[];
  const counter = new client.Counter({ name: options.name, help: options.help, labelNames: names, registers: [app.metricsRegistry] });
  const combinations = names.reduce<Partial<Record<L, string>>[]>((partial, name) => partial.flatMap((labels) => options.labels[name].map((value) => ({ ...labels, [name]: value }))), [{}]);
  for (const labels of combinations) counter.inc(labels, 0);
  return (labels, by = 1) => counter.inc(labels, by);
}
