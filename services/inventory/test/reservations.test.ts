import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Movement, MovementList } from '@storefleet/contracts';
import type { Reservation } from '@storefleet/contracts/internal';
import { levelOf, outboxFor, setStock, startInventory, type TestInventory } from './support.js';

let inventory: TestInventory;

async function reserve(body: object) {
  return inventory.app.inject({ method: 'POST', url: '/internal/reservations', payload: body });
}

async function act(orderId: string, action: 'commit' | 'release') {
  return inventory.app.inject({ method: 'POST', url: `/internal/reservations/${orderId}/${action}` });
}

async function movementsOf(sku: string): Promise<Movement[]> {
  return (await inventory.app.inject({ method: 'GET', url: `/inventory/${sku}/movements`, headers: inventory.admin })).json<MovementList>().items;
}

beforeAll(async () => {
  inventory = await startInventory();
});

afterAll(async () => {
  await inventory?.close();
});

describe('one order', () => {
  it('holds, answers a retry as is, commits once as a sale and restocks on release', async () => {
    await setStock(inventory, 'RES-A', 10);
    const orderId = randomUUID();
    const first = await reserve({ order_id: orderId, lines: [{ sku: 'res-a', quantity: 3 }] });
    expect(first.statusCode, first.body).toBe(201);
    const held = first.json<Reservation>();
    expect(held).toMatchObject({ order_id: orderId, status: 'held', lines: [{ sku: 'RES-A', quantity: 3 }] });
    expect(Date.parse(held.expires_at!)).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(await levelOf(inventory, 'RES-A')).toMatchObject({ on_hand: 10, reserved: 3, available: 7 });

    const retry = await reserve({ order_id: orderId, lines: [{ sku: 'RES-A', quantity: 5 }] });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(held);
    expect((await levelOf(inventory, 'RES-A')).reserved).toBe(3);

    const committed = await act(orderId, 'commit');
    expect(committed.statusCode, committed.body).toBe(200);
    expect(committed.json()).toMatchObject({ status: 'committed', expires_at: null });
    expect((await act(orderId, 'commit')).json()).toMatchObject({ status: 'committed' });
    expect(await levelOf(inventory, 'RES-A')).toMatchObject({ on_hand: 7, reserved: 0, available: 7 });
    expect((await movementsOf('RES-A'))[0]).toMatchObject({ kind: 'sale', delta: -3, on_hand: 7, order_id: orderId, actor: 'system' });

    const restocked = await act(orderId, 'release');
    expect(restocked.json()).toMatchObject({ status: 'restocked' });
    expect((await act(orderId, 'release')).json()).toMatchObject({ status: 'restocked' });
    expect(await levelOf(inventory, 'RES-A')).toMatchObject({ on_hand: 10, reserved: 0, available: 10 });
    expect((await movementsOf('RES-A'))[0]).toMatchObject({ kind: 'restock', delta: 3, on_hand: 10, order_id: orderId });
    expect((await inventory.app.inject({ method: 'GET', url: `/internal/reservations/${orderId}` })).json()).toMatchObject({ status: 'restocked' });
  });

  it('releases a hold to available, refuses to commit it, and holds it again when reserved anew', async () => {
    await setStock(inventory, 'RES-B', 5);
    const orderId = randomUUID();
    expect((await reserve({ order_id: orderId, lines: [{ sku: 'RES-B', quantity: 2 }] })).statusCode).toBe(201);
    expect((await act(orderId, 'release')).json()).toMatchObject({ status: 'released' });
    expect(await levelOf(inventory, 'RES-B')).toMatchObject({ on_hand: 5, reserved: 0 });

    const commit = await act(orderId, 'commit');
    expect(commit.statusCode).toBe(409);
    expect(commit.headers['content-type']).toContain('application/problem+json');
    expect(commit.json()).toMatchObject({ code: 'reservation_released' });

    const again = await reserve({ order_id: orderId, lines: [{ sku: 'RES-B', quantity: 4 }] });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ status: 'held', lines: [{ sku: 'RES-B', quantity: 4 }] });
    expect(await levelOf(inventory, 'RES-B')).toMatchObject({ reserved: 4, available: 1 });
  });

  it('announces every level change with a growing version', async () => {
    await setStock(inventory, 'RES-V', 4, 2);
    const orderId = randomUUID();
    await reserve({ order_id: orderId, lines: [{ sku: 'RES-V', quantity: 2 }] });
    await act(orderId, 'commit');
    const events = await outboxFor(inventory.db, 'RES-V');
    const changes = events.filter((e) => e.type === 'inventory.stock_changed').map((e) => e.data);
    expect(changes).toEqual([
      { sku: 'RES-V', on_hand: 4, reserved: 0, available: 4, version: 1, previous_available: 0 },
      { sku: 'RES-V', on_hand: 4, reserved: 2, available: 2, version: 2, previous_available: 4 },
      { sku: 'RES-V', on_hand: 2, reserved: 0, available: 2, version: 3, previous_available: 2 },
    ]);
    expect(events.filter((e) => e.type === 'inventory.low_stock').map((e) => e.data)).toEqual([{ sku: 'RES-V', available: 2, low_stock_threshold: 2 }]);
  });

  it('answers 404 for an order without a reservation', async () => {
    const orderId = randomUUID();
    expect((await act(orderId, 'commit')).statusCode).toBe(404);
    expect((await act(orderId, 'release')).statusCode).toBe(404);
    expect((await inventory.app.inject({ method: 'GET', url: `/internal/reservations/${orderId}` })).statusCode).toBe(404);
  });

  it('keeps a hold made with expires: false without an expiry', async () => {
    await setStock(inventory, 'RES-N', 1);
    const response = await reserve({ order_id: randomUUID(), lines: [{ sku: 'RES-N', quantity: 1 }], expires: false });
    expect(response.statusCode).toBe(201);
    expect(response.json().expires_at).toBeNull();
  });
});

