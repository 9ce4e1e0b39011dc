// What this remote exposes to the shell (`products/pages`).
export { HomePage } from './home-page.js';
export { CatalogPage } from './catalog-page.js';
export { ProductPage } from './product-page.js';
