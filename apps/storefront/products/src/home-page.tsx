import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { ProductList } from '@storefleet/contracts';
import { ErrorNote, Loading, storefront } from '@storefleet/storefront-common';
import { ProductGrid } from './product-card.js';

function Featured({ kind, title }: { kind: 'laptops' | 'spare-parts'; title: string }) {
  const { api } = storefront();
  const list = useQuery({ queryKey: ['featured', kind], queryFn: () => api.get<ProductList>(`/api/${kind}`, { limit: 4, sort: 'newest' }) });
  return (
    <section aria-labelledby={`featured-${kind}`}>
      <div className="section-head">
        <h2 id={`featured-${kind}`}>{title}</h2>
        <Link to={`/products?category=${kind}`}>See all {title.toLowerCase()}</Link>
      </div>
      {list.isLoading && <Loading what={`Loading ${title.toLowerCase()}`} />}
      <ErrorNote error={list.error} />
      {list.data && <ProductGrid products={list.data.items} label={title} />}
    </section>
  );
}

export function HomePage() {
  const { config } = storefront();
  return (
    <div className="home">
      <section className="hero">
        <h1>{config.channel.name}</h1>
        <p>Laptops and the parts that keep them running: memory, storage, batteries, chargers.</p>
        <Link className="button" to="/products">
          Browse the catalog
        </Link>
      </section>
      <Featured kind="laptops" title="Laptops" />
      <Featured kind="spare-parts" title="Spare parts" />
    </div>
  );
}
