import { connect, type Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { ConnectionPool } from './connection-pool.js';
import { ResponseParser } from './response-parser.js';

/** One request on its way through a pool; the proxy call implements it. */
export interface PooledRequest {
  /** The whole request head: request line, headers, blank line (latin1). */
  readonly head: string;
  /** The request body, or null; sent as is when `bodyLength >= 0`, chunk-encoded when it is -1. */
  readonly body: Readable | null;
  readonly bodyLength: number;
  readonly noResponseBody: boolean;
  /** Set by the pool while a connection carries the request (to abort it). */
  connection: Connection | null;
  onHeaders(status: number, headers: string[]): void;
  /** Returns false to pause the upstream until `connection.resume()`. */
  onData(chunk: Buffer): boolean;
  onComplete(): void;
  /** Any failure before onComplete; `code` names it (ECONNREFUSED, UPSTREAM_HEADERS_TIMEOUT, ...). */
  onError(error: Error & { code?: string }): void;
}

export interface PoolOptions {
  /** At most this many connections; further requests wait in line. */
  connections: number;
  /** Connect + response head deadline, and the longest pause between body bytes, in ms. */
  timeoutMs: number;
  /** How long an idle connection is kept (the upstream's own Keep-Alive hint wins when shorter). */
  keepAliveMs: number;
}

export class UpstreamError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'UpstreamError';
  }
}

const KEEP_ALIVE_TIMEOUT = /timeout=(\d+)/i;

/** Connections whose request head waits for the end of this event-loop turn. */
let batch: Connection[] = [];
function flushBatch(): void {
  const connections = batch;
  batch = [];
  for (let i = 0; i < connections.length; i++) connections[i]!.flush();
}

/** One socket to the upstream and the request it carries, if any. */
export class Connection {
  readonly socket: Socket;
  readonly parser: ResponseParser;
  request: PooledRequest | null = null;
  /** `Date.now()` by which the next response bytes must arrive; 0 when not waiting. */
  deadline = 0;
  idleSince = 0;
  keepAliveMs: number;
  private headReceived = false;
  /** Requests this connection has completed: a failure on a reused connection may just be a stale socket. */
  private served = 0;
  private receivedBytes = false;
  private keepAlive = true;
  private completed = false;
  private bodySent = true;
  private paused = false;
  private dead = false;

