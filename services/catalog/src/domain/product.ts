import { AppError, type FieldError } from '@storefleet/kit';
import type { CreateProduct, ProductRecord, UpdateProduct } from '@storefleet/contracts';

/** Every column a write sets: a product without its id and timestamps. */
export type ProductFields = Omit<ProductRecord, 'id' | 'created_at' | 'updated_at'>;

/** A product record already written as JSON (its object's text, no availability), with its SKU. */
export interface ProductJson {
  sku: string;
  json: string;
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function productNotFound(id: string): AppError {
  return new AppError('not_found', `Product ${id} does not exist`);
}

function check(fields: ProductFields): ProductFields {
  const errors: FieldError[] = [];
  if (!fields.name) errors.push({ field: 'name', message: 'must not be blank' });
  if (!fields.brand) errors.push({ field: 'brand', message: 'must not be blank' });
  if (!CURRENCIES.has(fields.currency)) errors.push({ field: 'currency', message: `${fields.currency} is not an ISO 4217 currency code` });
  if (errors.length) {
    throw new AppError('validation', `The body has ${errors.length} invalid field(s): ${errors.map((e) => e.field).join(', ')}`, { fields: errors });
  }
  return fields;
}

/** A new product with defaults applied: SKU upper-cased, names trimmed, price in cents precision. */
export function newProduct(input: CreateProduct): ProductFields {
  return check({
    sku: input.sku.trim().toUpperCase(),
    name: input.name.trim(),
    description: input.description?.trim() ?? '',
    brand: input.brand.trim(),
    category: input.category,
    price: Math.round(input.price * 100) / 100,
    currency: input.currency ?? 'EUR',
    image_url: input.image_url ?? null,
    attributes: input.attributes ?? {},
    warranty_months: input.warranty_months ?? 24,
  });
}

/** The SKU identifies stock in inventory and lines on orders, so it never changes. */
function keepSku(current: ProductRecord, sku: string | undefined): void {
  if (sku !== undefined && sku.trim().toUpperCase() !== current.sku) {
    throw new AppError('unprocessable', `The SKU of a product cannot change (it is ${current.sku}); create a new product instead`, {
      fields: [{ field: 'sku', message: 'cannot change' }],
    });
  }
}

/** Applies a partial update; `attributes`, when given, replaces the whole object. */
export function patchProduct(current: ProductRecord, patch: UpdateProduct): ProductFields {
  keepSku(current, patch.sku);
  const { id: _id, created_at: _created, updated_at: _updated, ...fields } = current;
  return newProduct({ ...fields, ...patch, sku: current.sku });
}

/** Replaces every field of a product (PUT); omitted optional fields take their defaults. */
export function replaceProduct(current: ProductRecord, input: CreateProduct): ProductFields {
  keepSku(current, input.sku);
  return newProduct(input);
}
