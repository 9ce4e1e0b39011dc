import { describe, expect, it } from 'vitest';
import { ResponseParseError, ResponseParser } from './response-parser.js';

interface Parsed {
  heads: { status: number; headers: string[]; keepAlive: boolean }[];
  body: string;
  ended: number;
}

function parserWithLog(): { parser: ResponseParser; log: Parsed } {
  const log: Parsed = { heads: [], body: '', ended: 0 };
  const parser = new ResponseParser({
    onHead: (status, headers, keepAlive) => log.heads.push({ status, headers, keepAlive }),
    onBody: (chunk) => (log.body += chunk.toString('latin1')),
    onEnd: () => log.ended++,
  });
  return { parser, log };
}

/** Parses `raw` fed in pieces of `size` bytes (1 = every possible split). */
function parse(raw: string, options: { size?: number; noBody?: boolean; close?: boolean } = {}): Parsed {
  const { parser, log } = parserWithLog();
  parser.expect(options.noBody ?? false);
  const bytes = Buffer.from(raw, 'latin1');
  const size = options.size ?? bytes.length;
  for (let i = 0; i < bytes.length; i += size) parser.execute(bytes.subarray(i, i + size));
  if (options.close) parser.end();
  return log;
}

const SIZES = [1, 2, 3, 7, 1000];

describe('ResponseParser', () => {
  it.each(SIZES)('reads a Content-Length response split every %i bytes', (size) => {
    const log = parse('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nX-Empty:\r\n\r\n{"ok":true}', { size });
    expect(log.heads).toEqual([{ status: 200, headers: ['Content-Type', 'application/json', 'Content-Length', '11', 'X-Empty', ''], keepAlive: true }]);
    expect(log.body).toBe('{"ok":true}');
    expect(log.ended).toBe(1);
  });

  it.each(SIZES)('reads a chunked response with extensions and trailers split every %i bytes', (size) => {
    const raw = 'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1A\r\n, and a chunk of 26 bytes!\r\n0\r\nX-Trailer: t\r\n\r\n';
    const log = parse(raw, { size });
    expect(log.heads[0]!.status).toBe(201);
    expect(log.body).toBe('hello, and a chunk of 26 bytes!');
    expect(log.ended).toBe(1);
  });

  it('reads a body delimited by the connection closing, and does not keep it alive', () => {
    const log = parse('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end', { close: true });
    expect(log.heads[0]!.keepAlive).toBe(false);
    expect(log.body).toBe('until the end');
    expect(log.ended).toBe(1);
  });

  it('expects no body after HEAD, 204 and 304', () => {
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n', { noBody: true }).ended).toBe(1);
    expect(parse('HTTP/1.1 204 No Content\r\n\r\n').ended).toBe(1);
    expect(parse('HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n').ended).toBe(1);
  });

  it('skips interim 1xx heads', () => {
    const log = parse('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', { size: 4 });
    expect(log.heads.map((h) => h.status)).toEqual([200]);
    expect(log.body).toBe('ok');
  });

  it('honours Connection: close and HTTP/1.0 keep-alive', () => {
    expect(parse('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n').heads[0]!.keepAlive).toBe(false);
    expect(parse('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').heads[0]!.keepAlive).toBe(false);
    expect(parse('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n').heads[0]!.keepAlive).toBe(true);
    expect(parse('HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 0\r\n\r\n').heads[0]!.keepAlive).toBe(true);
  });

  it('parses responses one after another on a kept-alive connection', () => {
    const { parser, log } = parserWithLog();
    for (const body of ['one', 'second']) {
      parser.expect(false);
      parser.execute(Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`));
    }
    expect(log.body).toBe('onesecond');
    expect(log.ended).toBe(2);
  });

  it.each([
    ['a bad status line', 'HTTP/2 200 OK\r\n\r\n'],
    ['a status out of range', 'HTTP/1.1 099 Low\r\n\r\n'],
    ['a header line without a colon', 'HTTP/1.1 200 OK\r\nBroken\r\n\r\n'],
    ['conflicting Content-Length values', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n'],
    ['a non-numeric Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n'],
    ['both Transfer-Encoding and Content-Length', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n'],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['chunk data longer than its size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n'],
    ['bytes after the response', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nab'],
    ['a protocol switch', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n'],
  ])('refuses %s', (_what, raw) => {
    expect(() => parse(raw)).toThrow(ResponseParseError);
  });

  it('refuses a response cut short by the connection closing', () => {
    expect(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort', { close: true })).toThrow(/before the response ended/);
  });

  it('refuses a head larger than 64 KiB', () => {
    const { parser } = parserWithLog();
    parser.expect(false);
    parser.execute(Buffer.from('HTTP/1.1 200 OK\r\n'));
    expect(() => {
      for (let i = 0; i < 100; i++) parser.execute(Buffer.from(`X-Filler-${i}: ${'f'.repeat(1000)}\r\n`));
    }).toThrow(/too large/);
  });
});
