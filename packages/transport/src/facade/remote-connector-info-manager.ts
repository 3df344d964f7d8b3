/**
 * The connectors a peer hosts, and facades for them (spec wire-protocol.md §5.3, §5.4, §6).
 *
 * The manager asks the peer for its `List<ConnectorInfo>` (`ControlRequest(CONNECTOR_INFO)`), finds a connector
 * by exact key or by bundle name + version range + connector name, and builds {@link RemoteConnectorFacade}s
 * from an info's default configuration with the caller's values applied.
 *
 * **Version ranges (spec §6).** Ranges are resolved here, on the client; requests then carry the exact key.
 * Accepted: OpenICF intervals (`[1.5.0.0,1.6.0.0)`), plain OpenICF versions, and npm semver ranges (`^1.5.0`),
 * through core's `pickHighestVersion`. The choice among several installed versions is the **true highest**
 * version in range. IDM differs: it walks its connector map in descending *string* order and takes the first
 * match, so for `[1.5.0.0,2.0.0.0)` with `1.5.9.0` and `1.5.10.0` installed IDM picks `1.5.9.0` and rcskit picks
 * `1.5.10.0`. For a plain version, an advertised version with exactly that text wins (IDM's string equality);
 * otherwise numeric equality applies (`1.5` finds `1.5.0.0`, which IDM would not).
 *
 * @packageDocumentation
 */
import {
  type APIConfiguration,
  type ApiOperation,
  type ConnectorInfo,
  ConnectorKey,
  ObjectPoolConfiguration,
  type ObjectPoolConfigurationData,
  pickHighestVersion,
  ResultsHandlerConfiguration,
  type ResultsHandlerConfigurationData,
  requireNonBlank,
} from '@rcskit/core';
import { decodeConnectorInfos } from '../operations/blobs.js';
import type { RemoteChannel } from '../peer/contract.js';
import { RemoteConnectorFacade, type RemoteConnectorFacadeOptions } from './remote-connector-facade.js';

/** What {@link RemoteConnectorInfoManager.createFacade} applies to the info's default configuration. */
export interface CreateFacadeOptions extends RemoteConnectorFacadeOptions {
  /**
   * Configuration property values by exact property name, as plain JSON values or canonical ones: each is
   * converted to the property's Java type by core (`ConfigurationProperties.setValues`: a string for a
   * GuardedString property is guarded, a JSON array becomes a typed array, …).
   */
  readonly configurationProperties?:
    | Readonly<Record<string, unknown>>
    | ReadonlyMap<string, unknown>
    | undefined;
  /** Skip property names the connector does not have (IDM does) instead of throwing. Default false. */
  readonly ignoreUnknownProperties?: boolean | undefined;
  /** Pool settings over the default ones (IDM's `poolConfigOption`); validated. */
  readonly poolConfiguration?: Partial<ObjectPoolConfigurationData> | undefined;
  /** Per-operation timeouts in milliseconds (-1 = none, 0 = 60 s for search/sync parts), e.g. `{SearchApiOp: 5000}`. */
  readonly timeouts?: Readonly<Partial<Record<ApiOperation, number>>> | undefined;
  /** Producer buffer size (IDM's `bufferSize`). */
  readonly producerBufferSize?: number | undefined;
  /** Search results handler switches (IDM's `resultsHandlerConfig`). */
  readonly resultsHandlerConfiguration?: Partial<ResultsHandlerConfigurationData> | undefined;
}

/** Settings of {@link RemoteConnectorInfoManager.refresh}. */
export interface RefreshOptions {
  readonly signal?: AbortSignal | undefined;
  /** Wait for the peer's ControlResponse; default: the RPC layer's. */
  readonly timeoutMs?: number | undefined;
}

/** The optional extras of the WebSocket peer's channel used to follow connector-list updates. */
interface ConnectorInfoSource {
  readonly peerConnectorInfos?: Uint8Array | undefined;
  onConnectorInfos?(listener: (blob: Uint8Array) => void): () => void;
}

/** See the module notes. */
export class RemoteConnectorInfoManager {
  readonly #channel: RemoteChannel;
  #infos: readonly ConnectorInfo[] = [];
  readonly #unsubscribe: (() => void) | undefined;

  /**
   * Starts with the connector list the channel already received, if it exposes one (the WebSocket peer asks for
   * it when a group opens), and follows later lists. Call {@link refresh} to ask the peer now.
   */
  constructor(channel: RemoteChannel) {
    this.#channel = channel;
    const source = channel as RemoteChannel & ConnectorInfoSource;
    if (source.peerConnectorInfos !== undefined) this.#accept(source.peerConnectorInfos);
    if (typeof source.onConnectorInfos === 'function') {
      this.#unsubscribe = source.onConnectorInfos((blob) => this.#accept(blob));
    }
  }

