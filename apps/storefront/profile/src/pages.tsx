// What this remote exposes to the shell (`profile/pages`).
export { OrdersPage, OrderPage, LookupPage } from './orders-pages.js';
