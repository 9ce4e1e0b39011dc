import { Agent } from 'undici';
import type { FastifyBaseLogger } from 'fastify';
import { SERVICES, serviceUrls, type GatewayConfig, type ServiceName } from './config.js';
import { ConnectionPool } from './http1/connection-pool.js';

/** One upstream URL with its kept-alive connection pool and passive health. */
export interface Upstream {
  url: string;
  /** Its position in the service's list, a bit in the `tried` set of a call. */
  index: number;
  /** `host: <host:port>\r\n`, the Host line of proxied requests. */
  hostLine: string;
  /** The proxy's connections. */
  pool: ConnectionPool;
  /** Failures in a row (connection refused/reset, timeout). */
  failures: number;
  /** While `Date.now()` is below this, the upstream is skipped. */
  downUntil: number;
}

export interface ServiceUpstreams {
  name: ServiceName;
  upstreams: Upstream[];
  /** Round-robin cursor. */
  next: number;
}

export interface Upstreams {
  get(service: ServiceName): ServiceUpstreams;
  all(): ServiceUpstreams[];
  /** For the gateway's own calls (health checks, docs): an undici dispatcher apart from the proxy's pools. */
  agent: Agent;
  /**
   * The next healthy upstream in round-robin order that is not in `tried` (a bit per index),
   * or undefined when none is left.
   */
  pick(service: ServiceUpstreams, now: number, tried: number): Upstream | undefined;
  failed(upstream: Upstream, now: number, reason: string): void;
  succeeded(upstream: Upstream): void;
  close(): Promise<void>;
}

/**
 * Pools and passive health for every configured service: an upstream that fails
 * `UPSTREAM_FAILURES_TO_MARK_DOWN` times in a row (or refuses a connection once) is skipped for
 * `UPSTREAM_DOWN_MS`, then tried again.
 * (A call the client cancels has no verdict, so this is simpler than a half-open breaker that
 * must hear back from every trial.)
 */
export function createUpstreams(config: GatewayConfig, log: FastifyBaseLogger): Upstreams {
  const timeout = config.UPSTREAM_TIMEOUT_MS;
  const agent = new Agent({ connections: 4, keepAliveTimeout: 4_000 });
  const services = new Map<ServiceName, ServiceUpstreams>();
  for (const name of SERVICES) {
    const upstreams = serviceUrls(config, name).map((url, index): Upstream => ({
      url,
      index,
      hostLine: `host: ${new URL(url).host}\r\n`,
      pool: new ConnectionPool(url, { connections: config.UPSTREAM_CONNECTIONS, timeoutMs: timeout, keepAliveMs: 4_000 }),
      failures: 0,
      downUntil: 0,
    }));
    if (upstreams.length > 31) throw new Error(`${name.toUpperCase()}_URLS lists more than 31 URLs`);
    services.set(name, { name, upstreams, next: 0 });
  }

  return {
    agent,
    get: (service) => services.get(service)!,
    all: () => [...services.values()],
    pick(service, now, tried) {
      const list = service.upstreams;
      const n = list.length;
      for (let i = 0; i < n; i++) {
        const index = (service.next + i) % n;
        const upstream = list[index]!;
        if ((tried & (1 << index)) === 0 && upstream.downUntil <= now) {
          service.next = (index + 1) % n;
          return upstream;
        }
      }
      return undefined;
    },
    failed(upstream, now, reason) {
      upstream.failures++;
      // Nothing listens there: no point in a second try before the down period is over.
      if (reason === 'ECONNREFUSED') upstream.failures = Math.max(upstream.failures, config.UPSTREAM_FAILURES_TO_MARK_DOWN);
      if (upstream.failures >= config.UPSTREAM_FAILURES_TO_MARK_DOWN) {
        if (upstream.downUntil <= now) log.warn({ upstream: upstream.url, reason, down_ms: config.UPSTREAM_DOWN_MS }, 'upstream marked down');
        upstream.downUntil = now + config.UPSTREAM_DOWN_MS;
      }
    },
    succeeded(upstream) {
      if (upstream.failures !== 0) {
        upstream.failures = 0;
        upstream.downUntil = 0;
      }
    },
    async close() {
      await Promise.all([...services.values()].flatMap((s) => s.upstreams.map((u) => u.pool.close())));
      await agent.close();
    },
  };
}
