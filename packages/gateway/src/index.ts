/**
 * `@rcskit/gateway`: the core of rcskit's IDM-compatible REST surface (`/openidm/system…`,
 * `/openidm/config/provisioner.openicf…`), independent of any HTTP framework: CREST query filters and request
 * parameters, provisioner and connector-server configuration (store, validation, secrets), the mapping between
 * IDM JSON and ICF objects, filters, options and schema, IDM error bodies, and user authentication.
 *
 * @packageDocumentation
 */

export * from './auth/users.js';
export * from './config/config-store.js';
export * from './config/connector-ref.js';
export * from './config/crypto.js';
export * from './config/provisioner.js';
export * from './crest/params.js';
export * from './crest/query-filter.js';
export * from './errors.js';
export * from './mapping/object-types.js';
export * from './mapping/query.js';
export * from './mapping/schema-json.js';
export * from './mapping/system-json.js';
export * from './mapping/types.js';
export * from './util/atomic-file.js';
