import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventDataErrors } from '@storefleet/kit';
import { isEventType } from '@storefleet/contracts';
import { INVENTORY_PUBLISHES, INVENTORY_SOURCE } from '../src/events.js';
import { levelOf, setStock, startInventory, type TestInventory } from './support.js';

const SQL_DIR = fileURLToPath(new URL('../sql', import.meta.url));

let inventory: TestInventory;

beforeAll(async () => {
  // Sweeps often, so a reservation whose time is up is expired while the test waits for it.
  inventory = await startInventory({ env: { RESERVATION_SWEEP_MS: '50' } });
});

/** Why an outbox row is not an event of the catalog, with the data its schema declares (and nothing more). */
function contractErrors(row: { type: string; data: unknown }): string[] {
  return isEventType(row.type) ? eventDataErrors(row.type, row.data) : [`${row.type} is not in EVENT_CATALOG`];
}

afterAll(async () => {
  await inventory?.close();
});

async function reserve(orderId: string, sku: string, quantity: number) {
  const response = await inventory.app.inject({ method: 'POST', url: '/internal/reservations', payload: { order_id: orderId, lines: [{ sku, quantity }] } });
  expect(response.statusCode, response.body).toBe(201);
}

async function act(orderId: string, action: 'commit' | 'release') {
  const response = await inventory.app.inject({ method: 'POST', url: `/internal/reservations/${orderId}/${action}` });
  expect(response.statusCode, response.body).toBe(200);
}

/** The function files: name (the file's) and the body between its `$$`, as pg_proc keeps it. */
async function functionFiles(): Promise<{ name: string; text: string; body: string }[]> {
  const names = (await readdir(SQL_DIR)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(names.map(async (file) => {
    const text = await readFile(join(SQL_DIR, file), 'utf8');
    return { name: file.slice(0, -'.sql'.length), text, body: text.slice(text.indexOf('$$') + 2, text.lastIndexOf('$$')) };
  }));
}

describe('the stock functions', () => {
  it('are the bodies of sql/, put back in force by every start', async () => {
    const files = await functionFiles();
    expect(files.map((f) => f.name)).toEqual(['commit_reservation', 'release_reservation', 'reservation_steps', 'reserve_stock', 'stock_apply_changes']);
    // A database left with other bodies and settings (an older release's, say) ...
    for (const file of files) {
      const stale = file.text.replace(file.body, "\nBEGIN RAISE EXCEPTION 'stale body'; END\n").replace(/SET plan_cache_mode = \w+/, '');
      await inventory.db.query(stale);
    }
    // ... gets the files' again when a replica starts.
    await inventory.replica();
    const { rows } = await inventory.db.query<{ proname: string; prosrc: string; proconfig: string[] | null }>(
      'SELECT proname, prosrc, proconfig FROM pg_proc WHERE proname = ANY ($1::text[]) ORDER BY proname',
      [files.map((f) => f.name)],
    );
    expect(rows.map((r) => [r.proname, r.prosrc])).toEqual(files.map((f) => [f.name, f.body]));
    // CREATE OR REPLACE resets a function's settings: the hot ones keep the generic plans of migration 004.
    const generic = ['plan_cache_mode=force_generic_plan'];
    expect(Object.fromEntries(rows.map((r) => [r.proname, r.proconfig]))).toEqual({
      commit_reservation: generic, release_reservation: generic, reservation_steps: null, reserve_stock: generic, stock_apply_changes: generic,
    });
  });

  it('write events that match the event catalog on every path: adjust, reserve, commit, release, restock, low stock', async () => {
    const sku = 'FN-1';
    const [sold, dropped] = [randomUUID(), randomUUID()];
    await setStock(inventory, sku, 10, 3); // adjust
    await reserve(sold, sku, 4); // hold
    await act(sold, 'commit'); // sale
    await reserve(dropped, sku, 3); // hold down to the threshold: low stock
    await act(dropped, 'release'); // held → released
    await act(sold, 'release'); // committed → restocked
    const adjusted = await inventory.app.inject({ method: 'PUT', url: `/inventory/${sku}`, headers: inventory.admin, payload: { delta: -8, reason: 'damaged' } });
    expect(adjusted.statusCode, adjusted.body).toBe(200); // adjust down to low stock
    expect(await levelOf(inventory, sku)).toMatchObject({ on_hand: 2, reserved: 0, available: 2 });

    const { rows } = await inventory.db.query<{ id: string; type: string; source: string; subject: string; data: unknown }>(
      'SELECT id, type, source, subject, data FROM outbox WHERE subject = $1 ORDER BY position',
      [sku],
    );
    const { adjusted: adj, stockChanged: changed, lowStock: low } = INVENTORY_PUBLISHES;
    expect(rows.map((r) => r.type)).toEqual([adj, changed, changed, changed, changed, low, changed, changed, adj, changed, low]);
    for (const row of rows) {
      expect(row).toMatchObject({ source: INVENTORY_SOURCE, subject: sku });
      expect(contractErrors(row)).toEqual([]);
    }

    // catalog reads availability from stock_changed alone, skipping a change whose previous_available
    // equals its available: each event's previous_available is the availability the one before left.
    const changes = rows.filter((r) => r.type === changed).map((r) => r.data as { version: number; available: number; previous_available?: number });
    expect(changes.map((c) => c.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(changes.map((c) => c.previous_available)).toEqual([0, ...changes.slice(0, -1).map((c) => c.available)]);
  });

  it('expire a hold with events that match the event catalog: the release by the SQL function and reservation_expired', async () => {
    const sku = 'FN-EXP';
    const order = randomUUID();
    await setStock(inventory, sku, 5, 4);
    await reserve(order, sku, 2); // available 3: at or below the threshold of 4
    await inventory.db.query("UPDATE reservations SET expires_at = now() - interval '1 second' WHERE order_id = $1", [order]);
    await vi.waitFor(async () => expect((await levelOf(inventory, sku)).reserved).toBe(0), { timeout: 10_000 });

    const { rows } = await inventory.db.query<{ type: string; subject: string; data: unknown }>(
      'SELECT type, subject, data FROM outbox WHERE subject = ANY ($1::text[]) ORDER BY position',
      [[sku, order]],
    );
    const { adjusted, stockChanged, lowStock, reservationExpired } = INVENTORY_PUBLISHES;
    expect(rows.map((r) => r.type)).toEqual([adjusted, stockChanged, stockChanged, lowStock, stockChanged, reservationExpired]);
    expect(rows.at(-1)).toMatchObject({ subject: order, data: { order_id: order, lines: [{ sku, quantity: 2 }] } });
    for (const row of rows) expect(contractErrors(row)).toEqual([]);
  });
});
