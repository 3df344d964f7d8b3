/**
 * The operations layer: core objects ⇄ operation messages (codec, blobs), the asynchronous
 * {@link ConnectorFacade} interface, and the server-side {@link OperationDispatcher}.
 *
 * @packageDocumentation
 */
export * from './blobs.js';
export * from './codec.js';
export * from './facade-api.js';
export * from './server-dispatch.js';
