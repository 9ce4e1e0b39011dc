import type { App } from '@storefleet/kit';
import { CategoryListSchema } from '@storefleet/contracts';
import { plainBody } from '../cache/cached-body.js';
import { CATEGORIES_KEY } from '../domain/read-keys.js';
import type { CategoriesStore } from '../store/categories-store.js';
import type { CachedReads } from './http-cache.js';

/** The category tree with product counts, for navigation. */
export function categoryRoutes(app: App, { categories, send }: { categories: CategoriesStore; send: CachedReads }): void {
  app.get(
    '/categories',
    {
      schema: {
        tags: ['categories'],
        operationId: 'listCategories',
        summary: 'Every category (parents first) with its product count, sub-categories included',
        response: { 200: CategoryListSchema },
      },
    },
    async (request, reply) => send(request, reply, CATEGORIES_KEY, async () => plainBody({ items: await categories.list() })),
  );
}
