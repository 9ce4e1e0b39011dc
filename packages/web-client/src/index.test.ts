import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createClient } from './index.js';

/** A gateway where only `valid` access tokens pass, and refresh token `rt-1` gives `at-2` / `rt-2` once. */
function fakeGateway() {
  const calls: string[] = [];
  let refreshTokenUsed = false;
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const path = new URL(url).pathname;
    const auth = (init.headers as Record<string, string>).authorization ?? '';
    calls.push(`${init.method} ${path} ${auth}`.trim());
    if (path === '/api/users/refresh') {
      const body = JSON.parse(String(init.body)) as { refresh_token: string };
      if (body.refresh_token !== 'rt-1' || refreshTokenUsed) return Response.json({ title: 'Unauthorized', status: 401 }, { status: 401 });
      refreshTokenUsed = true;
      return Response.json({ access_token: 'at-2', refresh_token: 'rt-2', token_type: 'bearer', expires_in: 900 });
    }
    if (auth !== 'Bearer at-2') return Response.json({ title: 'Unauthorized', status: 401, detail: 'The access token expired' }, { status: 401 });
    return Response.json({ ok: true });
  });
  return calls;
}

function client(session: { access: string; refresh: string }) {
  const ended = vi.fn();
  const api = createClient({
    baseUrl: 'http://gateway.test',
    getToken: () => session.access,
    getRefreshToken: () => session.refresh,
    onRefreshed: (tokens) => Object.assign(session, { access: tokens.access_token, refresh: tokens.refresh_token }),
    onUnauthorized: ended,
  });
  return { api, ended };
}

describe('the API client with an expired access token', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('refreshes the tokens once for calls that fail together, keeps the new ones and sends each call again', async () => {
    const calls = fakeGateway();
    const session = { access: 'at-1', refresh: 'rt-1' };
    const { api, ended } = client(session);
    expect(await Promise.all([api.get('/api/orders'), api.get('/api/notifications')])).toEqual([{ ok: true }, { ok: true }]);
    expect(session).toEqual({ access: 'at-2', refresh: 'rt-2' });
    expect(calls.filter((c) => c.startsWith('POST /api/users/refresh'))).toHaveLength(1);
    expect(ended).not.toHaveBeenCalled();
  });

  it('ends the session when the refresh token is refused too', async () => {
    fakeGateway();
    const { api, ended } = client({ access: 'at-1', refresh: 'rt-stolen' });
    await expect(api.get('/api/orders')).rejects.toBeInstanceOf(ApiError);
    expect(ended).toHaveBeenCalledOnce();
  });
});
