import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { CreateOrder, Order } from '@storefleet/contracts';
import { ApiError } from '@storefleet/web-client';
import { ErrorNote, Field, Loading, formatPrice, guestCartStore, guestCheckoutItems, phoneForApi, storefront, useCart, useSession } from '@storefleet/storefront-common';
import { checkoutMessage, type CheckoutMessage } from './checkout-message.js';

/** The simulated processor's test cards (services/payments; contracts' TEST_CARDS), as the page explains them. */
const TEST_CARDS = [
  { number: '4242 4242 4242 4242', outcome: 'is accepted' },
  { number: '4000 0000 0000 0002', outcome: 'is declined' },
  { number: '4000 0000 0000 0119', outcome: 'fails with a processor error' },
];

export function CheckoutPage() {
  const { api, queryClient } = storefront();
  const session = useSession();
  const cart = useCart();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<CheckoutMessage>();
  const [error, setError] = useState<ApiError>();
  const [placing, setPlacing] = useState(false);
  // One key per filled-in form: a double click or a retry after a lost answer places one order, not two.
  const idempotencyKey = useRef(crypto.randomUUID());

  if (cart.isLoading) return <Loading what="Loading your cart" />;
  if (cart.lines.length === 0)
    return (
      <div>
        <h1>Checkout</h1>
        <p>
          Your cart is empty. <Link to="/products">Browse the catalog</Link>
        </p>
      </div>
    );

  async function placeOrder(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setFailure(undefined);
    setError(undefined);
    setPlacing(true);
    const phone = phoneForApi(String(form.get('phone') ?? ''));
    const body: CreateOrder = {
      payment: { card_number: String(form.get('card_number') ?? '').trim() },
      // Where the text about the shipment goes; without one, a signed-in customer's profile phone.
      ...(phone ? { phone } : {}),
      // A signed-in user checks out their cart on the server; a guest sends the lines of this browser's cart.
      ...(session ? {} : { email: String(form.get('email') ?? '').trim(), items: guestCheckoutItems(guestCartStore.get()) }),
    };
    try {
      const order = await api.post<Order>('/api/orders', body, { 'idempotency-key': idempotencyKey.current });
      if (session) await queryClient.invalidateQueries({ queryKey: ['cart'] });
      else guestCartStore.set([]);
      navigate(`/checkout/confirmation/${order.id}`, { state: { order } });
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      // The order was cancelled (or never made): the next attempt is a new order with a new key.
      idempotencyKey.current = crypto.randomUUID();
      if (caught.problem.errors?.length) setError(caught);
      else setFailure(checkoutMessage(caught.problem));
    } finally {
      setPlacing(false);
    }
  }

  return (
    <div>
      <h1>Checkout</h1>
      <div className="checkout-layout">
        <form className="form card" onSubmit={placeOrder}>
          {session ? (
            <p>
              Signed in as <strong>{session.user.email}</strong>: the confirmation goes there.
            </p>
          ) : (
            <>
              <p>
                Checking out as a guest. <Link to="/sign-in?next=/checkout">Sign in</Link> to keep your orders in your account.
              </p>
              <Field label="Email" id="email" error={error?.fieldMessage('email')}>
                <input id="email" name="email" type="email" autoComplete="email" required />
              </Field>
            </>
          )}
          <Field label="Phone for delivery texts (optional)" id="phone" error={error?.fieldMessage('phone')}>
            <input id="phone" name="phone" type="tel" autoComplete="tel" placeholder="+44 20 7946 0958" defaultValue={session?.user.phone ?? ''} aria-describedby="phone-hint" />
            <span className="hint" id="phone-hint">
              With the country code (+…): we text you when the order ships.
            </span>
          </Field>
          <Field label="Card number" id="card_number" error={error?.fieldMessage('payment/card_number')}>
            <input id="card_number" name="card_number" inputMode="numeric" autoComplete="cc-number" required placeholder="4242 4242 4242 4242" aria-describedby="test-cards" />
          </Field>
          <div className="notice" id="test-cards">
            <strong>This shop takes test cards only</strong> (no real payment is made):
            <ul>
              {TEST_CARDS.map((c) => (
                <li key={c.number}>
                  <code>{c.number}</code> {c.outcome}
                </li>
              ))}
            </ul>
            Any other valid card number is accepted.
          </div>
          {failure && (
            <div className="error-note" role="alert">
              <strong>{failure.title}.</strong> {failure.text}
              {failure.shortages.length > 0 && (
                <ul>
                  {failure.shortages.map((s) => (
                    <li key={s.sku}>
                      {cart.lines.find((l) => l.sku.toUpperCase() === s.sku.toUpperCase())?.name ?? s.sku}: you asked for {s.requested}, {s.available} left
                    </li>
                  ))}
                </ul>
              )}
              {failure.shortages.length > 0 && <Link to="/cart">Change your cart</Link>}
            </div>
          )}
          <ErrorNote error={error} />
          <button type="submit" className="button" disabled={placing}>
            {placing ? 'Placing your order…' : `Pay ${formatPrice(cart.subtotal, cart.currency)}`}
          </button>
        </form>
        <aside className="card" aria-label="Order summary">
          <h2>Your order</h2>
          <ul>
            {cart.lines.map((l) => (
              <li key={l.sku}>
                {l.quantity} × {l.name}: {formatPrice(l.line_total, l.currency)}
              </li>
            ))}
          </ul>
          <p>
            Total <strong className="price">{formatPrice(cart.subtotal, cart.currency)}</strong>
          </p>
        </aside>
      </div>
    </div>
  );
}
