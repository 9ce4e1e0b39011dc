import { createServer, type Server } from 'node:http';
import client from 'prom-client';
import { SERVICES, type ServiceName } from './config.js';

export type RejectReason = 'bad_request' | 'internal' | 'unauthorized' | 'rate_limited_ip' | 'rate_limited_user' | 'payload_too_large' | 'unavailable' | 'bad_gateway' | 'timeout';

export interface ProxyMetrics {
  registry: client.Registry;
  /** Counts one proxied response; an array increment, so it is cheap on the hot path. */
  proxied(service: ServiceName, status: number): void;
  rejected(reason: RejectReason): void;
  upstreamError(service: ServiceName, upstream: string, code: string): void;
  /** Counts a request the micro-cache answered (`hit`), sent upstream to fill it (`fill`), or held until a fill ended (`wait`). */
  microCache(result: MicroCacheResult): void;
}

export type MicroCacheResult = 'hit' | 'fill' | 'wait';

/**
 * The gateway's proxy metrics on a registry of their own. Proxied responses are counted into plain
 * arrays and turned into Prometheus samples only when /metrics is scraped.
 */
export function createProxyMetrics(): ProxyMetrics {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service: 'gateway' });
  const counts = new Map<ServiceName, number[]>(SERVICES.map((s) => [s, new Array<number>(600).fill(0)]));

  new client.Counter({
    name: 'gateway_proxied_requests_total',
    help: 'Requests proxied to a service, by service and response status',
    labelNames: ['upstream_service', 'status'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [service, statuses] of counts) {
        for (let status = 0; status < statuses.length; status++) {
          if (statuses[status]! > 0) this.inc({ upstream_service: service, status: String(status) }, statuses[status]!);
        }
      }
    },
  });
  const rejected = new client.Counter({
    name: 'gateway_rejected_requests_total',
    help: 'Requests the gateway answered itself with an error, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const upstreamErrors = new client.Counter({
    name: 'gateway_upstream_errors_total',
    help: 'Failed calls to an upstream, by service, upstream URL and error code',
    labelNames: ['upstream_service', 'upstream', 'code'] as const,
    registers: [registry],
  });

  const microCacheCounts: Record<MicroCacheResult, number> = { hit: 0, fill: 0, wait: 0 };
  new client.Counter({
    name: 'gateway_microcache_requests_total',
    help: 'Anonymous public reads the micro-cache answered (hit), sent upstream to fill it (fill), or held until a fill ended (wait)',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [result, count] of Object.entries(microCacheCounts)) if (count > 0) this.inc({ result }, count);
    },
  });

  return {
    registry,
    microCache(result) {
      microCacheCounts[result]++;
    },
    proxied(service, status) {
      const statuses = counts.get(service)!;
      statuses[status > 0 && status < 600 ? status : 0]!++;
    },
    rejected: (reason) => rejected.inc({ reason }),
    upstreamError: (service, upstream, code) => upstreamErrors.inc({ upstream_service: service, upstream, code }),
  };
}

/**
 * The gateway's `/metrics` on a server of its own (METRICS_PORT): the public port is for clients,
 * and per-service status counts are for the operator's scraper only.
 */
export function createMetricsServer(registry: client.Registry): Server {
  return createServer((req, res) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && req.url?.split('?')[0] === '/metrics') {
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(req.method === 'HEAD' ? undefined : text);
        },
        () => {
          res.writeHead(500).end();
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not found: the metrics port serves GET /metrics only\n');
  });
}
