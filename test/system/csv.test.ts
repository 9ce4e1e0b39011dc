import { randomBytes, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createStockedProduct, eventually, guestCheckout, stockOf } from '../support/commerce.js';
import { ADMIN, useTestSystem } from '../support/system.js';

// CSV import and export through the gateway, as an admin's spreadsheet round trip would use them.
const ctx = useTestSystem();

const tag = () => randomBytes(3).toString('hex').toUpperCase();

async function exportCsv(resource: string, query = ''): Promise<string> {
  const response = await ctx.api.request('GET', `/api/${resource}/export${query}`, { token: ctx.adminToken });
  expect(response.status, String(response.body)).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  return response.body as string;
}

function postCsv(resource: string, csv: string, token = ctx.adminToken) {
  return ctx.api.request('POST', `/api/${resource}/import`, { token, raw: csv, headers: { 'content-type': 'text/csv' } });
}

/** Imports `csv` and polls its job until it is no longer running (a large file takes a while). */
async function importCsv(resource: string, csv: string, polls = 600) {
  const started = await postCsv(resource, csv);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  expect(started.body.status).toBe('running');
  const job = await eventually(
    () => ctx.api.get(`/api/${resource}/imports/${started.body.id}`, ctx.adminToken),
    (response) => response.body.status !== 'running',
    polls,
  );
  expect(job.status).toBe(200);
  expect(job.body.status).toBe('done');
  return job.body;
}

const rowsOf = (csv: string): Record<string, string>[] => parse(csv, { columns: true });