  constructor(private readonly pool: ConnectionPool) {
    this.keepAliveMs = pool.options.keepAliveMs;
    this.parser = new ResponseParser(this);
    this.socket = connect({ host: pool.host, port: pool.port, noDelay: true });
    this.socket.on('data', (data: Buffer) => this.onSocketData(data));
    this.socket.on('end', () => this.onSocketEnd());
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new UpstreamError('the upstream closed the connection', 'ECONNRESET')));
  }

  start(request: PooledRequest, now: number): void {
    this.pool.busy.add(this);
    this.request = request;
    request.connection = this;
    this.completed = false;
    this.receivedBytes = false;
    this.keepAlive = true;
    this.deadline = now + this.pool.options.timeoutMs;
    this.parser.expect(request.noResponseBody);
    if (request.body !== null) {
      this.socket.write(request.head, 'latin1');
      this.sendBody(request.body, request.bodyLength);
      return;
    }
    // Requests without a body are written together once this turn of the event loop has read
    // everything it can: on a busy gateway that is one burst of writes instead of a wake-up of the
    // upstream per request.
    if (batch.length === 0) setImmediate(flushBatch);
    batch.push(this);
  }

  /** Writes the head of the request it was given (batched writes). */
  flush(): void {
    if (this.request !== null && !this.dead) this.socket.write(this.request.head, 'latin1');
  }

  /** Resumes reading after `onData` returned false. */
  resume(): void {
    if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
  }

  /** Drops the connection and its request without reporting anything (the caller has given up). */
  abort(): void {
    this.request = null;
    this.destroy();
  }

  destroy(): void {
    if (this.dead) return;
    this.dead = true;
    this.socket.destroy();
    this.pool.forget(this);
  }

  timeout(): void {
    const waitingForHead = this.request !== null && this.parser.busy && !this.headReceived;
    this.fail(new UpstreamError('the upstream did not answer in time', waitingForHead ? 'UPSTREAM_HEADERS_TIMEOUT' : 'UPSTREAM_BODY_TIMEOUT'));
  }

  // --- ResponseEvents (called by the parser) ---
  onHead(status: number, headers: string[], keepAlive: boolean): void {
    this.keepAlive = keepAlive;
    this.headReceived = true;
    if (keepAlive) {
      for (let i = 0; i < headers.length; i += 2) {
        if (headers[i]!.length === 10 && headers[i]!.toLowerCase() === 'keep-alive') {
          const hint = KEEP_ALIVE_TIMEOUT.exec(headers[i + 1]!);
          // Leave a second's margin so the upstream does not close a socket as it is reused.
          if (hint) this.keepAliveMs = Math.min(this.pool.options.keepAliveMs, Math.max(0, Number(hint[1]) * 1000 - 1000));
        }
      }
    }
    this.request!.onHeaders(status, headers);
  }

  onBody(chunk: Buffer): void {
    this.deadline = Date.now() + this.pool.options.timeoutMs;
    if (!this.request!.onData(chunk) && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
  }

  onEnd(): void {
    this.completed = true;
  }

  private onSocketData(data: Buffer): void {
    if (this.request === null) return this.destroy(); // bytes nobody asked for: the connection cannot be trusted
    this.receivedBytes = true;
    try {
      this.parser.execute(data);
    } catch (error) {
      if (this.completed) return this.complete(false);
      return this.fail(error as Error);
    }
    if (this.completed) this.complete(this.keepAlive && this.bodySent);
  }

  private onSocketEnd(): void {
    if (this.request === null) return this.destroy(); // the upstream closed an idle kept-alive connection
    try {
      this.parser.end();
    } catch (error) {
      return this.fail(error as Error);
    }
    if (this.completed) this.complete(false);
    else this.destroy();
  }

  private complete(reusable: boolean): void {
    const request = this.request;
    if (request === null) return;
    this.request = null;
    this.completed = false;
    this.deadline = 0;
    this.headReceived = false;
    this.served++;
    request.connection = null;
    if (this.paused) this.resume(); // the parser has taken every byte: nothing is left to hold back
    if (reusable && !this.dead) this.pool.release(this);
    else this.destroy();
    request.onComplete();
  }

  /** `fromUpstream` false: the request's own body failed (over the limit, client gone), which is never a stale socket. */
  private fail(error: Error & { code?: string }, fromUpstream = true): void {
    const request = this.request;
    this.request = null;
    this.destroy();
    if (request !== null) {
      request.connection = null;
      // The upstream closed a kept-alive socket as it was reused (its idle timeout raced ours):
      // nothing was answered, so the request can go again on another connection.
      const stale = fromUpstream && this.served > 0 && !this.receivedBytes && !(error.code ?? '').endsWith('_TIMEOUT');
      request.onError(stale ? new UpstreamError(`a kept-alive connection closed before answering (${error.message})`, 'UPSTREAM_STALE_CONNECTION') : error);
    }
  }

  private sendBody(body: Readable, length: number): void {
    this.bodySent = false;
    const socket = this.socket;
    const chunked = length < 0;
    const onData = (chunk: Buffer) => {
      // A slow upload is not a silent upstream: the deadline runs from the last byte sent.
      this.deadline = Date.now() + this.pool.options.timeoutMs;
      let ok: boolean;
      if (chunked) {
        socket.cork();
        socket.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
        socket.write(chunk);
        ok = socket.write('\r\n', 'latin1');
        socket.uncork();
      } else {
        ok = socket.write(chunk);
      }
      if (!ok) {
        body.pause();
        socket.once('drain', () => body.resume());
      }
    };
    const onEnd = () => {
      cleanup();
      this.bodySent = true;
      if (chunked) socket.write('0\r\n\r\n', 'latin1');
    };
    const onError = (error: Error) => {
      cleanup();
      this.fail(error, false);
    };
    // Runs once per request body; the socket outlives it (keep-alive), so its listener goes too.
    const cleanup = () => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      socket.off('close', cleanup);
    };
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    this.socket.once('close', cleanup);
  }
}
