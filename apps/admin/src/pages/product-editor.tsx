import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Product, UpdateProduct } from '@storefleet/contracts';
import { useApi } from '../session.js';
import { Field, fieldError } from '../components/field.js';
import { ErrorMessage, QueryState } from '../components/status.js';
import { formValuesOf, productBody, type ProductFormValues } from '../logic/product-form.js';

/** Creates a product (`/products/new`) or edits one (`/products/:id`). */
export function ProductEditor() {
  const { id } = useParams();
  const api = useApi();
  const product = useQuery({ queryKey: ['product', id], queryFn: () => api.get<Product>(`/api/products/${id}`), enabled: Boolean(id) });
  if (!id) return <ProductForm />;
  return (
    <QueryState query={product} what="the product">
      {(data) => <ProductForm product={data} />}
    </QueryState>
  );
}

function ProductForm({ product }: { product?: Product }) {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<ProductFormValues>(() => formValuesOf(product));
  const [attributesError, setAttributesError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const attributesId = useId();
  useEffect(() => setValues(formValuesOf(product)), [product]);

  const save = useMutation({
    mutationFn: async (body: NonNullable<ReturnType<typeof productBody>['body']>) => {
      if (!product) return api.post<Product>('/api/products', body);
      // The SKU never changes; an emptied picture is removed (null).
      const { sku: _sku, ...changes } = body;
      const update: UpdateProduct = { ...changes, image_url: changes.image_url ?? null };
      return api.patch<Product>(`/api/products/${product.id}`, update);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['products'] });
      queryClient.setQueryData(['product', saved.id], saved);
      setSaved(true);
      if (!product) navigate(`/products/${saved.id}`, { replace: true });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const result = productBody(values);
    setAttributesError(result.attributesError);
    if (result.body) save.mutate(result.body);
  }

  const bind = (name: keyof ProductFormValues) => ({
    name,
    value: values[name],
    error: save.error,
    onChange: (event: { target: { value: string } }) => setValues({ ...values, [name]: event.target.value }),
  });
  const attributesMessage = attributesError ?? fieldError(save.error, 'attributes');

  return (
    <section>
      <p>
        <Link to="/products">← Products</Link>
      </p>
      <h1>{product ? `Edit ${product.name}` : 'New product'}</h1>
      <form className="editor" onSubmit={submit} noValidate aria-label={product ? 'Edit product' : 'New product'}>
        <Field label="SKU" {...bind('sku')} disabled={Boolean(product)} hint={product ? 'A SKU never changes.' : 'e.g. LAP-XPS13-9340'} required />
        <Field label="Name" {...bind('name')} required />
        <Field label="Brand" {...bind('brand')} required />
        <Field label="Category" {...bind('category')} hint="A category slug, e.g. laptops, memory" required />
        <Field label="Price" {...bind('price')} inputMode="decimal" required />
        <Field label="Currency" {...bind('currency')} hint="ISO 4217, e.g. EUR" />
        <Field label="Warranty (months)" {...bind('warranty_months')} inputMode="numeric" hint="24 when empty" />
        <Field label="Image URL" {...bind('image_url')} />
        <div className={fieldError(save.error, 'description') ? 'field invalid wide' : 'field wide'}>
          <label htmlFor={`${attributesId}-description`}>Description</label>
          <textarea id={`${attributesId}-description`} rows={3} value={values.description} onChange={(e) => setValues({ ...values, description: e.target.value })} />
          {fieldError(save.error, 'description') ? <span className="field-error">{fieldError(save.error, 'description')}</span> : null}
        </div>
        <div className={attributesMessage ? 'field invalid wide' : 'field wide'}>
          <label htmlFor={attributesId}>Attributes (JSON)</label>
          <textarea
            id={attributesId}
            rows={6}
            className="mono"
            value={values.attributes}
            aria-invalid={attributesMessage ? true : undefined}
            aria-describedby={attributesMessage ? `${attributesId}-error` : undefined}
            onChange={(e) => setValues({ ...values, attributes: e.target.value })}
          />
          {attributesMessage ? <span id={`${attributesId}-error`} className="field-error">{attributesMessage}</span> : null}
        </div>
        <div className="actions wide">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : product ? 'Save changes' : 'Create product'}
          </button>
          {saved ? <span role="status" className="ok">Saved.</span> : null}
        </div>
      </form>
      <ErrorMessage error={save.error} title="Not saved" />
    </section>
  );
}
