export * from './services.js';
export * from './start-system.js';
export * from './backup.js';
export * from './restore.js';
export * from './service-databases.js';
export * from './seed-catalog.js';
