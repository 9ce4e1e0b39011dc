import { Link } from 'react-router';
import type { Product } from '@storefleet/contracts';
import { StockBadge, formatPrice } from '@storefleet/storefront-common';

export function ProductCard({ product }: { product: Product }) {
  return (
    <li className="card product-card">
      <span className="product-brand">{product.brand}</span>
      <Link to={`/products/${product.id}`} className="product-link product-name">
        {product.name}
      </Link>
      <span className="price">{formatPrice(product.price, product.currency)}</span>
      <StockBadge inStock={product.in_stock} available={product.available} />
    </li>
  );
}

export function ProductGrid({ products, label }: { products: Product[]; label: string }) {
  return (
    <ul className="product-grid" aria-label={label}>
      {products.map((p) => (
        <ProductCard key={p.id} product={p} />
      ))}
    </ul>
  );
}
