import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { createClient, type ApiClient } from '@storefleet/web-client';
import type { TokenPair, User } from '@storefleet/contracts';

const STORAGE_KEY = 'storefleet-admin-session';

/** A signed-in admin: the token every call sends and who it belongs to. */
export interface Session {
  token: string;
  user: User;
}

interface SessionContextValue {
  session: Session | undefined;
  api: ApiClient;
  /** Signs in and keeps the session only when the account is an admin; throws the API's problem, or NotAdminError. */
  signIn(email: string, password: string): Promise<void>;
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

  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setSession(undefined);
  }, []);

  // The client reads the token at each call, so it is made once; a 401 (expired or revoked token) ends the session.
  const api = useMemo(
    () => createClient({ baseUrl: '', cache: 'no-store', getToken: () => readStored()?.token, onUnauthorized: signOut }),
    [signOut],
  );

  const signIn = useCallback(
    async (email: string, password: string) => {
      const tokens = await api.post<TokenPair>('/api/users/login', { email, password });
      const bearer = { authorization: `Bearer ${tokens.access_token}` };
      const user = await api.send('GET', '/api/users/me', { headers: bearer }).then((r) => r.json() as Promise<User>);
      if (user.role !== 'admin') {
        // The customer's token is not kept: nothing here may run with it.
        await api.post('/api/users/logout', { refresh_token: tokens.refresh_token }, bearer).catch(() => undefined);
        throw new NotAdminError(user.email);
      }
      const next = { token: tokens.access_token, user };
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      setSession(next);
    },
    [api],
  );

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
