/**
 * The application-side API (spec framework.md C.2, C.3, C.5–C.7): connector identity and info, messages, the
 * API configuration with its properties, pool and handler settings, and the operation names.
 *
 * @packageDocumentation
 */
export * from './api-configuration.js';
export * from './argument-checks.js';
export * from './configuration-property.js';
export * from './connector-info.js';
export * from './connector-key.js';
export * from './connector-messages.js';
export * from './operations.js';
export * from './pool-config.js';
export * from './results-handler-config.js';
