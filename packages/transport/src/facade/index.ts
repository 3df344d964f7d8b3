/**
 * The client side of remote connectors: {@link RemoteConnectorInfoManager} (which connectors a peer hosts,
 * version-range resolution) and {@link RemoteConnectorFacade} (every API operation over the wire).
 *
 * @packageDocumentation
 */
export { ClientEndpoint, type ConfigurationChangeHandler } from './client-endpoint.js';
export {
  defaultLocale,
  RemoteConnectorFacade,
  type RemoteConnectorFacadeOptions,
} from './remote-connector-facade.js';
export {
  buildApiConfiguration,
  type CreateFacadeOptions,
  type RefreshOptions,
  RemoteConnectorInfoManager,
} from './remote-connector-info-manager.js';
export { effectiveTimeout, SequenceBuffer, ZERO_TIMEOUT_MS } from './response-stream.js';
