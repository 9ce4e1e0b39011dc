/** What the parser reports for one HTTP/1.x response. */
export interface ResponseEvents {
  /** The final (non-1xx) status line and headers, as flat `[name, value, ...]` strings (latin1, as sent). */
  onHead(status: number, headers: string[], keepAlive: boolean): void;
  onBody(chunk: Buffer): void;
  onEnd(): void;
}

export class ResponseParseError extends Error {
  readonly code = 'UPSTREAM_BAD_RESPONSE';
  override name = 'ResponseParseError';
}

const HEAD = 0, LENGTH = 1, CHUNK_SIZE = 2, CHUNK_DATA = 3, CHUNK_END = 4, TRAILERS = 5, UNTIL_CLOSE = 6, DONE = 7;
const CRLFCRLF = Buffer.from('\r\n\r\n');
const DIGITS = /^\d{1,15}$/;
const HEX = /^[0-9A-Fa-f]{1,12}$/;
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_LINE_BYTES = 8 * 1024;

/**
 * An incremental HTTP/1.0–1.1 response parser for the proxy's upstream connections: framing by
 * Content-Length, chunked transfer coding, or the connection closing; 1xx heads are skipped. It is
 * strict (conflicting or malformed framing is an error), since a confused upstream connection must
 * be dropped rather than reused.
 */
export class ResponseParser {
  private state = DONE;
  private events: ResponseEvents;
  private noBody = false;
  private pending: Buffer | null = null;
  private remaining = 0;
  private line = '';

  constructor(events: ResponseEvents) {
    this.events = events;
  }

  /** Prepares for the response to the next request; `noBody` for HEAD requests. */
  expect(noBody: boolean): void {
    this.state = HEAD;
    this.noBody = noBody;
    this.pending = null;
    this.line = '';
  }

  get done(): boolean {
    return this.state === DONE;
  }

  /** True while a response is being parsed (anything received or expected but not finished). */
  get busy(): boolean {
    return this.state !== DONE;
  }

  /** Feeds bytes from the socket; throws ResponseParseError on malformed input or unexpected bytes. */
  execute(data: Buffer): void {
    let offset = 0;
    const length = data.length;
    while (offset < length) {
      switch (this.state) {
        case HEAD:
          offset = this.readHead(data, offset);
          break;
        case LENGTH: {
          const take = Math.min(this.remaining, length - offset);
          this.remaining -= take;
          this.events.onBody(offset === 0 && take === length ? data : data.subarray(offset, offset + take));
          offset += take;
          if (this.remaining === 0) this.finish();
          break;
        }
        case CHUNK_SIZE:
        case TRAILERS:
        case CHUNK_END:
          offset = this.readLine(data, offset);
          break;
        case CHUNK_DATA: {
          const take = Math.min(this.remaining, length - offset);
          this.remaining -= take;
          this.events.onBody(data.subarray(offset, offset + take));
          offset += take;
          if (this.remaining === 0) this.state = CHUNK_END;
          break;
        }
        case UNTIL_CLOSE:
          this.events.onBody(offset === 0 ? data : data.subarray(offset));
          offset = length;
          break;
        default:
          throw new ResponseParseError('the upstream sent bytes that belong to no response');
      }
    }
  }

  /** The connection ended: completes a close-delimited body, or throws when a response was cut short. */
  end(): void {
    if (this.state === UNTIL_CLOSE) return this.finish();
    if (this.state !== DONE) throw new ResponseParseError('the upstream closed the connection before the response ended');
  }

  private finish(): void {
    this.state = DONE;
    this.events.onEnd();
  }

  private readHead(data: Buffer, offset: number): number {
    let buffer = data;
    let searchFrom = offset;
    let start = offset;
    if (this.pending !== null) {
      searchFrom = Math.max(0, this.pending.length - 3);
      buffer = Buffer.concat([this.pending, offset === 0 ? data : data.subarray(offset)]);
      start = 0;
    }
    const end = buffer.indexOf(CRLFCRLF, searchFrom);
    if (end < 0) {
      if (buffer.length - start > MAX_HEAD_BYTES) throw new ResponseParseError('the upstream response head is too large');
      this.pending = start === 0 && buffer !== data ? buffer : Buffer.from(buffer.subarray(start));
      return data.length;
    }
    const consumed = end + 4 - (buffer === data ? offset : this.pending!.length);
    this.pending = null;
    this.parseHead(buffer.toString('latin1', start, end));
    return offset + consumed;
  }

