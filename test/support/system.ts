import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { startSystemOnFreePorts, type RunningSystem } from '@storefleet/system';

export const ADMIN = { email: 'admin@storefleet.test', password: 'admin-password-for-tests' };

/**
 * Starts the whole embedded system on free ports, on the test run's PostgreSQL server, with fresh databases
 * (or those named `<databasePrefix>_<service>`).
 */
export async function startTestSystem(env: Record<string, string> = {}, options: { databasePrefix?: string } = {}): Promise<RunningSystem> {
  return startSystemOnFreePorts({
    postgresUrl: inject('postgresAdminUrl'),
    databasePrefix: options.databasePrefix ?? `t${randomBytes(4).toString('hex')}`,
    logLevel: 'silent',
    // METRICS_PORT 0: the gateway's metrics on a free port, so test files can run side by side.
    // WEBHOOK_ALLOW_PRIVATE_URLS: test webhook receivers listen on loopback.
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, METRICS_PORT: '0', WEBHOOK_ALLOW_PRIVATE_URLS: 'true', ...env },
  });
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A client of the gateway, as a storefront or a script would use it. */
export function apiClient(baseUrl: string) {
  async function request<T = any>(method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined = options.raw;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(options.body);
    }
    const response = await fetch(baseUrl + path, { method, headers, body: payload });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, headers: response.headers, body: (type.includes('json') && text ? JSON.parse(text) : text) as T };
  }
  return {
    request,
    get: <T = any>(path: string, token?: string) => request<T>('GET', path, { token }),
    post: <T = any>(path: string, body?: unknown, token?: string) => request<T>('POST', path, { body, token }),
    patch: <T = any>(path: string, body?: unknown, token?: string) => request<T>('PATCH', path, { body, token }),
    delete: <T = any>(path: string, token?: string) => request<T>('DELETE', path, { token }),
    async login(email: string, password: string): Promise<string> {
      const response = await request('POST', '/api/users/login', { body: { email, password } });
      if (response.status !== 200) throw new Error(`login ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.access_token as string;
    },
    async registerAndLogin(email = `user-${randomBytes(4).toString('hex')}@example.com`, password = 'correct horse battery') {
      const response = await request('POST', '/api/users/register', { body: { email, password, first_name: 'Ada', last_name: 'Lovelace' } });
      if (response.status !== 201) throw new Error(`register ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
      return { email, password, id: response.body.id as string, token: await this.login(email, password) };
    },
  };
}

/** What a test file's whole system gives its tests, once its beforeAll has run. */
export interface TestSystemContext {
  system: RunningSystem;
  /** A client of the gateway. */
  api: ReturnType<typeof apiClient>;
  /** The admin's access token. */
  adminToken: string;
}

/**
 * Starts the whole system before a test file's tests (and signs the admin in) and stops it after them.
 * @example const ctx = useTestSystem(); it('...', async () => { await ctx.api.get('/api/products', ctx.adminToken) })
 */
export function useTestSystem(env: Record<string, string> = {}): TestSystemContext {
  const context = {} as TestSystemContext;
  beforeAll(async () => {
    context.system = await startTestSystem(env);
    context.api = apiClient(context.system.gatewayUrl);
    context.adminToken = await context.api.login(ADMIN.email, ADMIN.password);
  });
  afterAll(() => context.system?.stop());
  return context;
}
