/**
 * The two ways the RCS meets IDM: server mode (IDM dials in) and client mode (the RCS dials out), both serving
 * the same local endpoint; plus their TLS material, OAuth2 tokens, reconnect policy and shutdown tracking.
 *
 * @packageDocumentation
 */
export * from './backoff.js';
export * from './client-mode.js';
export * from './oauth2.js';
export * from './server-mode.js';
export * from './tls.js';
export * from './tracking-endpoint.js';
