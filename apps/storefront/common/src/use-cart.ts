import { useSyncExternalStore } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Cart, Product } from '@storefleet/contracts';
import { guestCartStore, sessionStore, storefront, type Session } from './storefront.js';
import { addGuestLine, guestCartTotals, setGuestQuantity } from './guest-cart.js';
import { sumPrices } from './money.js';

export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.get);
}

/** One line as the cart page shows it, the same for a guest's and a user's cart. */
export interface CartViewLine {
  sku: string;
  product_id: string;
  name: string;
  quantity: number;
  unit_price: number | null;
  line_total: number | null;
  currency: string;
  /** Known for a user's cart (priced by the API at read time); a guest's is checked at checkout. */
  in_stock?: boolean;
  available?: number;
}

export interface CartView {
  signedIn: boolean;
  lines: CartViewLine[];
  count: number;
  subtotal: number;
  currency: string;
  isLoading: boolean;
  error: unknown;
  add(product: Pick<Product, 'sku' | 'id' | 'name' | 'price' | 'currency'>, quantity?: number): Promise<void>;
  setQuantity(sku: string, quantity: number): Promise<void>;
}

/**
 * The shopper's cart: a signed-in user's is the API's (`/api/cart`), a guest's lives in this browser
 * (guestCartStore) until checkout or sign-in.
 */
export function useCart(): CartView {
  const session = useSession();
  const guest = useSyncExternalStore(guestCartStore.subscribe, guestCartStore.get, guestCartStore.get);
  const { api, queryClient } = storefront();
  const key = ['cart', session?.user.id];
  const server = useQuery({ queryKey: key, queryFn: () => api.get<Cart>('/api/cart'), enabled: session !== null });
  const change = useMutation({
    mutationFn: ({ sku, quantity, add }: { sku: string; quantity: number; add: boolean }) =>
      add
        ? api.post<Cart>('/api/cart/items', { sku, quantity })
        : quantity > 0
          ? api.patch<Cart>(`/api/cart/items/${encodeURIComponent(sku)}`, { quantity })
          : api.delete<Cart>(`/api/cart/items/${encodeURIComponent(sku)}`),
    onSuccess: (cart) => queryClient.setQueryData(key, cart),
  });

  if (session) {
    const cart = server.data;
    return {
      signedIn: true,
      lines: (cart?.items ?? []).map((l) => ({ ...l, currency: l.currency ?? cart?.currency ?? 'EUR' })),
      count: cart?.item_count ?? 0,
      subtotal: cart?.subtotal ?? 0,
      currency: cart?.currency ?? 'EUR',
      isLoading: server.isLoading,
      error: server.error ?? change.error,
      add: async (product, quantity = 1) => void (await change.mutateAsync({ sku: product.sku, quantity, add: true })),
      setQuantity: async (sku, quantity) => void (await change.mutateAsync({ sku, quantity, add: false })),
    };
  }
  const totals = guestCartTotals(guest);
  return {
    signedIn: false,
    lines: guest.map((l) => ({ ...l, unit_price: l.price, line_total: sumPrices([l.price * l.quantity]) })),
    count: totals.count,
    subtotal: totals.subtotal,
    currency: totals.currency,
    isLoading: false,
    error: null,
    add: async (product, quantity = 1) =>
      guestCartStore.set(addGuestLine(guestCartStore.get(), { sku: product.sku, product_id: product.id, name: product.name, price: product.price, currency: product.currency, quantity })),
    setQuantity: async (sku, quantity) => guestCartStore.set(setGuestQuantity(guestCartStore.get(), sku, quantity)),
  };
}
