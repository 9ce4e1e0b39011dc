import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createClient, type ApiClient } from '@storefleet/web-client';
import type { RefreshTokenBody, TokenPair, User } from '@storefleet/contracts';

const STORAGE_KEY = 'storefleet-admin-session';

/** A signed-in admin: the token every call sends and who it belongs to. */
export interface Session {
  token: string;
  /** Single use: each refresh answers a new one. */
  refreshToken: string;
  /** When the access token expires (ms since the epoch). */
  expiresAt: number;
  user: User;
}

/** Access tokens are renewed this long before they expire, so no call goes out with an expired one. */
const RENEW_BEFORE_MS = 60_000;

function sessionOf(tokens: TokenPair, user: User): Session {
  return { token: tokens.access_token, refreshToken: tokens.refresh_token, expiresAt: Date.now() + tokens.expires_in * 1000, user };
}

interface SessionContextValue {
  session: Session | undefined;
  api: ApiClient;
  /** Signs in and keeps the session only when the account is an admin; throws the API's problem, or NotAdminError. */
  signIn(email: string, password: string): Promise<void>;
  /** Ends the sign-in (its refresh token is revoked) and forgets the session. */
  signOut(): void;
}

/** The account signed in but is a customer: the panel is refused, the session is not kept. */
export class NotAdminError extends Error {
  constructor(readonly email: string) {
    super(`${email} is not an admin. The admin panel is for admins only; customers shop in the storefront.`);
    this.name = 'NotAdminError';
  }
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

function readStored(): Session | undefined {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    return text ? (JSON.parse(text) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(readStored);

  const keep = useCallback((next: Session | undefined) => {
    if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(STORAGE_KEY);
    setSession(next);
  }, []);
  const forget = useCallback(() => keep(undefined), [keep]);

  // The client reads the token at each call, so it is made once; a 401 (expired or revoked token) ends the session.
  const api = useMemo(
    () => createClient({ baseUrl: '', cache: 'no-store', getToken: () => readStored()?.token, onUnauthorized: forget }),
    [forget],
  );

  const signIn = useCallback(
    async (email: string, password: string) => {
      const tokens = await api.post<TokenPair>('/api/users/login', { email, password });
      const bearer = { authorization: `Bearer ${tokens.access_token}` };
      const user = await api.send('GET', '/api/users/me', { headers: bearer }).then((r) => r.json() as Promise<User>);
      if (user.role !== 'admin') {
        // The customer's token is not kept: nothing here may run with it.
        await api.post('/api/users/logout', { refresh_token: tokens.refresh_token } satisfies RefreshTokenBody, bearer).catch(() => undefined);
        throw new NotAdminError(user.email);
      }
      keep(sessionOf(tokens, user));
    },
    [api, keep],
  );

  const signOut = useCallback(() => {
    const refreshToken = readStored()?.refreshToken;
    forget();
    if (refreshToken) api.post('/api/users/logout', { refresh_token: refreshToken } satisfies RefreshTokenBody).catch(() => undefined);
  }, [api, forget]);

  // Access tokens last minutes: renew it shortly before it expires (the refresh token is single use, so the
  // pair is replaced). A refused refresh (signed out elsewhere, deactivated) ends the session.
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(() => {
      const body: RefreshTokenBody = { refresh_token: session.refreshToken };
      api.post<TokenPair>('/api/users/refresh', body).then((tokens) => keep(sessionOf(tokens, session.user)), forget);
    }, Math.max(0, session.expiresAt - Date.now() - RENEW_BEFORE_MS));
    return () => clearTimeout(timer);
  }, [session, api, keep, forget]);

  const value = useMemo(() => ({ session, api, signIn, signOut }), [session, api, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The API client of the signed-in admin. */
export function useApi(): ApiClient {
  return useSession().api;
}
