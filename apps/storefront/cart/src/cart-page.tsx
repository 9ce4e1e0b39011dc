import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorNote, Loading, StockBadge, formatPrice, useCart } from '@storefleet/storefront-common';

export function CartPage() {
  const cart = useCart();
  const [error, setError] = useState<unknown>();
  const change = (sku: string, quantity: number) => {
    setError(undefined);
    cart.setQuantity(sku, quantity).catch(setError);
  };

  if (cart.isLoading) return <Loading what="Loading your cart" />;
  return (
    <div className="cart">
      <h1>Your cart</h1>
      <ErrorNote error={cart.error ?? error} />
      {cart.lines.length === 0 ? (
        <p>
          Your cart is empty. <Link to="/products">Browse the catalog</Link>
        </p>
      ) : (
        <>
          <table className="table">
            <thead>
              <tr>
                <th>Product</th>
                <th className="num hide-phone">Price</th>
                <th>Quantity</th>
                <th className="num">Total</th>
                <th>
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cart.lines.map((line) => (
                <tr key={line.sku}>
                  <td>
                    <Link to={`/products/${line.product_id}`}>{line.name}</Link>
                    {line.in_stock !== undefined && (
                      <>
                        {' '}
                        <StockBadge inStock={line.in_stock} available={line.available} />
                      </>
                    )}
                  </td>
                  <td className="num hide-phone">{formatPrice(line.unit_price, line.currency)}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`qty-${line.sku}`}>
                      Quantity of {line.name}
                    </label>
                    <input
                      id={`qty-${line.sku}`}
                      className="qty"
                      type="number"
                      min={1}
                      defaultValue={line.quantity}
                      key={line.quantity}
                      onBlur={(e) => Number(e.target.value) !== line.quantity && change(line.sku, Number(e.target.value))}
                      onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
                    />
                  </td>
                  <td className="num">{formatPrice(line.line_total, line.currency)}</td>
                  <td>
                    <button type="button" className="button-secondary" onClick={() => change(line.sku, 0)} aria-label={`Remove ${line.name}`}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="summary">
            <p>
              {cart.count} item{cart.count === 1 ? '' : 's'} · Subtotal <strong className="price">{formatPrice(cart.subtotal, cart.currency)}</strong>
            </p>
            <Link className="button" to="/checkout">
              Check out
            </Link>
          </div>
        </>
      )}
    </div>
  );
}
