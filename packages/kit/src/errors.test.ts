import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { AppError, toProblem } from './errors.js';
import { createService } from './service.js';

describe('problem details', () => {
  it('maps an AppError to its status and keeps field errors', () => {
    const problem = toProblem(new AppError('conflict', 'email already registered', { fields: [{ field: 'email', message: 'taken' }] }));
    expect(problem).toMatchObject({ status: 409, title: 'Conflict', detail: 'email already registered', errors: [{ field: 'email' }] });
  });

  it('adds extensions as members without letting them replace the problem\'s own', () => {
    const problem = toProblem(new AppError('conflict', 'already captured', { extensions: { status: 'captured', title: 'x', code: 'payment_state_conflict' } }));
    expect(problem).toMatchObject({ status: 409, title: 'Conflict', detail: 'already captured', code: 'payment_state_conflict' });
  });

  it('hides the message of an unexpected error', () => {
    const problem = toProblem(new Error('connection string postgres://secret@db'));
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('secret');
  });

  it('answers malformed JSON, invalid fields and unknown routes with problem+json', async () => {
    const app = await createService({ name: 'test', logLevel: 'silent' });
    app.post('/things', { schema: { body: Type.Object({ name: Type.String({ minLength: 1 }), qty: Type.Integer({ minimum: 1 }) }) } }, async () => ({ ok: true }));
    const malformed = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    expect(malformed.json().detail).toMatch(/JSON/);

    const invalid = await app.inject({ method: 'POST', url: '/things', payload: { qty: 0 } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['name', 'qty']);

    const missing = await app.inject({ method: 'GET', url: '/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().request_id).toBe(missing.headers['x-request-id']);
    await app.close();
  });

  it('echoes a given x-request-id and generates one when absent', async () => {
    const app = await createService({ name: 'test', logLevel: 'silent' });
    const echoed = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const generated = await app.inject({ method: 'GET', url: '/healthz' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('http_requests_total{method="GET",route="/healthz",status="200"');
    await app.close();
  });
});
