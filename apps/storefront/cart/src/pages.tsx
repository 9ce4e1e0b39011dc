// What this remote exposes to the shell (`cart/pages`).
export { CartPage } from './cart-page.js';
