/**
 * `@rcskit/transport`: the OpenICF 1.5 wire layer (frames -> RemoteMessage -> blobs -> core objects).
 *
 * @packageDocumentation
 */

export * from './messages.js';
export * from './peer/index.js';
