import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Product, ProductList } from '@storefleet/contracts';
import { useApi } from '../session.js';
import { ErrorMessage, Pager, QueryState } from '../components/status.js';
import { money } from '../logic/format.js';
import { ExportButton, ImportButton } from '../components/csv.js';

const LIMIT = 20;

export function Products() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? 1);
  const products = useQuery({
    queryKey: ['products', q, page],
    queryFn: () => api.get<ProductList>('/api/products', { q, page, limit: LIMIT, sort: q ? 'relevance' : 'newest' }),
    placeholderData: keepPreviousData,
  });
  const [deleting, setDeleting] = useState<Product>();
  const remove = useMutation({
    mutationFn: (product: Product) => api.delete(`/api/products/${product.id}`),
    onSuccess: () => {
      setDeleting(undefined);
      return queryClient.invalidateQueries({ queryKey: ['products'] });
    },
  });

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    setParams(text ? { q: text } : {});
  }

  return (
    <section>
      <div className="heading">
        <h1>Products</h1>
        <div className="actions">
          <ExportButton resource="products" query={{ q }} />
          <ImportButton resource="products" />
          <Link className="button primary" to="/products/new">
            New product
          </Link>
        </div>
      </div>
      <form className="filters" role="search" onSubmit={search}>
        <label>
          Search <input name="q" type="search" defaultValue={q} placeholder="Name, brand, SKU…" />
        </label>
        <button type="submit">Search</button>
      </form>
      {deleting ? (
        <div className="confirm" role="alertdialog" aria-labelledby="delete-title">
          <p id="delete-title">
            Delete <strong>{deleting.name}</strong> ({deleting.sku})? It disappears from every storefront.
          </p>
          <button type="button" className="danger" autoFocus disabled={remove.isPending} onClick={() => remove.mutate(deleting)}>
            {remove.isPending ? 'Deleting…' : 'Delete'}
          </button>
          <button type="button" onClick={() => { setDeleting(undefined); remove.reset(); }}>
            Keep it
          </button>
          <ErrorMessage error={remove.error} title="Could not delete" />
        </div>
      ) : null}
      <QueryState query={products} what="products">
        {(data) => (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th className="wide-only">SKU</th>
                    <th>Name</th>
                    <th className="wide-only">Brand</th>
                    <th className="wide-only">Category</th>
                    <th className="num">Price</th>
                    <th className="num">Available</th>
                    <th><span className="visually-hidden">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((p) => (
                    <tr key={p.id}>
                      <td className="wide-only"><code>{p.sku}</code></td>
                      <td><Link to={`/products/${p.id}`}>{p.name}</Link></td>
                      <td className="wide-only">{p.brand}</td>
                      <td className="wide-only">{p.category}</td>
                      <td className="num">{money(p.price, p.currency)}</td>
                      <td className="num">{p.available}</td>
                      <td>
                        <button type="button" className="link danger" onClick={() => setDeleting(p)} aria-label={`Delete ${p.name}`}>
                          Delete
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {data.items.length === 0 ? <p className="muted">No product matches.</p> : null}
            </div>
            <Pager page={page} limit={LIMIT} total={data.total} onPage={(next) => setParams(q ? { q, page: String(next) } : { page: String(next) })} />
          </>
        )}
      </QueryState>
    </section>
  );
}
