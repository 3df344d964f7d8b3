/**
 * The RPC layer of the OpenICF 1.5 WebSocket peer: sockets, authentication, TLS, handshake, connection groups,
 * message ids, control messages, cancel and error frames. It moves `OperationRequest`s and `OperationResponse`s
 * between processes; the operations layer gives them meaning (see `contract.ts`).
 *
 * @packageDocumentation
 */

export * from './auth.js';
export * from './client.js';
export * from './connection-group.js';
export type * from './contract.js';
export * from './exception-message.js';
export * from './logger.js';
export * from './options.js';
export * from './outgoing-request.js';
export * from './server.js';
export * from './session.js';
export * from './socket-connection.js';
export * from './tls-failure.js';
export * from './upgrade-headers.js';
