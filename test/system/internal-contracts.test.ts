import { describe, expect, it } from 'vitest';
import * as contracts from '@storefleet/contracts';
import * as internal from '@storefleet/contracts/internal';
import { SERVICES } from '@storefleet/system';
import { useTestSystem } from '../support/system.js';

const ctx = useTestSystem();

/**
 * A schema as JSON with its keys sorted, written as @fastify/swagger writes it into a service's OpenAPI
 * document (`const: x` as `enum: [x]`, a TypeBox Record's `patternProperties: {'^(.*)$': v}` as
 * `additionalProperties: v`), so one declared in contracts and one read back from a document compare equal.
 */
function canonical(value: unknown): string {
  const sorted = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(sorted);
    if (!node || typeof node !== 'object') return node;
    const { const: only, patternProperties, ...rest } = node as Record<string, unknown>;
    const anyKey = (patternProperties as Record<string, unknown> | undefined)?.['^(.*)$'];
    const plain: Record<string, unknown> = {
      ...rest,
      ...(only === undefined ? {} : { enum: [only] }),
      ...(patternProperties === undefined ? {} : anyKey === undefined ? { patternProperties } : { additionalProperties: anyKey }),
    };
    return Object.fromEntries(Object.keys(plain).sort().map((key) => [key, sorted(plain[key])]));
  };
  return JSON.stringify(sorted(JSON.parse(JSON.stringify(value))));
}

const schemasOf = (exports: object) => Object.values(exports).filter((value) => typeof value === 'object' && value !== null).map(canonical);

interface Operation {
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

describe('the contracts between services', () => {
  it('answers every /internal/ operation, and takes its body, as declared in the contracts', async () => {
    // The internal section's, or a public one where both sides of the gateway see the shape (payments answer with the payment admins read).
    const declared = new Set([...schemasOf(internal), ...schemasOf(contracts)]);
    const operations: string[] = [];
    const undeclared: string[] = [];
    for (const { name } of SERVICES) {
      const document = (await (await fetch(`${ctx.system.urls[name]}/docs/json`)).json()) as { paths: Record<string, Record<string, Operation>> };
      for (const [path, item] of Object.entries(document.paths)) {
        if (!path.startsWith('/internal/')) continue;
        for (const [method, operation] of Object.entries(item)) {
          const where = `${name} ${method.toUpperCase()} ${path}`;
          operations.push(where);
          const answers = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
          if (answers.length === 0) undeclared.push(`${where}: no 2xx answer`);
          for (const [status, answer] of answers) {
            const schema = answer.content?.['application/json']?.schema;
            if (!schema || !declared.has(canonical(schema))) undeclared.push(`${where} ${status}`);
          }
          const body = operation.requestBody?.content['application/json']?.schema;
          if (body && !declared.has(canonical(body))) undeclared.push(`${where} body`);
        }
      }
    }
    // The ones this test was written with, so a document that lost its internal paths cannot pass unseen.
    expect(operations).toEqual(expect.arrayContaining(['inventory POST /internal/reservations', 'payments POST /internal/payments', 'catalog POST /internal/products/lookup', 'identity GET /internal/channels']));
    expect(undeclared).toEqual([]);
  });
});
