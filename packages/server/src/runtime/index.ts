/**
 * The framework runtime of the RCS (spec framework.md B.5–B.7, C.1, C.5–C.7; wire-protocol.md §5.4): local
 * connector facades over TypeScript connector classes, connector pooling, the results-handler chain, timeouts and
 * the producer buffer, the facade cache and the connector registry that transport's operation dispatcher serves.
 *
 * @packageDocumentation
 */
export * from './bounded-queue.js';
export * from './connector-info.js';
export * from './connector-pool.js';
export * from './connector-registry.js';
export * from './facade-cache.js';
export * from './local-connector-facade.js';
export * from './logger.js';
export * from './results-handlers.js';
export * from './script-executor.js';
export * from './timeouts.js';
