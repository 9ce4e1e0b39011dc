import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { Product } from '@storefleet/contracts';
import { ErrorNote, Loading, StockBadge, formatPrice, storefront, useCart } from '@storefleet/storefront-common';
import { specRows, warrantyText } from './specs.js';

export function ProductPage() {
  const { id = '' } = useParams();
  const { api } = storefront();
  const product = useQuery({ queryKey: ['product', id], queryFn: () => api.get<Product>(`/api/products/${encodeURIComponent(id)}`) });
  const cart = useCart();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<string>();
  const [addError, setAddError] = useState<unknown>();

  if (product.isLoading) return <Loading what="Loading the product" />;
  if (product.error || !product.data) return <ErrorNote error={product.error ?? 'The product was not found.'} />;
  const p = product.data;
  const rows = specRows(p.attributes);

  async function add() {
    setAdded(undefined);
    setAddError(undefined);
    try {
      await cart.add(p, quantity);
      setAdded(`${quantity} × ${p.name} added to your cart.`);
    } catch (error) {
      setAddError(error);
    }
  }

  return (
    <article className="product-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/products">Catalog</Link> › <Link to={`/products?category=${encodeURIComponent(p.category)}`}>{p.category}</Link>
      </nav>
      <h1>{p.name}</h1>
      <p className="product-brand">
        {p.brand} · SKU {p.sku}
      </p>
      <div className="product-buy card">
        <span className="price price-large">{formatPrice(p.price, p.currency)}</span>
        <StockBadge inStock={p.in_stock} available={p.available} />
        <p>{p.in_stock ? `${p.available} available` : 'Currently unavailable'}</p>
        <p>Warranty: {warrantyText(p.warranty_months)}</p>
        <div className="buy-row">
          <label htmlFor="quantity">Quantity</label>
          <input id="quantity" type="number" min={1} max={Math.max(1, p.available)} value={quantity} onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))} />
          <button type="button" className="button" disabled={!p.in_stock} onClick={add}>
            Add to cart
          </button>
        </div>
        {added && (
          <p role="status" className="success">
            {added} <Link to="/cart">View cart</Link>
          </p>
        )}
        <ErrorNote error={addError} />
      </div>
      {p.description && <p className="description">{p.description}</p>}
      {rows.length > 0 && (
        <table className="specs">
          <caption>Specifications</caption>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{r.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
