export * from './bundles/index.js';
export * from './connector-server.js';
export * from './logging/index.js';
export * from './modes/index.js';
export * from './properties/index.js';
export * from './runtime/index.js';