describe('products CSV', () => {
  it('exports every field with a header row, and re-importing the export changes nothing', async () => {
    const sku = `CSV-${tag()}`;
    const created = await ctx.api.post('/api/products', {
      sku, name: 'Round, "trip" laptop', description: 'two\nlines', brand: 'Storefleet', category: 'laptops', price: 1234.5,
      image_url: 'https://img.example/x.png', attributes: { cpu: 'i7', ram_gb: 16, ports: ['usb-c', 'hdmi'], nested: { a: null } }, warranty_months: 36,
    }, ctx.adminToken);
    expect(created.status).toBe(201);

    const first = await exportCsv('products');
    expect(first.split('\r\n')[0]).toBe('sku,name,description,brand,category,price,currency,image_url,attributes,warranty_months,id,created_at,updated_at');
    const row = rowsOf(first).find((r) => r.sku === sku)!;
    expect(row).toMatchObject({ name: 'Round, "trip" laptop', description: 'two\nlines', price: '1234.5', warranty_months: '36', id: created.body.id });
    expect(JSON.parse(row.attributes!)).toEqual({ cpu: 'i7', ram_gb: 16, ports: ['usb-c', 'hdmi'], nested: { a: null } });

    const job = await importCsv('products', first);
    expect(job).toMatchObject({ failed: 0, created: 0, updated: 0, errors: [] });
    expect(job.unchanged).toBe(rowsOf(first).length);
    expect(await exportCsv('products')).toBe(first);
  });

  it('exports with the list filters', async () => {
    const t = tag();
    const brand = `Brand${t}`;
    for (const n of [1, 2]) {
      expect((await ctx.api.post('/api/products', { sku: `FLT-${t}-${n}`, name: `Filtered ${n}`, brand, category: 'memory', price: n }, ctx.adminToken)).status).toBe(201);
    }
    const rows = rowsOf(await exportCsv('products', `?brand=${brand}`));
    expect(rows.map((r) => r.name)).toEqual(['Filtered 1', 'Filtered 2']);
  });

  it('guards a cell starting with =, +, - or @ on export and reads it back as it was', async () => {
    const sku = `INJ-${tag()}`;
    expect((await ctx.api.post('/api/products', { sku, name: '=HYPERLINK("http://evil.example")', description: '@SUM(A1)', brand: '+Brand', category: 'memory', price: 1 }, ctx.adminToken)).status).toBe(201);
    const csv = await exportCsv('products');
    const row = rowsOf(csv).find((r) => r.sku === sku)!;
    expect(row.name).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(row.description).toBe(`'@SUM(A1)`);
    expect(row.brand).toBe(`'+Brand`);

    await importCsv('products', csv);
    const product = (await ctx.api.get(`/api/products?q=${sku}`)).body.items.find((p: { sku: string }) => p.sku === sku);
    expect(product).toMatchObject({ name: '=HYPERLINK("http://evil.example")', description: '@SUM(A1)', brand: '+Brand' });
  });

  it('reports each bad row by line and column and applies the others', async () => {
    const t = tag();
    const csv = [
      'sku,name,brand,category,price,attributes',
      `GOOD-${t}-1,Good one,Acme,memory,10,{}`,
      `BAD-${t}-2,Bad price,Acme,memory,lots,{}`,
      `GOOD-${t}-3,"Good\nthree",Acme,memory,30,"{""speed"":3200}"`,
      `BAD-${t}-4,Bad category,Acme,no-such-category,40,{}`,
      `BAD-${t}-5,Bad json,Acme,memory,50,{nope`,
      `BAD-${t}-6,Too few cells`,
      '',
      `BAD-${t}-10,,Acme,memory,80,{}`,
    ].join('\n');
    const job = await importCsv('products', csv);
    expect(job).toMatchObject({ rows_done: 7, created: 2, failed: 5 });
    expect(job.errors.map((e: { line: number; column: string | null }) => [e.line, e.column])).toEqual([
      // Line numbers of the file: the header is 1, the name of GOOD-3 takes two lines (4 and 5), 9 is empty.
      [3, 'price'], [6, 'category'], [7, 'attributes'], [8, null], [10, 'name'],
    ]);
    const skus = rowsOf(await exportCsv('products')).map((r) => r.sku).filter((s) => s!.includes(t));
    expect(skus.sort()).toEqual([`GOOD-${t}-1`, `GOOD-${t}-3`]);
  });

  it('refuses a bad header with a 400 naming the problem before anything is applied', async () => {
    const t = tag();
    const cases: [string, string][] = [
      [`sku,name,colour\nHDR-${t}-1,x,red`, 'colour'],
      [`name,brand\nNo key,Acme`, 'sku'],
      [`sku;name;brand\nHDR-${t}-2;x;y`, 'header'],
    ];
    for (const [csv, field] of cases) {
      const response = await postCsv('products', csv);
      expect(response.status, csv).toBe(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const latin1 = Buffer.from(`sku,name,brand,category,price\nHDR-${t}-3,Caf\xe9,Acme,memory,1\n`, 'latin1');
    const response = await fetch(`${ctx.system.gatewayUrl}/api/products/import`, { method: 'POST', headers: { authorization: `Bearer ${ctx.adminToken}`, 'content-type': 'text/csv' }, body: latin1 });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toContain('UTF-8');
    expect(rowsOf(await exportCsv('products')).filter((r) => r.sku!.includes(t))).toEqual([]);
  });

  it('reports a spot that cannot be read as CSV as a failed row and applies the rows before it', async () => {
    const t = tag();
    const csv = `sku,name,brand,category,price\nOPEN-${t}-1,Fine,Acme,memory,1\nOPEN-${t}-2,"Unclosed,Acme,memory,2\nOPEN-${t}-3,Never,Acme,memory,3\n`;
    const started = await postCsv('products', csv);
    expect(started.status).toBe(202);
    const job = await eventually(() => ctx.api.get(`/api/products/imports/${started.body.id}`, ctx.adminToken), (r) => r.body.status !== 'running');
    // The quote never closed takes the rest of the file into its cell: one unreadable row.
    expect(job.body).toMatchObject({ status: 'done', created: 1, failed: 1 });
    expect(job.body.errors).toHaveLength(1);
    expect(job.body.errors[0].reason).toMatch(/cannot be read as CSV/);
    expect(rowsOf(await exportCsv('products')).map((r) => r.sku).filter((s) => s!.includes(t))).toEqual([`OPEN-${t}-1`]);
  });

  it('takes a body over BODY_LIMIT on an import route, up to CSV_IMPORT_MAX_BYTES (50 MB), and answers 413 past it', async () => {
    // The gateway refuses by the declared length: write a few bytes only and read its answer (writing all
    // of it could end in EPIPE once the gateway closes the connection).
    const declared = (path: string, length: number, type: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${ctx.system.gatewayUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ctx.adminToken}`, 'content-type': type, 'content-length': length } });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode!);
          req.destroy();
        });
        req.on('error', reject);
        req.write('sku\n');
      });
    expect(await declared('/api/products/import', 50 * 1024 * 1024 + 1, 'text/csv')).toBe(413);
    // Elsewhere the limit is BODY_LIMIT (1 MB); the 20,000-product file at the end (over 1 MB) is taken.
    expect(await declared('/api/products', 2 * 1024 * 1024, 'application/json')).toBe(413);
  });

});

describe('inventory CSV', () => {
  it('exports sku,on_hand,low_stock_threshold; re-importing the export changes nothing', async () => {
    const { sku } = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 7, threshold: 2 });
    const first = await exportCsv('inventory');
    expect(first.split('\r\n')[0]).toBe('sku,on_hand,low_stock_threshold');
    expect(rowsOf(first).find((r) => r.sku === sku)).toEqual({ sku, on_hand: '7', low_stock_threshold: '2' });
    const job = await importCsv('inventory', first);
    expect(job).toMatchObject({ created: 0, updated: 0, failed: 0, unchanged: rowsOf(first).length });
    expect(await exportCsv('inventory')).toBe(first);
    expect(rowsOf(await exportCsv('inventory', `?sku=${sku}`))).toEqual([{ sku, on_hand: '7', low_stock_threshold: '2' }]);
  });

  it('sets each level as an adjustment whose movement says which line, and reports bad rows', async () => {
    const a = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 5 });
    const b = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 5 });
    const csv = `sku,on_hand\n${a.sku},12\n${b.sku},-3\nnot a sku!,4\n${b.sku.toLowerCase()},9\n`;
    const job = await importCsv('inventory', csv);
    expect(job).toMatchObject({ rows_done: 4, updated: 2, failed: 2 });
    expect(job.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([[3, 'on_hand'], [4, 'sku']]);
    expect(await stockOf(ctx.api, ctx.adminToken, a.sku)).toMatchObject({ on_hand: 12 });
    expect(await stockOf(ctx.api, ctx.adminToken, b.sku)).toMatchObject({ on_hand: 9 });
    const movements = await ctx.api.get(`/api/inventory/${b.sku}/movements`, ctx.adminToken);
    expect(movements.body.items[0]).toMatchObject({ kind: 'adjustment', delta: 4, on_hand: 9, reason: 'csv import line 5' });
  });
});

describe('users CSV', () => {
  it('never exports a password or hash; re-importing the export changes nothing', async () => {
    const customer = await ctx.api.registerAndLogin();
    const first = await exportCsv('users');
    expect(first.split('\r\n')[0]).toBe('email,first_name,last_name,role,active,id,created_at,updated_at,deleted_at');
    expect(first).not.toMatch(/argon2|password/i);
    expect(rowsOf(first).find((r) => r.email === customer.email)).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', role: 'customer', active: 'true', id: customer.id });
    const job = await importCsv('users', first);
    expect(job).toMatchObject({ created: 0, updated: 0, failed: 0, unchanged: rowsOf(first).length });
    expect(await exportCsv('users')).toBe(first);
  });

  it('creates accounts without a usable password, changes others by email, and reports bad rows', async () => {
    const existing = await ctx.api.registerAndLogin();
    const fresh = `imported-${tag().toLowerCase()}@example.com`;
    const csv = [
      'email,first_name,last_name,role,active',
      `${fresh},Grace,Hopper,customer,true`,
      `${existing.email.toUpperCase()},Augusta,Lovelace,customer,false`,
      'not-an-email,X,Y,customer,true',
      `other-${tag().toLowerCase()}@example.com,,Nameless,customer,true`,
      `third-${tag().toLowerCase()}@example.com,Z,Z,superuser,true`,
      `${ADMIN.email},Admin,Storefleet,admin,false`,
    ].join('\n');
    const job = await importCsv('users', csv);
    expect(job).toMatchObject({ rows_done: 6, created: 1, updated: 1, failed: 4 });
    expect(job.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([[4, 'email'], [5, 'first_name'], [6, 'role'], [7, 'active']]);

    const rows = rowsOf(await exportCsv('users', `?q=${encodeURIComponent(fresh)}`));
    expect(rows).toMatchObject([{ email: fresh, first_name: 'Grace', role: 'customer', active: 'true' }]);
    // No password works for the imported account, and the deactivated one's token is refused.
    for (const password of ['', '!', 'correct horse battery']) expect((await ctx.api.post('/api/users/login', { email: fresh, password })).status).not.toBe(200);
    expect((await ctx.api.get('/api/users/me', existing.token)).status).toBe(401);
  });
});

describe('CSV access', () => {
  it.each(['users', 'products', 'inventory', 'orders'])('%s: a customer gets 403, a guest 401', async (resource) => {
    const customer = await ctx.api.registerAndLogin();
    expect((await ctx.api.get(`/api/${resource}/export`, customer.token)).status).toBe(403);
    expect((await postCsv(resource, 'x\n1', customer.token)).status).toBe(403);
    expect((await ctx.api.get(`/api/${resource}/export`)).status).toBe(401);
  });
});

describe('orders CSV', () => {
  it('exports one row per order line with the order repeated; re-importing the export changes nothing', async () => {
    const a = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 50, price: 12.5 });
    const b = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 50, price: 3.99 });
    const placed = await guestCheckout(ctx.api, [{ sku: a.sku, quantity: 2 }, { sku: b.sku, quantity: 3 }], { email: 'csv-buyer@example.com' });
    expect(placed.status).toBe(201);

    const first = await exportCsv('orders');
    expect(first.split('\r\n')[0]).toBe(
      'order_id,created_at,status,email,user_id,channel,currency,subtotal,total,payment_id,payment_status,card_brand,card_last4,cancel_reason,sku,product_id,name,quantity,unit_price,line_total',
    );
    const lines = rowsOf(first).filter((r) => r.order_id === placed.body.id);
    expect(lines.map((l) => [l.sku, l.quantity, l.unit_price, l.line_total])).toEqual([[a.sku, '2', '12.5', '25'], [b.sku, '3', '3.99', '11.97']]);
    expect(lines.every((l) => l.email === 'csv-buyer@example.com' && l.status === 'processing' && l.subtotal === '36.97')).toBe(true);

    const job = await importCsv('orders', first);
    expect(job).toMatchObject({ created: 0, updated: 0, failed: 0, errors: [] });
    expect(await exportCsv('orders')).toBe(first);
    expect(rowsOf(await exportCsv('orders', '?email=csv-buyer@example.com')).map((r) => r.order_id)).toEqual([placed.body.id, placed.body.id]);
  });

  it('records historical orders as given, without touching stock, and reports each bad order by line and column', async () => {
    const p = await createStockedProduct(ctx.api, ctx.adminToken, { onHand: 10, price: 100 });
    const before = await stockOf(ctx.api, ctx.adminToken, p.sku);
    const [good, badStatus, badTotal, badRepeat] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const order = (id: string, status: string, subtotal: string) => `${id},2024-03-01T10:00:00.000000Z,${status},old@example.com,,web,EUR,${subtotal},${subtotal},,,,,`;
    const csv = [
      'order_id,created_at,status,email,user_id,channel,currency,subtotal,total,payment_id,payment_status,card_brand,card_last4,cancel_reason,sku,product_id,name,quantity,unit_price,line_total',
      `${order(good, 'delivered', '250')},${p.sku},${p.id},Old laptop,2,100,200`,
      `${order(good, 'delivered', '250')},OLD-PART-1,${randomUUID()},Old part,1,50,50`,
      `${order(badStatus, 'lost', '100')},${p.sku},${p.id},Old laptop,1,100,100`,
      `${order(badTotal, 'shipped', '100')},${p.sku},${p.id},Old laptop,1,100,90`,
      `${order(badRepeat, 'shipped', '200')},${p.sku},${p.id},Old laptop,1,100,100`,
      `${order(badRepeat, 'shipped', '200').replace('old@', 'other@')},OLD-PART-2,${randomUUID()},Old part,1,100,100`,
    ].join('\n');
    const job = await importCsv('orders', csv);
    expect(job).toMatchObject({ rows_done: 6, created: 1, failed: 4 });
    expect(job.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([[4, 'status'], [5, 'line_total'], [7, 'email']]);

    const imported = await ctx.api.get(`/api/orders/${good}`, ctx.adminToken);
    expect(imported.body).toMatchObject({ status: 'delivered', email: 'old@example.com', subtotal: 250, created_at: '2024-03-01T10:00:00.000Z' });
    expect(imported.body.items.map((i: { sku: string }) => i.sku)).toEqual([p.sku, 'OLD-PART-1']);
    const timeline = await ctx.api.get(`/api/orders/${good}/timeline`, ctx.adminToken);
    expect(timeline.body.items).toMatchObject([{ type: 'imported', to: 'delivered', reason: 'csv import line 2' }]);
    expect(await stockOf(ctx.api, ctx.adminToken, p.sku)).toEqual(before);
    for (const id of [badStatus, badTotal, badRepeat]) expect((await ctx.api.get(`/api/orders/${id}`, ctx.adminToken)).status).toBe(404);

    // Imports apply 50 rows per transaction: after one single-line order, every 25th two-line order straddles two
    // of them, and is still one order.
    const many = Array.from({ length: 150 }, () => randomUUID());
    const single = `${order(randomUUID(), 'shipped', '100')},${p.sku},${p.id},Old laptop,1,100,100`;
    const bulk = [csv.split('\n')[0], single, ...many.flatMap((id) => [
      `${order(id, 'shipped', '250')},${p.sku},${p.id},Old laptop,2,100,200`,
      `${order(id, 'shipped', '250')},OLD-PART-1,${randomUUID()},Old part,1,50,50`,
    ])].join('\n');
    expect(await importCsv('orders', bulk)).toMatchObject({ rows_done: 301, created: 151, failed: 0 });

    // Re-importing with a new status moves it along the status machine only: delivered is final.
    const again = await importCsv('orders', csv.split('\n').slice(0, 3).join('\n').replaceAll(',delivered,', ',cancelled,'));
    expect(again.errors).toMatchObject([{ line: 2, column: 'status' }]);
  });
});

// Last, so the round trips above export and re-import small tables.
describe('a large file', () => {
  it('imports and exports 20,000 products', async () => {
    const t = tag();
    const lines = ['sku,name,brand,category,price,attributes'];
    for (let i = 0; i < 20_000; i++) lines.push(`BULK-${t}-${String(i).padStart(5, '0')},Bulk part ${i},Bulkco,memory,${(i % 500) + 0.99},"{""n"":${i}}"`);
    const csv = lines.join('\r\n');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(1024 * 1024);
    const job = await importCsv('products', csv, 15_000);
    expect(job).toMatchObject({ rows_done: 20_000, created: 20_000, failed: 0 });
    const rows = rowsOf(await exportCsv('products', '?brand=Bulkco'));
    expect(rows).toHaveLength(20_000);
    expect(rows[12_345]).toMatchObject({ sku: `BULK-${t}-12345`, name: 'Bulk part 12345', price: '345.99', attributes: '{"n":12345}' });
    // One savepoint per row: minutes on a loaded two-core machine, so this test waits for the job, not a clock.
  }, 1_800_000);
});
