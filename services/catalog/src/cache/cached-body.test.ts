import { describe, expect, it } from 'vitest';
import { etagOf, listBody, plainBody, productBody, renderBody, type ProductText } from './cached-body.js';

const laptop = { id: 'a', sku: 'LAP-1', name: 'Laptop', price: 999 };
const ram = { id: 'b', sku: 'RAM-1', name: 'RAM "fast"', attributes: { available: 'x' } };
const written = (product: ProductText) => ({ sku: product.sku, json: JSON.stringify(product) });

describe('cached bodies', () => {
  it('render a list as the JSON of the page with each product’s availability merged in', () => {
    const body = listBody({ items: [laptop, ram].map(written), total: 2, next_cursor: null, page: 1 });
    expect(body.skus).toEqual(['LAP-1', 'RAM-1']);
    expect(JSON.parse(renderBody(body, [3, 0]))).toEqual({
      items: [
        { available: 3, in_stock: true, ...laptop },
        { available: 0, in_stock: false, ...ram },
      ],
      total: 2,
      next_cursor: null,
      page: 1,
    });
  });

  it('render an empty list and a product page', () => {
    expect(JSON.parse(renderBody(listBody({ items: [], total: 0 }), []))).toEqual({ items: [], total: 0 });
    expect(JSON.parse(renderBody(productBody(laptop), [1]))).toEqual({ available: 1, in_stock: true, ...laptop });
    expect(JSON.parse(renderBody(plainBody({ items: [1] }), []))).toEqual({ items: [1] });
  });

  it('change the ETag with availability and with the text, not otherwise', () => {
    const body = productBody(laptop);
    expect(etagOf(body, [1])).toBe(etagOf(productBody({ ...laptop }), [1]));
    expect(etagOf(body, [0])).not.toBe(etagOf(body, [1]));
    expect(etagOf(productBody({ ...laptop, price: 1 }), [1])).not.toBe(etagOf(body, [1]));
    expect(etagOf(plainBody({ a: 1 }), [])).toMatch(/^"[\w-]+"$/);
  });
});
