import { AppError, type AuthUser } from '@storefleet/kit';
import type { AddCartItem, Cart } from '@storefleet/contracts';
import type { CatalogClient } from '../clients/catalog-client.js';
import type { CallContext } from '../clients/upstream.js';
import { cartFull, priceCart, type CartItem } from '../domain/cart.js';
import { normalizeSku, type CatalogProduct } from '../domain/checkout-request.js';
import type { CartRow, CartsStore } from '../store/carts-store.js';

/** Who is asking for a cart: a signed-in user and/or the guest cart id of the X-Cart-Id header. */
export interface CartCaller {
  user?: AuthUser;
  cartId?: string;
  context?: CallContext;
}

function cartNotFound(id: string): AppError {
  return new AppError('not_found', `Cart ${id} does not exist`);
}

function lineNotFound(sku: string): AppError {
  return new AppError('not_found', `The cart has no line for ${sku}`);
}

const EMPTY: Cart = { id: null, user_id: null, items: [], item_count: 0, subtotal: 0, currency: null, updated_at: null };

/**
 * Carts: one per signed-in user, or a guest cart addressed by its id. A cart belongs to one owner: a
 * signed-in user sending another user's cart id gets 404, and a guest cart id they send is merged into
 * their own cart. Lines are priced from catalog when read.
 * @example const cart = await cartService.add({ user, cartId }, { sku: 'LAP-1', quantity: 1 })
 */
export function createCartService({ carts, catalog }: { carts: CartsStore; catalog: CatalogClient }) {
  async function resolve(caller: CartCaller, create: boolean): Promise<CartRow | undefined> {
    if (caller.user) {
      const own = await carts.ensureForUser(caller.user.id);
      if (!caller.cartId || caller.cartId === own.id) return own;
      const other = await carts.find(caller.cartId);
      if (other?.user_id) throw cartNotFound(caller.cartId);
      if (!other) return own;
      await carts.mergeGuestInto(other.id, own.id);
      return (await carts.find(own.id))!;
    }
    if (caller.cartId) {
      const cart = await carts.find(caller.cartId);
      if (!cart || cart.user_id) throw cartNotFound(caller.cartId);
      return cart;
    }
    return create ? carts.createGuest() : undefined;
  }

  /** The cart priced from catalog; `known` products (looked up by this request already) are not asked again. */
  async function view(cart: CartRow | undefined, context?: CallContext, read?: CartItem[], known: CatalogProduct[] = []): Promise<Cart> {
    if (!cart) return EMPTY;
    const items = read ?? (await carts.items(cart.id));
    const missing = items.filter((i) => !known.some((p) => p.sku === i.sku)).map((i) => i.sku);
    const products = missing.length ? [...known, ...(await catalog.lookup({ skus: missing, with_stock: true }, context))] : known;
    return { id: cart.id, user_id: cart.user_id, ...priceCart(items, products), updated_at: cart.updated_at };
  }

  async function reread(cart: CartRow, context?: CallContext): Promise<Cart> {
    return view(await carts.find(cart.id), context);
  }

  return {
    async get(caller: CartCaller): Promise<Cart> {
      return view(await resolve(caller, false), caller.context);
    },

    /** Adds a product by SKU or id; adding a SKU already in the cart adds to its quantity (capped). */
    async add(caller: CartCaller, input: AddCartItem): Promise<Cart> {
      if (!input.sku && !input.product_id) {
        throw new AppError('validation', 'Give sku or product_id', { fields: [{ field: 'sku', message: 'give sku or product_id' }] });
      }
      const sku = input.sku ? normalizeSku(input.sku) : undefined;
      const [product] = await catalog.lookup(sku ? { skus: [sku], with_stock: true } : { ids: [input.product_id!], with_stock: true }, caller.context);
      const field = sku ? 'sku' : 'product_id';
      if (!product || (input.product_id && product.id !== input.product_id)) {
        throw new AppError('unprocessable', `No product ${sku ?? input.product_id} in the catalog`, { fields: [{ field, message: 'is not a product in the catalog' }] });
      }
      // A guest's cart is checked by the add itself (it must exist and be a guest cart): one round trip.
      const cartId = !caller.user && caller.cartId ? caller.cartId : (await resolve(caller, true))!.id;
      const added = await carts.addItem(cartId, caller.user?.id ?? null, { sku: product.sku, product_id: product.id, name: product.name }, input.quantity ?? 1);
      if (added.outcome === 'no_cart') throw cartNotFound(cartId);
      if (added.outcome === 'full') throw cartFull();
      return view(added.cart, caller.context, added.items, [product]);
    },

    async setQuantity(caller: CartCaller, sku: string, quantity: number): Promise<Cart> {
      const cart = await resolve(caller, false);
      if (!cart || !(await carts.setQuantity(cart.id, normalizeSku(sku), quantity))) throw lineNotFound(sku);
      return reread(cart, caller.context);
    },

    async remove(caller: CartCaller, sku: string): Promise<Cart> {
      const cart = await resolve(caller, false);
      if (!cart || !(await carts.removeItem(cart.id, normalizeSku(sku)))) throw lineNotFound(sku);
      return reread(cart, caller.context);
    },

    async clear(caller: CartCaller): Promise<Cart> {
      const cart = await resolve(caller, false);
      if (!cart) return EMPTY;
      await carts.clear(cart.id);
      return reread(cart, caller.context);
    },

    /** The cart a checkout without items buys, or undefined for a guest without one. */
    async forCheckout(caller: CartCaller): Promise<{ id: string; items: CartItem[] } | undefined> {
      if (!caller.user && caller.cartId) {
        const cart = await carts.findWithItems(caller.cartId);
        if (!cart || cart.user_id) throw cartNotFound(caller.cartId);
        return cart;
      }
      const cart = await resolve(caller, false);
      return cart && { id: cart.id, items: await carts.items(cart.id) };
    },
  };
}

export type CartService = ReturnType<typeof createCartService>;