  /** A manager whose list was fetched from the peer. */
  static async load(
    channel: RemoteChannel,
    options: RefreshOptions = {},
  ): Promise<RemoteConnectorInfoManager> {
    const manager = new RemoteConnectorInfoManager(channel);
    await manager.refresh(options);
    return manager;
  }

  /** The channel to the peer. */
  get channel(): RemoteChannel {
    return this.#channel;
  }

  /** The connectors of the last list received. */
  get connectorInfos(): readonly ConnectorInfo[] {
    return this.#infos;
  }

  /** Asks the peer for its connectors (`ControlRequest(CONNECTOR_INFO)`) and keeps the answer. */
  async refresh(options: RefreshOptions = {}): Promise<readonly ConnectorInfo[]> {
    const blob = await this.#channel.requestConnectorInfos({
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    this.#infos = Object.freeze(decodeConnectorInfos(blob));
    return this.#infos;
  }

  /** Stops following connector-list updates from the channel. */
  dispose(): void {
    this.#unsubscribe?.();
  }

  /** The connector with exactly this key. */
  findConnectorInfo(key: ConnectorKey): ConnectorInfo | undefined;
  /**
   * The connector of a bundle and class whose version satisfies `bundleVersion` (exact version, OpenICF range or
   * npm semver range), the highest such version when there are several (see the module notes).
   *
   * @throws IllegalArgumentException for an invalid or empty range.
   */
  findConnectorInfo(
    bundleName: string,
    bundleVersion: string,
    connectorName: string,
  ): ConnectorInfo | undefined;
  findConnectorInfo(
    keyOrBundle: ConnectorKey | string,
    bundleVersion?: string,
    connectorName?: string,
  ): ConnectorInfo | undefined {
    if (keyOrBundle instanceof ConnectorKey) {
      return this.#infos.find((info) => info.connectorKey.equals(keyOrBundle));
    }
    const bundleName = requireNonBlank(keyOrBundle, 'bundleName');
    const spec = requireNonBlank(bundleVersion, 'bundleVersion').trim();
    const name = requireNonBlank(connectorName, 'connectorName');
    const candidates = this.#infos.filter(
      (info) => info.connectorKey.bundleName === bundleName && info.connectorKey.connectorName === name,
    );
    const exact = candidates.find((info) => info.connectorKey.bundleVersion === spec);
    if (exact !== undefined) return exact;
    const chosen = pickHighestVersion(
      candidates.map((info) => info.connectorKey.bundleVersion),
      spec,
    );
    return chosen === undefined
      ? undefined
      : candidates.find((info) => info.connectorKey.bundleVersion === chosen);
  }

  /**
   * Builds a facade for `info`: a copy of its default configuration with `options` applied, then the facade key
   * computed from it once.
   *
   * @throws IllegalArgumentException for an unknown property (unless ignored), a value of the wrong type, invalid
   *   pool settings or an unknown operation in `timeouts`.
   */
  createFacade(info: ConnectorInfo, options: CreateFacadeOptions = {}): RemoteConnectorFacade {
    return new RemoteConnectorFacade(this.#channel, info, buildApiConfiguration(info, options), options);
  }

  #accept(blob: Uint8Array): void {
    try {
      this.#infos = Object.freeze(decodeConnectorInfos(blob));
    } catch {
      // A list we cannot read leaves the previous one in place; refresh() reports the error.
    }
  }
}

/** The default configuration of `info` with the options of {@link CreateFacadeOptions} applied. */
export function buildApiConfiguration(
  info: ConnectorInfo,
  options: CreateFacadeOptions = {},
): APIConfiguration {
  const configuration = info.createDefaultAPIConfiguration();
  if (options.configurationProperties !== undefined) {
    configuration.configurationProperties.setValues(options.configurationProperties, {
      ignoreUnknown: options.ignoreUnknownProperties ?? false,
    });
  }
  if (options.poolConfiguration !== undefined) {
    const pool = new ObjectPoolConfiguration({
      ...configuration.connectorPoolConfiguration,
      ...options.poolConfiguration,
    });
    pool.validate();
    configuration.connectorPoolConfiguration = pool;
  }
  if (options.resultsHandlerConfiguration !== undefined) {
    configuration.resultsHandlerConfiguration = new ResultsHandlerConfiguration({
      ...configuration.resultsHandlerConfiguration,
      ...options.resultsHandlerConfiguration,
    });
  }
  if (options.producerBufferSize !== undefined)
    configuration.setProducerBufferSize(options.producerBufferSize);
  for (const [op, ms] of Object.entries(options.timeouts ?? {})) {
    if (ms === undefined) continue;
    configuration.setTimeout(op as ApiOperation, ms);
  }
  return configuration;
}
