import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { FacetCount, ProductList, ProductSort } from '@storefleet/contracts';
import { ErrorNote, Loading, formatPrice, storefront } from '@storefleet/storefront-common';
import { ProductGrid } from './product-card.js';

const PAGE_SIZE = 12;
const SORTS: { value: ProductSort; label: string }[] = [
  { value: 'relevance', label: 'Best match' },
  { value: 'name', label: 'Name' },
  { value: 'price_asc', label: 'Price: low to high' },
  { value: 'price_desc', label: 'Price: high to low' },
  { value: 'newest', label: 'Newest' },
];

/** The filters live in the URL, so a filtered page can be shared, reloaded and walked back with the browser. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const list = (name: string) => params.getAll(name).flatMap((v) => v.split(',')).filter(Boolean);
  const filters = {
    q: params.get('q') ?? '',
    category: list('category'),
    brand: list('brand'),
    min_price: params.get('min_price') ?? '',
    max_price: params.get('max_price') ?? '',
    sort: (params.get('sort') as ProductSort | null) ?? undefined,
    page: Math.max(1, Number(params.get('page') ?? 1) || 1),
  };
  /** Changes some filters; any change but the page starts again at page 1. */
  const update = (changes: Record<string, string | string[] | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      next.delete(name);
      const values = Array.isArray(value) ? value : value === undefined || value === '' ? [] : [String(value)];
      if (values.length > 0) next.set(name, values.join(','));
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  return { filters, update };
}

function FacetGroup({ title, name, facets, selected, onChange }: { title: string; name: string; facets: FacetCount[]; selected: string[]; onChange: (values: string[]) => void }) {
  if (facets.length === 0) return null;
  return (
    <fieldset className="facet">
      <legend>{title}</legend>
      {facets.map((f) => {
        const id = `${name}-${f.value}`;
        const checked = selected.includes(f.value);
        return (
          <div key={f.value} className="facet-option">
            <input type="checkbox" id={id} checked={checked} onChange={() => onChange(checked ? selected.filter((v) => v !== f.value) : [...selected, f.value])} />
            <label htmlFor={id}>
              {f.value} <span className="count">({f.count})</span>
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

export function CatalogPage() {
  const { api } = storefront();
  const { filters, update } = useFilters();
  const query = {
    q: filters.q || undefined,
    category: filters.category.join(',') || undefined,
    brand: filters.brand.join(',') || undefined,
    min_price: filters.min_price || undefined,
    max_price: filters.max_price || undefined,
    sort: filters.sort ?? (filters.q ? 'relevance' : 'name'),
    page: filters.page,
    limit: PAGE_SIZE,
  };
  const list = useQuery({ queryKey: ['products', query], queryFn: () => api.get<ProductList>('/api/products', query), placeholderData: keepPreviousData });
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <div className="catalog">
      <h1>{filters.q ? `Results for “${filters.q}”` : 'Catalog'}</h1>
      <div className="catalog-layout">
        <aside className="filters" aria-label="Filters">
          {data && (
            <>
              <FacetGroup title="Category" name="category" facets={data.facets.category} selected={filters.category} onChange={(v) => update({ category: v })} />
              <FacetGroup title="Brand" name="brand" facets={data.facets.brand} selected={filters.brand} onChange={(v) => update({ brand: v })} />
            </>
          )}
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const form = new FormData(event.currentTarget);
              update({ min_price: String(form.get('min_price') ?? ''), max_price: String(form.get('max_price') ?? '') });
            }}
          >
            <fieldset className="facet">
              <legend>Price</legend>
              <div className="price-range">
                <label htmlFor="min_price">From</label>
                <input id="min_price" name="min_price" type="number" min={0} inputMode="decimal" defaultValue={filters.min_price} placeholder={data?.facets.price.min != null ? String(Math.floor(data.facets.price.min)) : ''} />
                <label htmlFor="max_price">to</label>
                <input id="max_price" name="max_price" type="number" min={0} inputMode="decimal" defaultValue={filters.max_price} placeholder={data?.facets.price.max != null ? String(Math.ceil(data.facets.price.max)) : ''} />
              </div>
              <button type="submit" className="button-secondary">
                Apply
              </button>
            </fieldset>
          </form>
        </aside>
        <section className="results" aria-busy={list.isFetching}>
          <div className="results-bar">
            <p role="status">{data ? `${data.total} product${data.total === 1 ? '' : 's'}` : ''}</p>
            <label>
              Sort by{' '}
              <select value={query.sort} onChange={(e) => update({ sort: e.target.value })}>
                {SORTS.filter((s) => s.value !== 'relevance' || filters.q).map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {list.isLoading && <Loading what="Loading products" />}
          <ErrorNote error={list.error} />
          {data && data.items.length === 0 && (
            <p>
              Nothing matches. <Link to="/products">Clear the filters</Link>
            </p>
          )}
          {data && <ProductGrid products={data.items} label="Products" />}
          {data && pages > 1 && (
            <nav className="pagination" aria-label="Pages">
              <button type="button" disabled={filters.page <= 1} onClick={() => update({ page: filters.page - 1 })}>
                Previous
              </button>
              <span>
                Page {filters.page} of {pages}
              </span>
              <button type="button" disabled={filters.page >= pages} onClick={() => update({ page: filters.page + 1 })}>
                Next
              </button>
            </nav>
          )}
          {data?.facets.price.min != null && (
            <p className="hint">
              Prices from {formatPrice(data.facets.price.min)} to {formatPrice(data.facets.price.max)}
            </p>
          )}
        </section>
      </div>
    </div>
  );
}
