/**
 * Logging of the RCS process: the pino logger (text or JSON, redaction of secrets) and the start-up banner.
 *
 * @packageDocumentation
 */
export * from './banner.js';
export * from './logger.js';
