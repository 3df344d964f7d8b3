/**
 * `@rcskit/gateway`: rcskit's IDM-compatible REST gateway (`/openidm/system…`, `/openidm/config…`):
 * {@link startGateway} composes the fastify routes and the connector-server layer (local connectors, RCSs in
 * server and client mode, failover and round-robin groups); the modules below it — CREST query filters and
 * request parameters, provisioner and connector-server configuration (store, validation, secrets), the mapping
 * between IDM JSON and ICF objects, filters, options and schema, IDM error bodies, users, live sync — are usable
 * on their own.
 *
 * @packageDocumentation
 */

export * from './auth/users.js';
export * from './config/config-store.js';
export * from './config/connector-ref.js';
export * from './config/crypto.js';
export * from './config/provisioner.js';
export * from './connectors/client-acceptor.js';
export * from './connectors/connector-host.js';
export * from './connectors/host-registry.js';
export * from './connectors/local-host.js';
export * from './connectors/remote-binding.js';
export * from './connectors/remote-client-host.js';
export * from './connectors/remote-server-host.js';
export * from './connectors/system-connector.js';
export * from './connectors/systems.js';
export * from './crest/params.js';
export * from './crest/query-filter.js';
export * from './errors.js';
export * from './gateway.js';
export * from './mapping/object-types.js';
export * from './mapping/patch.js';
export * from './mapping/query.js';
export * from './mapping/schema-json.js';
export * from './mapping/script.js';
export * from './mapping/system-json.js';
export * from './mapping/types.js';
export * from './routes/config.js';
export * from './routes/http.js';
export * from './routes/system.js';
export * from './sync/live-sync.js';
export * from './util/atomic-file.js';
