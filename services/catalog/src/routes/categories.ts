import type { App } from '@storefleet/kit';
import { CategoryListSchema } from '@storefleet/contracts';
import type { CategoriesStore } from '../store/categories-store.js';

/** The category tree with product counts, for navigation. */
export function categoryRoutes(app: App, { categories }: { categories: CategoriesStore }): void {
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
    async () => ({ items: await categories.list() }),
  );
}
