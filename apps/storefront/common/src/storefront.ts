import { QueryClient } from '@tanstack/react-query';
import { ApiError, createClient, type ApiClient } from '@storefleet/web-client';
import type { Cart, TokenPair, User } from '@storefleet/contracts';
import type { StorefrontConfig } from './config.js';
import { createLocalStore } from './local-store.js';
import { guestCartMerge, type GuestCartLine } from './guest-cart.js';

export interface Session {
  access_token: string;
  refresh_token: string;
  user: User;
}

/** The signed-in user (null for a guest), kept across reloads. */
export const sessionStore = createLocalStore<Session | null>('storefleet.session', null);
/** The guest's cart, kept in the browser until sign-in merges it into the user's cart. */
export const guestCartStore = createLocalStore<GuestCartLine[]>('storefleet.guest-cart', []);

export interface Storefront {
  config: StorefrontConfig;
  api: ApiClient;
  queryClient: QueryClient;
}

let current: Storefront | undefined;

/**
 * Sets up the one storefront of the page (the shell does it once it has read config.json). This
 * package is a federation singleton, so every remote sees the same client, cache and session.
 */
export function startStorefront(config: StorefrontConfig): Storefront {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { staleTime: 30_000, retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500) } },
  });
  const api = createClient({
    baseUrl: config.apiBaseUrl,
    apiKey: config.channel.key,
    getToken: () => sessionStore.get()?.access_token,
    // An expired access token is renewed with the refresh token, so a shopper stays signed in while it lives.
    getRefreshToken: () => sessionStore.get()?.refresh_token,
    onRefreshed: (tokens) => {
      const session = sessionStore.get();
      if (session) sessionStore.set({ ...session, access_token: tokens.access_token, refresh_token: tokens.refresh_token });
    },
    // The session ended (refresh token expired, signed out elsewhere, password changed): continue as a guest.
    onUnauthorized: () => {
      sessionStore.set(null);
      queryClient.removeQueries({ queryKey: ['cart'] });
    },
  });
  current = { config, api, queryClient };
  return current;
}

export function storefront(): Storefront {
  if (!current) throw new Error('The storefront is not started: startStorefront(config) runs in the shell first');
  return current;
}

/**
 * Signs in and moves the guest cart into the user's cart, and only then shows the shopper as signed
 * in (so no page sees the account before its cart is complete). Lines the API refuses (a product gone
 * from the catalog) stay in the guest cart: nothing the shopper chose disappears silently.
 */
export async function signIn(email: string, password: string): Promise<Session> {
  const { api, queryClient } = storefront();
  const tokens = await api.post<TokenPair>('/api/users/login', { email, password });
  const headers = { authorization: `Bearer ${tokens.access_token}` };
  const user = (await (await api.send('GET', '/api/users/me', { headers })).json()) as User;
  const guest = guestCartStore.get();
  const kept: GuestCartLine[] = [];
  if (guest.length > 0) {
    const own = (await (await api.send('GET', '/api/cart', { headers })).json()) as Cart;
    for (const item of guestCartMerge(guest, own.items)) {
      const body = JSON.stringify(item);
      await api.send('POST', '/api/cart/items', { body, headers: { ...headers, 'content-type': 'application/json' } }).catch(() => {
        kept.push(...guest.filter((l) => l.sku.toUpperCase() === item.sku.toUpperCase()));
      });
    }
  }
  const session: Session = { access_token: tokens.access_token, refresh_token: tokens.refresh_token, user };
  guestCartStore.set(kept);
  sessionStore.set(session);
  await queryClient.invalidateQueries({ queryKey: ['cart'] });
  return session;
}

export async function signOut(): Promise<void> {
  const { api, queryClient } = storefront();
  const session = sessionStore.get();
  if (session) await api.post('/api/users/logout', { refresh_token: session.refresh_token }).catch(() => undefined);
  sessionStore.set(null);
  queryClient.removeQueries({ queryKey: ['cart'] });
  queryClient.removeQueries({ queryKey: ['orders'] });
  queryClient.removeQueries({ queryKey: ['notifications'] });
  queryClient.removeQueries({ queryKey: ['warranties'] });
}
