import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@storefleet/kit';
import type { Claim, Order, Warranty } from '@storefleet/contracts';
import { SUCCESS_CARD, eventually } from '../support/commerce.js';
import { useTestSystem } from '../support/system.js';

const ctx = useTestSystem();
let ordersDb: Db;
let warrantiesDb: Db;

const tag = () => randomBytes(3).toString('hex').toUpperCase();
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

/** A product with its warranty in months, stocked. */
async function stockedProduct(category: string, warrantyMonths: number) {
  const sku = `WAR-${category.slice(0, 3).toUpperCase()}-${tag()}`;
  const product = await ctx.api.post(
    '/api/products',
    { sku, name: `Test ${category} ${sku}`, brand: 'Storefleet', category, price: 1299, warranty_months: warrantyMonths },
    ctx.adminToken,
  );
  expect(product.status, JSON.stringify(product.body)).toBe(201);
  const stock = await ctx.api.request('PUT', `/api/inventory/${sku}`, { token: ctx.adminToken, body: { on_hand: 50, reason: 'test stock' } });
  expect(stock.status).toBe(200);
  return { sku, id: product.body.id as string, name: product.body.name as string };
}

async function placeOrder(token: string, items: { sku: string; quantity: number }[]): Promise<Order> {
  const placed = await ctx.api.request('POST', '/api/orders', { token, body: { items, payment: SUCCESS_CARD } });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return placed.body;
}

const ship = (orderId: string, serials?: Record<string, string[]>) =>
  ctx.api.patch(`/api/orders/${orderId}/status`, { status: 'shipped', ...(serials ? { serials } : {}) }, ctx.adminToken);

/** Every warranty of an order, as an admin lists them (by the buyer's email). */
async function warrantiesOfOrder(email: string, orderId: string): Promise<Warranty[]> {
  const listed = await ctx.api.get(`/api/warranties?email=${encodeURIComponent(email)}&limit=100`, ctx.adminToken);
  expect(listed.status).toBe(200);
  return (listed.body.items as Warranty[]).filter((w) => w.order_id === orderId);
}

/** Waits until the orders relay has published the outbox row `id` (after it was made unpublished again). */
async function publishedAgain(id: string): Promise<boolean> {
  const published = await eventually(
    async () => (await ordersDb.query<{ published_at: Date | null }>('SELECT published_at FROM outbox WHERE id = $1', [id])).rows[0]?.published_at,
    (at) => Boolean(at),
  );
  return Boolean(published);
}

