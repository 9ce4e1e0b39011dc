import { describe, expect, it } from 'vitest';
import { formValuesOf, productBody } from './product-form.js';

const filled = { ...formValuesOf(), sku: ' PRT-1 ', name: 'Part', brand: 'Acme', category: 'memory', price: '19.90' };

describe('the product form', () => {
  it('sends numbers as numbers and leaves empty optional fields to the API\'s defaults', () => {
    expect(productBody(filled)).toEqual({ body: { sku: 'PRT-1', name: 'Part', brand: 'Acme', category: 'memory', price: 19.9, currency: 'EUR', attributes: {} } });
  });

  it('sends a price that is no number as typed, so the API names the field', () => {
    expect(productBody({ ...filled, price: 'ten' }).body?.price).toBe('ten');
    expect(productBody({ ...filled, price: '' }).body?.price).toBe('');
  });

  it('refuses attributes that are not a JSON object before sending', () => {
    expect(productBody({ ...filled, attributes: '{"ram_gb": 16,}' }).attributesError).toMatch(/^Not valid JSON/);
    expect(productBody({ ...filled, attributes: '[1]' }).attributesError).toMatch(/Must be a JSON object/);
    expect(productBody({ ...filled, attributes: '{"ram_gb": 16}' }).body?.attributes).toEqual({ ram_gb: 16 });
  });
});
