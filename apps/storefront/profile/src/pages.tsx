// What this remote exposes to the shell (`profile/pages`).
export { OrdersPage, OrderPage, LookupPage } from './orders-pages.js';
export { ProfilePage } from './profile-page.js';
export { WarrantiesPage, WarrantyLookupPage } from './warranties-pages.js';
export { NotificationsPage } from './notifications-page.js';
