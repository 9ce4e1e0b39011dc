export * from './common.js';
export * from './csv.js';
export * from './events.js';
export * from './inventory.js';
export * from './orders.js';
export * from './payments.js';
export * from './products.js';
export * from './users.js';
