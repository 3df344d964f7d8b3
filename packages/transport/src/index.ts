/**
 * `@rcskit/transport`: the OpenICF 1.5 wire layer (frames -> RemoteMessage -> blobs -> core objects).
 *
 * @packageDocumentation
 */

export * from './facade/index.js';
export * from './interop/transcript.js';
export * from './messages.js';
export * from './operations/index.js';
export * from './peer/index.js';
export * from './serializer/index.js';
export * from './tls/index.js';
