// The floor of bench:catalog's unique searches: a bare node:http server with a node-postgres pool (10
// connections, generic plans, one named statement), as the catalog runs searches, answering the catalog's
// own search statement (page, total and facets) for `?q=` and nothing else: no framework, no validation,
// no logs, no metrics, no availability. What any Node service in front of this database can do at best.
// FLOOR_DATABASE_URL, PORT; prints `floor ready`.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';
import { planListing } from '../../services/catalog/src/domain/product-listing.js';
import { buildListingQuery, RECORD_SEPARATOR } from '../../services/catalog/src/store/product-query.js';
import { genericPlansUrl } from '../../services/catalog/src/store/products-store.js';

const databaseUrl = process.env.FLOOR_DATABASE_URL;
if (!databaseUrl) throw new Error('FLOOR_DATABASE_URL is not set');
const pool = new pg.Pool({ connectionString: genericPlansUrl(databaseUrl), max: 10 });
// The records and facets go into the answer as PostgreSQL wrote them.
pg.types.setTypeParser(pg.types.builtins.JSON, (text: string) => text);

async function search(q: string): Promise<string> {
  const query = buildListingQuery(planListing({ q }), { summary: true });
  const { rows } = await pool.query({ name: 'search', text: query.text, values: query.values });
  const row = rows[0] as Record<string, string | number | null>;
  const items = row.records === null ? '' : String(row.records).split(RECORD_SEPARATOR).join(',');
  return `{"items":[${items}],"keys":${row.keys},"total":${row.total},"facets":{"brand":${row.brand},"category":${row.category}}}`;
}

const server = createServer((req, res) => {
  const q = new URL(req.url!, 'http://floor').searchParams.get('q');
  if (!q) {
    res.writeHead(400).end();
    return;
  }
  search(q).then(
    (body) => {
      // As the catalog answers: public with an ETag, so the gateway treats the answer alike.
      const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, no-cache', etag, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    },
    (error: Error) => {
      console.error(error.message);
      res.writeHead(500).end();
    },
  );
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('floor ready'));
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
