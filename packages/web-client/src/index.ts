import type { Problem, TokenPair } from '@storefleet/contracts';

/** A failed call: the gateway's problem document (RFC 9457), whose `detail` and `errors[]` pages show as they are. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  /** The message of one field (`errors[].field`, e.g. `price`), for showing beside its input. */
  fieldMessage(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field || e.field === `/${field}`)?.message;
  }
}

export interface ClientOptions {
  /** The gateway, e.g. `http://127.0.0.1:8080` (empty: same origin). */
  baseUrl: string;
  /** The storefront channel's publishable key, sent as `X-API-Key`. */
  apiKey?: string;
  /** The signed-in user's access token, read at each call. */
  getToken?: () => string | undefined;
  /**
   * The session's refresh token. When a call with an access token answers 401 (the access token expired or
   * was refused), the client exchanges it once for new tokens (`POST /api/users/refresh`), hands them to
   * `onRefreshed` and sends the call again; only when that fails is the session over (`onUnauthorized`).
   */
  getRefreshToken?: () => string | undefined;
  /** Keeps the tokens a refresh gave (each refresh token works once: the new one replaces it). */
  onRefreshed?: (tokens: TokenPair) => void;
  /** Called when a call with a token answers 401 and no refresh helps (the session ended). */
  onUnauthorized?: () => void;
  /**
   * The fetch cache mode of every call. `no-store` for a back office that must see its own writes at once
   * (public catalog reads are cacheable for 30 s); by default the browser's HTTP cache applies.
   */
  cache?: RequestCache;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  delete<T = void>(path: string): Promise<T>;
  /** A raw call (CSV bodies and downloads): the response as it came, after the same error handling. */
  send(method: string, path: string, init?: { body?: BodyInit; headers?: Record<string, string>; query?: Query }): Promise<Response>;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Reads a failed answer as a problem, or makes one when the body is not a problem (a proxy's HTML page, a dropped connection). */
async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    if (typeof body.title === 'string') return { ...body, title: body.title, type: body.type ?? 'about:blank', status: response.status };
  } catch {
    // not JSON: described below
  }
  return { type: 'about:blank', title: response.statusText || 'Request failed', status: response.status, detail: `The server answered ${response.status}` };
}

const NETWORK_ERROR: Problem = { type: 'about:blank', title: 'Network error', status: 0, detail: 'The shop cannot be reached. Check your connection and try again.' };

export function createClient(options: ClientOptions): ApiClient {
  // One refresh at a time: calls that fail together wait for the same new tokens (a refresh token works once).
  let refreshing: Promise<boolean> | undefined;

  async function refresh(): Promise<boolean> {
    const refreshToken = options.getRefreshToken?.();
    if (!refreshToken || !options.onRefreshed) return false;
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
    if (options.apiKey) headers['x-api-key'] = options.apiKey;
    const response = await fetch(`${options.baseUrl}/api/users/refresh`, { method: 'POST', headers, body: JSON.stringify({ refresh_token: refreshToken }), cache: 'no-store' }).catch(() => undefined);
    if (!response?.ok) return false;
    options.onRefreshed((await response.json()) as TokenPair);
    return true;
  }

  async function send(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string>; query?: Query } = {}, retried = false): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (options.apiKey) headers['x-api-key'] = options.apiKey;
    const token = options.getToken?.();
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetch(`${options.baseUrl}${withQuery(path, init.query)}`, { method, headers, body: init.body, cache: options.cache });
    } catch {
      throw new ApiError(NETWORK_ERROR);
    }
    if (response.ok) return response;
    if (response.status === 401 && token) {
      if (!retried) {
        // Another call (or tab) may have renewed the tokens meanwhile: then this one only needs sending again.
        const renewed = options.getToken?.() !== token || (await (refreshing ??= refresh().finally(() => (refreshing = undefined))));
        if (renewed) return send(method, path, init, true);
      }
      options.onUnauthorized?.();
    }
    throw new ApiError(await problemOf(response));
  }

  async function json<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>, query?: Query): Promise<T> {
    const init = body === undefined ? { headers, query } : { body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers }, query };
    const response = await send(method, path, init);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  return {
    get: (path, query) => json('GET', path, undefined, undefined, query),
    post: (path, body, headers) => json('POST', path, body ?? {}, headers),
    put: (path, body) => json('PUT', path, body ?? {}),
    patch: (path, body) => json('PATCH', path, body ?? {}),
    delete: (path) => json('DELETE', path),
    send,
  };
}