describe('all or nothing', () => {
  it('holds nothing when one line is short, naming every shortage; a SKU without stock has 0 available', async () => {
    await setStock(inventory, 'ALL-A', 10);
    await setStock(inventory, 'ALL-B', 1);
    const orderId = randomUUID();
    const response = await reserve({
      order_id: orderId,
      lines: [{ sku: 'ALL-A', quantity: 5 }, { sku: 'ALL-B', quantity: 2 }, { sku: 'ALL-NONE', quantity: 1 }],
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      status: 409,
      code: 'out_of_stock',
      shortages: [
        { sku: 'ALL-B', requested: 2, available: 1 },
        { sku: 'ALL-NONE', requested: 1, available: 0 },
      ],
    });
    expect((await levelOf(inventory, 'ALL-A')).reserved).toBe(0);
    expect((await levelOf(inventory, 'ALL-B')).reserved).toBe(0);
    expect((await inventory.app.inject({ method: 'GET', url: `/internal/reservations/${orderId}` })).statusCode).toBe(404);
  });

  it('refuses bad lines naming the field', async () => {
    const orderId = randomUUID();
    const fields = async (body: object) => {
      const response = await reserve(body);
      expect(response.statusCode).toBe(400);
      return (response.json<{ errors: { field: string }[] }>().errors ?? []).map((e) => e.field);
    };
    expect(await fields({ order_id: orderId, lines: [{ sku: 'X-1', quantity: 1 }, { sku: 'x-1', quantity: 1 }] })).toEqual(['lines.1.sku']);
    expect(await fields({ order_id: orderId, lines: [{ sku: 'X-1', quantity: 0 }] })).toEqual(['lines.0.quantity']);
    expect(await fields({ order_id: orderId, lines: [{ sku: 'X-1', quantity: 10_001 }] })).toEqual(['lines.0.quantity']);
    expect(await fields({ order_id: orderId, lines: Array.from({ length: 101 }, (_, i) => ({ sku: `X-${i}`, quantity: 1 })) })).toEqual(['lines']);
    expect(await fields({ order_id: orderId, lines: [] })).toEqual(['lines']);
    expect(await fields({ order_id: 'not-a-uuid', lines: [{ sku: 'X-1', quantity: 1 }] })).toEqual(['order_id']);
  });
});

