// What this remote exposes to the shell (`checkout/pages`).
export { CheckoutPage } from './checkout-page.js';
export { ConfirmationPage } from './confirmation-page.js';
