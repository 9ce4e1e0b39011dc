import { Connection, UpstreamError, type PoolOptions, type PooledRequest } from './connection.js';

/**
 * Kept-alive HTTP/1.1 connections to one upstream origin, one request at a time per connection.
 * Built for the proxy hot path: the request head is one latin1 string and one socket write, the
 * response head arrives as strings, and timeouts are deadlines swept a few times a second instead
 * of a timer per request.
 */
export class ConnectionPool {
  readonly host: string;
  readonly port: number;
  readonly options: PoolOptions;
  readonly idle: Connection[] = [];
  readonly busy = new Set<Connection>();
  private readonly waiting: { request: PooledRequest; since: number }[] = [];
  private closed = false;
  private readonly sweeper: NodeJS.Timeout;

  constructor(origin: string, options: PoolOptions) {
    const url = new URL(origin);
    if (url.protocol !== 'http:') throw new Error(`only http:// upstreams are supported, not ${origin}`);
    this.host = url.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(url.port || 80);
    this.options = options;
    this.sweeper = setInterval(() => this.sweep(), Math.max(25, Math.min(500, Math.floor(options.timeoutMs / 4))));
    this.sweeper.unref();
  }

  get size(): number {
    return this.idle.length + this.busy.size;
  }

  dispatch(request: PooledRequest, now: number): void {
    if (this.closed) return request.onError(new UpstreamError('the gateway is closing', 'UPSTREAM_CLOSED'));
    const connection = this.idle.pop();
    if (connection !== undefined) return connection.start(request, now);
    if (this.size < this.options.connections) return new Connection(this).start(request, now);
    this.waiting.push({ request, since: now });
  }

  /** Takes a request out of the waiting line (the client went away). */
  withdraw(request: PooledRequest): void {
    const index = this.waiting.findIndex((entry) => entry.request === request);
    if (index >= 0) this.waiting.splice(index, 1);
  }

  /** A connection finished its request and can carry another. */
  release(connection: Connection): void {
    this.busy.delete(connection);
    const next = this.waiting.shift();
    if (next !== undefined) return connection.start(next.request, Date.now());
    connection.idleSince = Date.now();
    this.idle.push(connection);
  }

  /** A connection closed (or failed): forget it and let a waiting request open a new one. */
  forget(connection: Connection): void {
    this.busy.delete(connection);
    const index = this.idle.indexOf(connection);
    if (index >= 0) this.idle.splice(index, 1);
    const next = this.waiting.shift();
    if (next !== undefined) this.dispatch(next.request, Date.now());
  }

  private sweep(): void {
    const now = Date.now();
    for (const connection of this.busy) {
      if (connection.deadline !== 0 && connection.deadline <= now) connection.timeout();
    }
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const connection = this.idle[i]!;
      if (now - connection.idleSince >= connection.keepAliveMs) connection.destroy();
    }
    // Every connection is busy and stays busy: the requests in line must not wait forever.
    while (this.waiting.length > 0 && now - this.waiting[0]!.since >= this.options.timeoutMs) {
      this.waiting.shift()!.request.onError(new UpstreamError('no connection to the upstream came free in time', 'UPSTREAM_HEADERS_TIMEOUT'));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const { request } of this.waiting.splice(0)) request.onError(new UpstreamError('the gateway is closing', 'UPSTREAM_CLOSED'));
    for (const connection of [...this.idle, ...this.busy]) connection.destroy();
  }
}

