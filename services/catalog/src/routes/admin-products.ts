import { Type } from '@sinclair/typebox';
import type { App } from '@storefleet/kit';
import { CreateProductSchema, IdParamsSchema, ProductSchema, UpdateProductSchema } from '@storefleet/contracts';
import { newProduct, patchProduct, productNotFound, replaceProduct } from '../domain/product.js';
import type { ProductsStore } from '../store/products-store.js';
import { problems } from '@storefleet/kit';

const security = [{ bearer: [] }];

/** Product writes; registered on a scope whose hooks already demand an admin token. */
export function adminProductRoutes(app: App, { products }: { products: ProductsStore }): void {
  app.post(
    '/products',
    {
      schema: {
        tags: ['products'],
        operationId: 'createProduct',
        summary: 'Create a product (admin); emits product.created',
        security,
        body: CreateProductSchema,
        response: { 201: ProductSchema, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await products.create(newProduct(request.body))),
  );

  app.put(
    '/products/:id',
    {
      schema: {
        tags: ['products'],
        operationId: 'replaceProduct',
        summary: 'Replace a product (admin; the SKU cannot change); emits product.updated',
        security,
        params: IdParamsSchema,
        body: CreateProductSchema,
        response: { 200: ProductSchema, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const product = await products.update(request.params.id, (current) => replaceProduct(current, request.body));
      if (!product) throw productNotFound(request.params.id);
      return product;
    },
  );

  app.patch(
    '/products/:id',
    {
      schema: {
        tags: ['products'],
        operationId: 'updateProduct',
        summary: 'Change some fields of a product (admin; the SKU cannot change); emits product.updated',
        security,
        params: IdParamsSchema,
        body: UpdateProductSchema,
        response: { 200: ProductSchema, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const product = await products.update(request.params.id, (current) => patchProduct(current, request.body));
      if (!product) throw productNotFound(request.params.id);
      return product;
    },
  );

  app.delete(
    '/products/:id',
    {
      schema: {
        tags: ['products'],
        operationId: 'deleteProduct',
        summary: 'Delete a product (admin); emits product.deleted',
        security,
        params: IdParamsSchema,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      if (!(await products.remove(request.params.id))) throw productNotFound(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
