/**
 * The connector SPI (spec framework.md C.1, C.2, C.4): what a TypeScript connector implements — lifecycle,
 * configuration with declared properties, the context (logger) a connector is initialised with, operation
 * interfaces and result handlers. Async-first: every method may return a value or a Promise.
 *
 * @packageDocumentation
 */
export * from './configuration.js';
export * from './connector.js';
export * from './context.js';
export * from './handlers.js';
export * from './operations.js';
