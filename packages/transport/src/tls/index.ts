/**
 * TLS material as Java users have it: PKCS12, JKS and PEM key and trust stores (`docs/tls.md`).
 *
 * @packageDocumentation
 */
export * from './key-stores.js';
