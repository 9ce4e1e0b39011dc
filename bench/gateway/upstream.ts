// The benchmark's upstream: a bare node:http server answering every request with one small JSON body.
// Run in its own process: `node bench/gateway/upstream.ts <port>` prints "listening <port>" when ready.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = Buffer.from(JSON.stringify({ id: 'b7a9c3e2-1f4d-4c8e-9a6b-2d5e7f8a9b0c', name: 'Bench laptop 14"', price: 999.5, currency: 'EUR', in_stock: true }));
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };

const server = createServer((req, res) => {
  // Drain any request body, then answer the fixed body.
  req.resume();
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
});
server.keepAliveTimeout = 120_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
