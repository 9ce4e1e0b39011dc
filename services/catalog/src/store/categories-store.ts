import type { Db } from '@storefleet/kit';
import type { Category } from '@storefleet/contracts';

/**
 * The category tree, flat, each with how many products sit in it or below it.
 * @example const categories = createCategoriesStore(db); await categories.list()
 */
export function createCategoriesStore(db: Db) {
  return {
    async list(): Promise<Category[]> {
      const { rows } = await db.query<Category>(
        `SELECT c.slug, c.name, c.parent_slug,
                (SELECT count(*)::int FROM products p WHERE p.category IN (SELECT slug FROM category_subtree(ARRAY[c.slug]))) AS product_count
           FROM categories c
          ORDER BY COALESCE((SELECT parent.position FROM categories parent WHERE parent.slug = c.parent_slug), c.position),
                   c.parent_slug NULLS FIRST, c.position, c.slug`,
      );
      return rows;
    },
  };
}

export type CategoriesStore = ReturnType<typeof createCategoriesStore>;
