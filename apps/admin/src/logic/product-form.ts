import type { CreateProduct, Product } from '@storefleet/contracts';

/** The product form's inputs, all as typed. */
export interface ProductFormValues {
  sku: string;
  name: string;
  description: string;
  brand: string;
  category: string;
  price: string;
  currency: string;
  image_url: string;
  warranty_months: string;
  attributes: string;
}

export function formValuesOf(product?: Product): ProductFormValues {
  return {
    sku: product?.sku ?? '',
    name: product?.name ?? '',
    description: product?.description ?? '',
    brand: product?.brand ?? '',
    category: product?.category ?? '',
    price: product ? String(product.price) : '',
    currency: product?.currency ?? 'EUR',
    image_url: product?.image_url ?? '',
    warranty_months: product ? String(product.warranty_months) : '',
    attributes: product ? JSON.stringify(product.attributes, null, 2) : '{}',
  };
}

/** A number when the text is one; otherwise the text itself, so the API names the field and says what it expects. */
function numberOrText(text: string): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  return (trimmed !== '' && Number.isFinite(value) ? value : trimmed) as number;
}

export type ProductBody = { body: CreateProduct; attributesError?: undefined } | { body?: undefined; attributesError: string };

/**
 * The request body for the form: the API validates every field (and its messages are shown beside them);
 * only the attributes' JSON is checked here, since a text that is not JSON cannot be sent as an object.
 * Optional fields left empty are left out, so the API applies its defaults.
 */
export function productBody(values: ProductFormValues): ProductBody {
  let attributes: unknown;
  try {
    attributes = JSON.parse(values.attributes.trim() || '{}');
  } catch (error) {
    return { attributesError: `Not valid JSON: ${(error as Error).message}` };
  }
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) return { attributesError: 'Must be a JSON object, e.g. {"ram_gb": 16}' };
  const body: Record<string, unknown> = {
    sku: values.sku.trim(),
    name: values.name.trim(),
    brand: values.brand.trim(),
    category: values.category.trim(),
    price: numberOrText(values.price),
    attributes,
  };
  if (values.description.trim()) body.description = values.description.trim();
  if (values.currency.trim()) body.currency = values.currency.trim();
  if (values.image_url.trim()) body.image_url = values.image_url.trim();
  if (values.warranty_months.trim()) body.warranty_months = numberOrText(values.warranty_months);
  return { body: body as CreateProduct };
}
