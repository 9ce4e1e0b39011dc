import { describe, expect, it } from 'vitest';
import type { ProductRecord } from '@storefleet/contracts';
import { newProduct, patchProduct, replaceProduct } from './product.js';
import { appErrorOf } from '../../../../test/support/problems.js';

const current: ProductRecord = {
  id: '0b6f1c1e-3f3a-4d7c-9a55-2a7f4d0e9b11',
  sku: 'LAP-XPS13-9340',
  name: 'Dell XPS 13',
  description: 'Small.',
  brand: 'Dell',
  category: 'laptops',
  price: 1399,
  currency: 'EUR',
  image_url: null,
  attributes: { ram_gb: 16 },
  warranty_months: 24,
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
};

describe('newProduct', () => {
  it('applies defaults and normalizes the SKU, names and price', () => {
    expect(newProduct({ sku: ' lap-1 ', name: ' Laptop ', brand: ' Acme ', category: 'laptops', price: 10.005 })).toEqual({
      sku: 'LAP-1',
      name: 'Laptop',
      description: '',
      brand: 'Acme',
      category: 'laptops',
      price: 10.01,
      currency: 'EUR',
      image_url: null,
      attributes: {},
      warranty_months: 24,
    });
  });

  it('names each invalid field: blank names and unknown currencies', () => {
    const error = appErrorOf(() => newProduct({ sku: 'X-1', name: '  ', brand: ' ', category: 'laptops', price: 1, currency: 'XYZ' }));
    expect(error.code).toBe('validation');
    expect(error.fields?.map((f) => f.field)).toEqual(['name', 'brand', 'currency']);
  });
});

describe('patchProduct', () => {
  it('changes only the given fields and replaces attributes whole', () => {
    const fields = patchProduct(current, { price: 1299, attributes: { ram_gb: 32 } });
    expect(fields).toMatchObject({ sku: 'LAP-XPS13-9340', name: 'Dell XPS 13', price: 1299, attributes: { ram_gb: 32 } });
  });

  it('accepts the same SKU in any case but refuses a new one', () => {
    expect(patchProduct(current, { sku: 'lap-xps13-9340', name: 'XPS' }).name).toBe('XPS');
    const error = appErrorOf(() => patchProduct(current, { sku: 'LAP-OTHER' }));
    expect(error.code).toBe('unprocessable');
    expect(error.fields?.[0]?.field).toBe('sku');
  });
});

describe('replaceProduct', () => {
  it('resets omitted optional fields to their defaults', () => {
    const fields = replaceProduct(current, { sku: current.sku, name: 'XPS', brand: 'Dell', category: 'laptops', price: 1 });
    expect(fields.attributes).toEqual({});
    expect(fields.description).toBe('');
  });
});
