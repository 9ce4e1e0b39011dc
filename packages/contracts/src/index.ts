export * from './common.js';
export * from './events.js';
export * from './products.js';
export * from './users.js';
