/**
 * `ConnectorServer.properties`: the Java `.properties` format, the known keys, the sources and their precedence,
 * the typed configuration, and `setkey`.
 *
 * @packageDocumentation
 */
export * from './definitions.js';
export * from './java-properties.js';
export * from './load.js';
export * from './secret.js';
export * from './server-config.js';
export * from './set-key.js';
export * from './sources.js';
export * from './suggest.js';
