import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Product } from '@storefleet/contracts';
import { useApi } from '../session.js';
import { ListPage, type Column } from '../components/list-page.js';
import { ErrorMessage } from '../components/status.js';
import { money } from '../logic/format.js';

const FILTERS = ['q'] as const;

export function Products() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState<Product>();
  const remove = useMutation({
    mutationFn: (product: Product) => api.delete(`/api/products/${product.id}`),
    onSuccess: () => {
      setDeleting(undefined);
      return queryClient.invalidateQueries({ queryKey: ['products'] });
    },
  });

  const columns: Column<Product>[] = [
    { header: 'SKU', className: 'wide-only', cell: (p) => <code>{p.sku}</code> },
    { header: 'Name', cell: (p) => <Link to={`/products/${p.id}`}>{p.name}</Link> },
    { header: 'Brand', className: 'wide-only', cell: (p) => p.brand },
    { header: 'Category', className: 'wide-only', cell: (p) => p.category },
    { header: 'Price', className: 'num', cell: (p) => money(p.price, p.currency) },
    { header: 'Available', className: 'num', cell: (p) => p.available },
    {
      header: <span className="visually-hidden">Actions</span>,
      cell: (p) => (
        <button type="button" className="link danger" onClick={() => setDeleting(p)} aria-label={`Delete ${p.name}`}>
          Delete
        </button>
      ),
    },
  ];

  return (
    <ListPage
      title="Products"
      what="products"
      queryKey="products"
      path="/api/products"
      filters={FILTERS}
      query={(f) => ({ q: f.q, sort: f.q ? 'relevance' : 'newest' })}
      submit="Search"
      csv="products"
      actions={
        <Link className="button primary" to="/products/new">
          New product
        </Link>
      }
      fields={(f) => (
        <label>
          Search <input name="q" type="search" defaultValue={f.q} placeholder="Name, brand, SKU…" />
        </label>
      )}
      notice={
        deleting ? (
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
        ) : null
      }
      columns={columns}
      rowKey={(p) => p.id}
      empty="No product matches."
    />
  );
}