describe('laptop warranties', () => {
  let laptop: Awaited<ReturnType<typeof stockedProduct>>;
  let cable: Awaited<ReturnType<typeof stockedProduct>>;
  let ada: Awaited<ReturnType<typeof ctx.api.registerAndLogin>>;
  let bea: Awaited<ReturnType<typeof ctx.api.registerAndLogin>>;
  let order: Order;
  let serials: [string, string];
  let warranties: Warranty[];

  beforeAll(async () => {
    ordersDb = createDb({ url: ctx.system.databases.orders! });
    warrantiesDb = createDb({ url: ctx.system.databases.warranties! });
    laptop = await stockedProduct('laptops', 36);
    cable = await stockedProduct('chargers', 0);
    ada = await ctx.api.registerAndLogin();
    bea = await ctx.api.registerAndLogin();
    serials = [`SN-${tag()}-1`, `SN-${tag()}-2`];

    order = await placeOrder(ada.token, [{ sku: laptop.sku, quantity: 2 }, { sku: cable.sku, quantity: 1 }]);
    expect(order.items.map((l) => l.warranty_months)).toEqual([36, 0]);
    const shipped = await ship(order.id, { [laptop.sku.toLowerCase()]: serials });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect(shipped.body.items[0].serials).toEqual(serials);
    expect(shipped.body.items[1].serials).toEqual([expect.stringMatching(/^SF-/)]);
    warranties = await eventually(() => warrantiesOfOrder(ada.email, order.id), (found) => found.length >= 2);
  });

  afterAll(async () => {
    await ordersDb?.close();
    await warrantiesDb?.close();
  });

  it('gives each shipped laptop a warranty with its serial, from the ship date for the months it was sold with, and none to the cable', async () => {
    expect(warranties.map((w) => w.serial).sort()).toEqual([...serials].sort());
    const detail = await ctx.api.get(`/api/orders/${order.id}`, ada.token);
    const shippedOn = (detail.body as Order).updated_at.slice(0, 10);
    const end = new Date(`${shippedOn}T00:00:00Z`);
    end.setUTCMonth(end.getUTCMonth() + 36);
    for (const warranty of warranties) {
      expect(warranty).toMatchObject({
        sku: laptop.sku, product_id: laptop.id, product_name: laptop.name, order_id: order.id, user_id: ada.id, email: ada.email,
        months: 36, starts_on: shippedOn, ends_on: end.toISOString().slice(0, 10), status: 'active', claims: [],
        history: [expect.objectContaining({ action: 'created', actor: 'system', ends_on_after: end.toISOString().slice(0, 10) })],
      });
    }
    const own = await ctx.api.get('/api/warranties', ada.token);
    expect(own.status).toBe(200);
    expect((own.body.items as Warranty[]).map((w) => w.serial).sort()).toEqual([...serials].sort());
  });

  it('lets a guest find a warranty by email and serial, and answers 404 alike for another email or an unknown serial', async () => {
    const found = await ctx.api.get(`/api/warranties/lookup?email=${encodeURIComponent(ada.email.toUpperCase())}&serial=${serials[0].toLowerCase()}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ serial: serials[0], order_id: order.id, status: 'active' });
    const otherEmail = await ctx.api.get(`/api/warranties/lookup?email=${encodeURIComponent(bea.email)}&serial=${serials[0]}`);
    const unknownSerial = await ctx.api.get(`/api/warranties/lookup?email=${encodeURIComponent(ada.email)}&serial=SN-NOPE-${tag()}`);
    expect([otherEmail.status, unknownSerial.status]).toEqual([404, 404]);
    expect(otherEmail.body.detail).toBe(unknownSerial.body.detail);
  });

  it('answers another customer 404 for the warranty, lists none of it, and lets no one else claim on it', async () => {
    expect((await ctx.api.get(`/api/warranties/${warranties[0]!.id}`, bea.token)).status).toBe(404);
    expect((await ctx.api.get('/api/warranties', bea.token)).body.total).toBe(0);
    expect((await ctx.api.post(`/api/warranties/${warranties[0]!.id}/claims`, { description: 'mine now' }, bea.token)).status).toBe(404);
    const wrongProof = await ctx.api.post(`/api/warranties/${warranties[0]!.id}/claims`, { description: 'x', email: bea.email, serial: serials[0] });
    expect(wrongProof.status).toBe(404);
    expect((await ctx.api.get(`/api/warranties/${warranties[0]!.id}`, ada.token)).status).toBe(200);
  });

  it('makes nothing more when the same shipped event is delivered again, under its own id or another', async () => {
    const { rows } = await ordersDb.query<{ id: string }>(
      `SELECT id FROM outbox WHERE subject = $1 AND type = 'order.status_changed' AND data->>'to' = 'shipped'`,
      [order.id],
    );
    expect(rows).toHaveLength(1);
    const shippedEvent = rows[0]!.id;

    // The relay publishes the very same event again (as after a crash between publishing and marking it).
    await ordersDb.query('UPDATE outbox SET published_at = NULL, claimed_until = NULL WHERE id = $1', [shippedEvent]);
    expect(await publishedAgain(shippedEvent)).toBe(true);

    // The same shipment under a new event id: the inbox lets it through, the unique (order, serial) does not.
    const copy = await ordersDb.query<{ id: string }>(
      `INSERT INTO outbox (id, type, source, subject, time, data) SELECT gen_random_uuid(), type, source, subject, now(), data FROM outbox WHERE id = $1 RETURNING id`,
      [shippedEvent],
    );
    const copyId = copy.rows[0]!.id;
    expect(await publishedAgain(copyId)).toBe(true);
    const handled = await warrantiesDb.query("SELECT 1 FROM inbox WHERE consumer = 'warranties' AND event_id = $1", [copyId]);
    expect(handled.rowCount).toBe(1);

    expect((await warrantiesOfOrder(ada.email, order.id)).map((w) => w.id).sort()).toEqual(warranties.map((w) => w.id).sort());
    const created = await warrantiesDb.query("SELECT count(*)::int AS n FROM outbox WHERE type = 'warranty.created' AND data->>'order_id' = $1", [order.id]);
    expect(created.rows[0]).toEqual({ n: 2 });
  });

  it('moves a claim from open to in repair to resolved, keeps its history, and refuses an illegal move', async () => {
    const warranty = warranties[0]!;
    const opened = await ctx.api.post(`/api/warranties/${warranty.id}/claims`, { description: 'The screen flickers' }, ada.token);
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const claim = opened.body as Claim;
    expect(claim).toMatchObject({ warranty_id: warranty.id, status: 'open', description: 'The screen flickers' });

    const repair = await ctx.api.patch(`/api/warranties/claims/${claim.id}`, { status: 'in_repair', note: 'sent to the workshop' }, ctx.adminToken);
    expect(repair.status, JSON.stringify(repair.body)).toBe(200);
    expect((await ctx.api.patch(`/api/warranties/claims/${claim.id}`, { status: 'in_repair' }, ada.token)).status).toBe(403);
    const resolved = await ctx.api.patch(`/api/warranties/claims/${claim.id}`, { status: 'resolved', note: 'panel replaced' }, ctx.adminToken);
    expect(resolved.body.status).toBe('resolved');
    const reopened = await ctx.api.patch(`/api/warranties/claims/${claim.id}`, { status: 'open' }, ctx.adminToken);
    expect(reopened.status).toBe(409);
    expect(reopened.body).toMatchObject({ code: 'illegal_transition', allowed: [] });

    const seen = (await ctx.api.get(`/api/warranties/${warranty.id}`, ada.token)).body as Warranty;
    expect(seen.claims.map((c) => c.status)).toEqual(['resolved']);
    expect(seen.claims[0]!.history.map((h) => [h.actor, h.from, h.to, h.note])).toEqual([
      [ada.id, null, 'open', null],
      [expect.any(String), 'open', 'in_repair', 'sent to the workshop'],
      [expect.any(String), 'in_repair', 'resolved', 'panel replaced'],
    ]);

    // A guest claims on the other laptop with its email and serial.
    const guest = await ctx.api.post(`/api/warranties/${warranties[1]!.id}/claims`, { description: 'Fan noise', email: ada.email, serial: warranties[1]!.serial });
    expect(guest.status).toBe(201);
    expect(guest.body.history[0]).toMatchObject({ actor: 'guest', to: 'open' });

    const events = await warrantiesDb.query<{ type: string }>("SELECT type FROM outbox WHERE type LIKE 'warranty.claim_%' AND subject = $1 ORDER BY position", [claim.id]);
    expect(events.rows.map((e) => e.type)).toEqual(['warranty.claim_opened', 'warranty.claim_updated', 'warranty.claim_updated']);
  });

  it('lets an admin filter the list, extend a warranty and void it with reasons kept in its history', async () => {
    const [first, second] = warranties as [Warranty, Warranty];
    const bySerial = await ctx.api.get(`/api/warranties?serial=${second.serial}`, ctx.adminToken);
    expect(bySerial.body.items.map((w: Warranty) => w.id)).toEqual([second.id]);

    const later = `${Number(second.ends_on.slice(0, 4)) + 1}${second.ends_on.slice(4)}`;
    const extended = await ctx.api.patch(`/api/warranties/${second.id}`, { ends_on: later, reason: 'goodwill after repair' }, ctx.adminToken);
    expect(extended.status, JSON.stringify(extended.body)).toBe(200);
    expect(extended.body).toMatchObject({ ends_on: later, status: 'active' });
    expect((await ctx.api.patch(`/api/warranties/${second.id}`, { ends_on: later, reason: 'again' }, ctx.adminToken)).status).toBe(422);
    expect((await ctx.api.patch(`/api/warranties/${second.id}`, { status: 'void', reason: 'mine' }, ada.token)).status).toBe(403);

    const voided = await ctx.api.patch(`/api/warranties/${first.id}`, { status: 'void', reason: 'reported stolen' }, ctx.adminToken);
    expect(voided.body).toMatchObject({ status: 'void', void_reason: 'reported stolen' });
    expect(voided.body.history.map((h: { action: string; reason: string | null }) => [h.action, h.reason])).toEqual([['created', null], ['voided', 'reported stolen']]);
    expect((await ctx.api.post(`/api/warranties/${first.id}/claims`, { description: 'broken' }, ada.token)).status).toBe(409);

    const voidOnes = await ctx.api.get(`/api/warranties?status=void&email=${encodeURIComponent(ada.email)}`, ctx.adminToken);
    expect(voidOnes.body.items.map((w: Warranty) => w.id)).toEqual([first.id]);
    const active = await ctx.api.get(`/api/warranties?status=active&email=${encodeURIComponent(ada.email)}`, ctx.adminToken);
    expect(active.body.items.map((w: Warranty) => w.id)).toEqual([second.id]);
    expect((await ctx.api.get(`/api/warranties/${second.id}`, ada.token)).body.history.map((h: { action: string }) => h.action)).toEqual(['created', 'extended']);
  });

  it('answers bad input with 400 naming the field', async () => {
    const id = warranties[1]!.id;
    const cases: [Promise<{ status: number; body: any }>, string][] = [
      [ctx.api.get(`/api/warranties/lookup?email=${encodeURIComponent(ada.email)}`), 'serial'],
      [ctx.api.get('/api/warranties?status=broken', ctx.adminToken), 'status'],
      [ctx.api.post(`/api/warranties/${id}/claims`, { description: '' }, ada.token), 'description'],
      [ctx.api.post(`/api/warranties/${id}/claims`, { description: 'no proof', serial: warranties[1]!.serial }), 'email'],
      [ctx.api.patch(`/api/warranties/${id}`, { reason: 'neither' }, ctx.adminToken), 'ends_on'],
      [ctx.api.patch(`/api/warranties/${id}`, { ends_on: 'next year', reason: 'x' }, ctx.adminToken), 'ends_on'],
      [ctx.api.patch(`/api/warranties/claims/${id}`, { status: 'lost' }, ctx.adminToken), 'status'],
    ];
    for (const [request, field] of cases) {
      const answer = await request;
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
      expect(fieldsOf(answer.body)).toContain(field);
    }

    const another = await placeOrder(ada.token, [{ sku: laptop.sku, quantity: 1 }]);
    const tooMany = await ship(another.id, { [laptop.sku]: ['SN-X1', 'SN-X2'] });
    expect(tooMany.status).toBe(400);
    expect(fieldsOf(tooMany.body)).toEqual([`serials.${laptop.sku}`]);
    const blank = await ship(another.id, { [laptop.sku]: [' '] });
    expect(blank.status).toBe(400);
    expect(fieldsOf(blank.body)).toContain(`serials.${laptop.sku}.0`);
  });
});
