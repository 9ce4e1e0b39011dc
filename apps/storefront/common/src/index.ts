export * from './config.js';
export * from './money.js';
export * from './guest-cart.js';
export * from './local-store.js';
export * from './storefront.js';
export * from './use-cart.js';
export * from './ui.js';
