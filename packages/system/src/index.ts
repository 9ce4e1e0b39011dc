export * from './services.js';
export * from './start-system.js';