  private parseHead(text: string): void {
    // Status line: "HTTP/1.x NNN[ reason]"
    let eol = text.indexOf('\r\n');
    if (eol < 0) eol = text.length;
    const d1 = text.charCodeAt(9) - 48, d2 = text.charCodeAt(10) - 48, d3 = text.charCodeAt(11) - 48;
    const minor = text.charCodeAt(7);
    if (
      !text.startsWith('HTTP/1.') || (minor !== 48 && minor !== 49) || text.charCodeAt(8) !== 32 ||
      !(d1 >= 1 && d1 <= 9) || !(d2 >= 0 && d2 <= 9) || !(d3 >= 0 && d3 <= 9) || (eol !== 12 && text.charCodeAt(12) !== 32)
    ) {
      throw new ResponseParseError('the upstream sent an invalid status line');
    }
    const code = d1 * 100 + d2 * 10 + d3;
    const http11 = minor === 49;
    const headers: string[] = [];
    let contentLength = -1;
    let chunked = false;
    let transferEncoding = false;
    let connection = '';
    let pos = eol + 2;
    const length = text.length;
    while (pos < length) {
      let next = text.indexOf('\r\n', pos);
      if (next < 0) next = length;
      const colon = text.indexOf(':', pos);
      if (colon <= pos || colon > next) throw new ResponseParseError('the upstream sent an invalid header line');
      let from = colon + 1;
      let to = next;
      while (from < to && (text.charCodeAt(from) === 32 || text.charCodeAt(from) === 9)) from++;
      while (to > from && (text.charCodeAt(to - 1) === 32 || text.charCodeAt(to - 1) === 9)) to--;
      const name = text.slice(pos, colon);
      const value = text.slice(from, to);
      // Names and values are checked again by node when they are written to the client.
      headers.push(name, value);
      const size = colon - pos;
      if (size === 14 || size === 17 || size === 10) {
        const lower = name.toLowerCase();
        if (lower === 'content-length') {
          if (!DIGITS.test(value) || (contentLength >= 0 && contentLength !== Number(value))) throw new ResponseParseError('the upstream sent an invalid Content-Length');
          contentLength = Number(value);
        } else if (lower === 'transfer-encoding') {
          transferEncoding = true;
          chunked = /(?:^|,)\s*chunked\s*$/i.test(value);
        } else if (lower === 'connection') {
          connection += `,${value.toLowerCase()}`;
        }
      }
      pos = next + 2;
    }
    if (code < 200) {
      if (code === 101) throw new ResponseParseError('the upstream switched protocols, which the gateway does not proxy');
      return; // 100 Continue, 103 Early Hints...: the final head follows
    }
    if (transferEncoding && contentLength >= 0) throw new ResponseParseError('the upstream sent both Transfer-Encoding and Content-Length');
    let keepAlive = connection === '' ? http11 : http11 ? !/,\s*close\s*(?:,|$)/.test(connection) : /,\s*keep-alive\s*(?:,|$)/.test(connection);
    let next: number;
    if (this.noBody || code === 204 || code === 304) next = DONE;
    else if (chunked) next = CHUNK_SIZE;
    else if (transferEncoding) next = UNTIL_CLOSE;
    else if (contentLength >= 0) next = contentLength === 0 ? DONE : LENGTH;
    else next = UNTIL_CLOSE;
    if (next === UNTIL_CLOSE) keepAlive = false;
    this.remaining = contentLength;
    this.state = next === DONE ? HEAD : next; // stays busy until onEnd below
    this.events.onHead(code, headers, keepAlive);
    if (next === DONE) this.finish();
  }

  /** Chunk-size lines, the CRLF after chunk data, and trailer lines. */
  private readLine(data: Buffer, offset: number): number {
    const newline = data.indexOf(10, offset);
    const upTo = newline < 0 ? data.length : newline + 1;
    this.line += data.toString('latin1', offset, upTo);
    if (this.line.length > MAX_LINE_BYTES) throw new ResponseParseError('the upstream sent an overlong chunk line');
    if (newline < 0) return upTo;
    if (!this.line.endsWith('\r\n')) throw new ResponseParseError('the upstream sent a bare LF in chunked framing');
    const line = this.line.slice(0, -2);
    this.line = '';
    if (this.state === CHUNK_END) {
      if (line !== '') throw new ResponseParseError('the upstream sent chunk data longer than its size');
      this.state = CHUNK_SIZE;
    } else if (this.state === CHUNK_SIZE) {
      const semicolon = line.indexOf(';');
      const size = (semicolon < 0 ? line : line.slice(0, semicolon)).trim();
      if (!HEX.test(size)) throw new ResponseParseError('the upstream sent an invalid chunk size');
      this.remaining = parseInt(size, 16);
      this.state = this.remaining === 0 ? TRAILERS : CHUNK_DATA;
    } else if (line === '') {
      this.finish(); // end of trailers (they are not forwarded)
    }
    return upTo;
  }
}