describe('concurrency', () => {
  it('never oversells: 50 racing orders for 10 units, exactly 10 held', async () => {
    await setStock(inventory, 'RACE-1', 10);
    const responses = await Promise.all(Array.from({ length: 50 }, () => reserve({ order_id: randomUUID(), lines: [{ sku: 'RACE-1', quantity: 1 }] })));
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.filter((c) => c === 409)).toHaveLength(40);
    const level = await levelOf(inventory, 'RACE-1');
    expect(level).toMatchObject({ on_hand: 10, reserved: 10, available: 0 });
    expect(level.on_hand).toBe(level.available + level.reserved);
  });

  it('serves orders locking the same SKUs in opposite orders without deadlock or error', async () => {
    await setStock(inventory, 'RACE-X', 15);
    await setStock(inventory, 'RACE-Y', 15);
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        reserve({
          order_id: randomUUID(),
          lines: i % 2 ? [{ sku: 'RACE-X', quantity: 1 }, { sku: 'RACE-Y', quantity: 1 }] : [{ sku: 'RACE-Y', quantity: 1 }, { sku: 'RACE-X', quantity: 1 }],
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([...Array(15).fill(201), ...Array(15).fill(409)]);
    for (const sku of ['RACE-X', 'RACE-Y']) expect(await levelOf(inventory, sku)).toMatchObject({ on_hand: 15, reserved: 15, available: 0 });
  });

  it('keeps every unit exact when two replicas batch racing orders and sales over the same SKUs', async () => {
    await setStock(inventory, 'RACE-P', 20);
    await setStock(inventory, 'RACE-Q', 20);
    const replicas = [inventory.app, await inventory.replica()];
    const linesOf = (i: number) =>
      i % 3 === 0 ? [{ sku: 'RACE-Q', quantity: 1 }, { sku: 'RACE-P', quantity: 1 }] : [{ sku: i % 3 === 1 ? 'RACE-P' : 'RACE-Q', quantity: 1 }];
    const orders = Array.from({ length: 60 }, (_, i) => ({ id: randomUUID(), lines: linesOf(i) }));
    const reserved = await Promise.all(
      orders.map((order, i) => replicas[i % 2]!.inject({ method: 'POST', url: '/internal/reservations', payload: { order_id: order.id, lines: order.lines } })),
    );
    expect(reserved.filter((r) => r.statusCode !== 201 && r.statusCode !== 409).map((r) => r.body)).toEqual([]);
    const held = orders.filter((_, i) => reserved[i]!.statusCode === 201);
    const unitsOf = (sku: string) => held.filter((o) => o.lines.some((l) => l.sku === sku)).length;
    expect(unitsOf('RACE-P')).toBeGreaterThan(0);
    for (const sku of ['RACE-P', 'RACE-Q']) expect(await levelOf(inventory, sku)).toMatchObject({ on_hand: 20, reserved: unitsOf(sku) });

    // Half the holds are sold and half released, all at once, through both replicas.
    const settled = await Promise.all(held.map((o, i) => replicas[i % 2]!.inject({ method: 'POST', url: `/internal/reservations/${o.id}/${i % 2 ? 'release' : 'commit'}` })));
    expect(settled.filter((r) => r.statusCode !== 200).map((r) => r.body)).toEqual([]);
    const sold = held.filter((_, i) => i % 2 === 0);
    for (const sku of ['RACE-P', 'RACE-Q']) {
      const units = sold.filter((o) => o.lines.some((l) => l.sku === sku)).length;
      expect(await levelOf(inventory, sku)).toMatchObject({ on_hand: 20 - units, reserved: 0, available: 20 - units });
    }
  });

  it('queues two batches over the same SKUs in opposite orders instead of deadlocking', async () => {
    await setStock(inventory, 'LOCK-X', 5);
    await setStock(inventory, 'LOCK-Y', 5);
    // A batch of one reservation per SKU, in the order given, as a replica's batcher sends it.
    const batch = (skus: string[]) =>
      inventory.db.query<{ outcome: string }>('SELECT outcome FROM reservation_steps($1::text[], $2::uuid[], $3::jsonb[], $4::int[])', [
        skus.map(() => 'reserve'), skus.map(() => randomUUID()), skus.map((sku) => JSON.stringify([{ sku, quantity: 1 }])), skus.map(() => 60),
      ]);
    // Both batches start while both rows are locked, and get them at the same moment: each would take its
    // first SKU and wait for the other's, unless both lock in SKU order.
    const waiting = async () => {
      const { rows } = await inventory.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT outcome FROM reservation_steps%'",
      );
      return rows[0]!.n;
    };
    // Wrapped, so the transaction ends (and unlocks) without waiting for the batches.
    const [both] = await inventory.db.tx(async (tx) => {
      await tx.query(`SELECT 1 FROM stock WHERE sku IN ('LOCK-X', 'LOCK-Y') FOR UPDATE`);
      const started = Promise.allSettled([batch(['LOCK-X', 'LOCK-Y']), batch(['LOCK-Y', 'LOCK-X'])]);
      await expect.poll(waiting).toBe(2);
      return [started];
    });
    const settled = await both!;
    expect(settled.map((r) => (r.status === 'fulfilled' ? r.value.rows.map((row) => row.outcome) : String(r.reason)))).toEqual([
      ['created', 'created'],
      ['created', 'created'],
    ]);
    for (const sku of ['LOCK-X', 'LOCK-Y']) expect(await levelOf(inventory, sku)).toMatchObject({ reserved: 2 });
  });

  it('holds once when the same order is reserved ten times at once', async () => {
    await setStock(inventory, 'RACE-SAME', 100);
    const orderId = randomUUID();
    const responses = await Promise.all(Array.from({ length: 10 }, () => reserve({ order_id: orderId, lines: [{ sku: 'RACE-SAME', quantity: 7 }] })));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect((await levelOf(inventory, 'RACE-SAME')).reserved).toBe(7);
  });

  it('keeps on_hand = available + reserved for every SKU', async () => {
    const { rows } = await inventory.db.query<{ bad: number }>('SELECT count(*)::int AS bad FROM stock WHERE reserved < 0 OR on_hand < reserved');
    expect(rows[0]?.bad).toBe(0);
  });
});

describe('the stock table itself', () => {
  // The last line of defence: whatever a bug in the code above did, the database refuses it.
  it.each([
    ['on_hand below zero', 'on_hand = -1', 'stock_count'],
    ['reserved below zero', 'reserved = -1', 'stock_count'],
    ['a negative threshold', 'low_stock_threshold = -1', 'stock_count'],
    ['reserved above on_hand', 'reserved = on_hand + 1', 'stock_on_hand_covers_reserved'],
  ])('refuses %s', async (_what, change, rule) => {
    await setStock(inventory, 'GUARD-1', 5);
    await expect(inventory.db.query(`UPDATE stock SET ${change} WHERE sku = 'GUARD-1'`)).rejects.toThrow(rule);
    expect(await levelOf(inventory, 'GUARD-1')).toMatchObject({ on_hand: 5, reserved: 0, available: 5 });
  });
});
