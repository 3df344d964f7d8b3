/**
 * `@rcskit/core`: the OpenICF object model for TypeScript — Java-typed values, attributes, objects, schema,
 * filters, options, errors, the connector SPI and version ranges.
 *
 * @packageDocumentation
 */

export * from './api/index.js';
export * from './errors.js';
export * from './filter/index.js';
export * from './objects/attribute.js';
export * from './objects/attribute-info.js';
export * from './objects/attributes-accessor.js';
export * from './objects/connector-object.js';
export * from './objects/names.js';
export * from './objects/object-class.js';
export * from './objects/object-class-info.js';
export * from './objects/operation-option-info.js';
export * from './objects/operation-options.js';
export * from './objects/qualified-uid.js';
export * from './objects/schema.js';
export * from './objects/script.js';
export * from './objects/search-result.js';
export * from './objects/sort-key.js';
export * from './objects/special-attributes.js';
export * from './objects/sync.js';
export * from './spi/index.js';
export * from './util/atomic-file.js';
export * from './util/constant-time.js';
export * from './values/boxed.js';
export * from './values/guarded.js';
export * from './values/java-type.js';
export * from './values/value.js';
export * from './version/index.js';
