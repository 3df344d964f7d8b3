/**
 * The connectors an RCS hosts (spec framework.md C.3, C.5; wire-protocol.md §5.4): {@link LocalConnectorRegistry}
 * holds the `ConnectorInfo` of every registered {@link ConnectorClass} and serves transport's
 * {@link LocalConnectorProvider}: the infos, and a cached {@link LocalConnectorFacade} per facade key.
 *
 * The `ConnectorInfo` of a class is {@link connectorInfoOf}'s.
 *
 * Facades are cached by the exact facade key string — the Base64 of the client's serialized `APIConfiguration` —
 * per connector key (two connectors with identical settings never share a facade), and disposed after being idle
 * for `facadeIdleTimeoutMs` (default 120 minutes).
 *
 * **Retiring** ({@link LocalConnectorRegistry.retire}) is how a bundle version leaves a running server: the
 * connector is no longer advertised, but facades — cached ones and ones a client still asks for with the old key —
 * keep working for a grace period, so work started on the old version finishes; then its facades are disposed
 * (each waits for its operations in progress, `facadeDisposeGraceMs`).
 *
 * @packageDocumentation
 */
import {
  type APIConfiguration,
  type ConnectorClass,
  type ConnectorInfo,
  type ConnectorKey,
  IllegalArgumentException,
} from '@rcskit/core';
import {
  apiConfigurationFromFacadeKey,
  type LocalConnectorProvider,
  type RequestContext,
} from '@rcskit/transport';
import { type BundleIdentity, connectorInfoOf, connectorNotFound } from './connector-info.js';
import { FacadeCache } from './facade-cache.js';
import { LocalConnectorFacade } from './local-connector-facade.js';
import { childLogger, type RuntimeLogger, silentRuntimeLogger } from './logger.js';

/** Options of a {@link LocalConnectorRegistry}. */
export interface LocalConnectorRegistryOptions {
  /** The runtime's own logger (registrations, facade lifecycle). Default: silent. */
  readonly logger?: RuntimeLogger | undefined;
  /**
   * The logger connectors write to; each facade hands its instances a child of it bound with the connector's
   * identity (see `LocalConnectorFacadeOptions.connectorLogger`). Default: a child of {@link logger} tagged
   * `scope: 'connector'` (not `component`, which the logger given usually binds already: pino would repeat the key).
   */
  readonly connectorLogger?: RuntimeLogger | undefined;
  /** Idle time after which a cached facade is disposed, in ms; 0 or below never evicts. Default 120 minutes. */
  readonly facadeIdleTimeoutMs?: number | undefined;
  /** Interval of the idle check, in ms. Default one minute. */
  readonly facadeCheckIntervalMs?: number | undefined;
  /** Grace period for operations in progress when a facade is disposed, in ms. Default 10 s. */
  readonly facadeDisposeGraceMs?: number | undefined;
  /** Decodes a facade key into its APIConfiguration. Default: transport's `apiConfigurationFromFacadeKey`. */
  readonly decodeFacadeKey?: ((facadeKey: string) => APIConfiguration) | undefined;
}

interface Registered {
  readonly info: ConnectorInfo;
  readonly connectorClass: ConnectorClass;
}

/** Registered connector classes and their cached facades; see the module notes. */
export class LocalConnectorRegistry implements LocalConnectorProvider {
  readonly #connectors = new Map<string, Registered>();
  /** Retired connectors still reachable by exact key until their grace period ends. */
  readonly #retired = new Map<string, { registered: Registered; timer: ReturnType<typeof setTimeout> }>();
  readonly #facades: FacadeCache<LocalConnectorFacade>;
  readonly #logger: RuntimeLogger;
  readonly #connectorLogger: RuntimeLogger;
  readonly #decode: (facadeKey: string) => APIConfiguration;
  readonly #disposeGraceMs: number | undefined;

  constructor(options: LocalConnectorRegistryOptions = {}) {
    this.#logger = options.logger ?? silentRuntimeLogger;
    this.#connectorLogger = options.connectorLogger ?? childLogger(this.#logger, { scope: 'connector' });
    this.#decode = options.decodeFacadeKey ?? apiConfigurationFromFacadeKey;
    this.#disposeGraceMs = options.facadeDisposeGraceMs;
    this.#facades = new FacadeCache<LocalConnectorFacade>({
      idleTimeoutMs: options.facadeIdleTimeoutMs,
      checkIntervalMs: options.facadeCheckIntervalMs,
      logger: this.#logger,
    });
  }

  /**
   * Registers a connector class shipped in `bundle`.
   *
   * @returns its ConnectorInfo.
   * @throws IllegalArgumentException when a connector with the same key is already registered.
   */
  register(connectorClass: ConnectorClass, bundle: BundleIdentity): ConnectorInfo {
    const info = connectorInfoOf(connectorClass, bundle);
    const hash = info.connectorKey.hashKey;
    if (this.#connectors.has(hash)) {
      throw new IllegalArgumentException(`Connector already registered: ${info.connectorKey.toString()}`);
    }
    // Coming back while retiring (reinstalled): the new class takes over; the old facades go now.
    if (this.#retired.has(hash)) void this.#dropRetired(hash);
    this.#connectors.set(hash, { info, connectorClass });
    this.#logger.info(
      {
        connector: info.connectorKey.toString(),
        supportedOperations: [...info.defaultApiConfiguration.supportedOperations],
        pooling: info.defaultApiConfiguration.connectorPoolingSupported,
      },
      'Connector registered',
    );
    return info;
  }

  /** The hosted connectors' infos, in registration order. */
  connectorInfos(): readonly ConnectorInfo[] {
    return [...this.#connectors.values()].map((r) => r.info);
  }

  /** The info registered under exactly `key` (also while it is retired, see the module notes), or undefined. */
  findConnectorInfo(key: ConnectorKey): ConnectorInfo | undefined {
    return (this.#connectors.get(key.hashKey) ?? this.#retired.get(key.hashKey)?.registered)?.info;
  }

  /** The connector class registered under exactly `key`, or undefined. */
  findConnectorClass(key: ConnectorKey): ConnectorClass | undefined {
    return this.#connectors.get(key.hashKey)?.connectorClass;
  }

  /**
   * Stops advertising the connector under `key` (see the module notes): for `graceMs` it still serves requests
   * addressed to exactly that key; then its facades are disposed.
   *
   * @returns false when no connector is registered under `key`.
   */
  retire(key: ConnectorKey, graceMs: number): boolean {
    const hash = key.hashKey;
    const registered = this.#connectors.get(hash);
    if (registered === undefined) return false;
    this.#connectors.delete(hash);
    const timer = setTimeout(() => void this.#dropRetired(hash), Math.max(0, graceMs));
    timer.unref();
    this.#retired.set(hash, { registered, timer });
    this.#logger.info({ connector: key.toString(), graceMs }, 'Connector retired');
    return true;
  }

  /** Connectors retired and still in their grace period. */
  get retiredCount(): number {
    return this.#retired.size;
  }

  async #dropRetired(hash: string): Promise<void> {
    const retired = this.#retired.get(hash);
    if (retired === undefined) return;
    clearTimeout(retired.timer);
    this.#retired.delete(hash);
    const prefix = `${hash}\n`;
    await Promise.all(
      this.#facades
        .keys()
        .filter((k) => k.startsWith(prefix))
        .map((k) => this.#facades.delete(k)),
    );
  }

  /** Number of cached facades. */
  get cachedFacadeCount(): number {
    return this.#facades.size;
  }

  /**
   * The facade for `key` and the facade key text: the cached one for exactly that string, or a new one configured
   * from the decoded `APIConfiguration`.
   *
   * @throws ConnectorException("Connector not found: <key> ") for an unknown key.
   * @throws ConnectorException / SerializationException for a malformed facade key.
   */
  async facade(
    key: ConnectorKey,
    facadeKey: string,
    _context?: RequestContext,
  ): Promise<LocalConnectorFacade> {
    return this.facadeSync(key, facadeKey);
  }

  /** {@link facade}, synchronously. */
  facadeSync(key: ConnectorKey, facadeKey: string): LocalConnectorFacade {
    const registered = this.#connectors.get(key.hashKey) ?? this.#retired.get(key.hashKey)?.registered;
    if (registered === undefined) throw connectorNotFound(key);
    return this.#facades.getOrCreate(`${key.hashKey}\n${facadeKey}`, () =>
      this.#newFacade(registered, this.#decode(facadeKey)),
    );
  }

  /**
   * A new, uncached facade for `key` with the given configuration (e.g. `info.createDefaultAPIConfiguration()`
   * with edited values). The caller disposes it.
   *
   * @throws ConnectorException("Connector not found: <key> ") for an unknown key.
   */
  newFacade(key: ConnectorKey, configuration: APIConfiguration): LocalConnectorFacade {
    const registered = this.#connectors.get(key.hashKey);
    if (registered === undefined) throw connectorNotFound(key);
    return this.#newFacade(registered, configuration);
  }

  /** Disposes cached facades idle for longer than the idle timeout. @returns how many. */
  evictIdleFacades(now?: number): Promise<number> {
    return this.#facades.evictIdle(now);
  }

  /** Disposes every cached facade and stops the eviction timer. */
  async close(): Promise<void> {
    for (const retired of this.#retired.values()) clearTimeout(retired.timer);
    this.#retired.clear();
    await this.#facades.close();
  }

  #newFacade(registered: Registered, configuration: APIConfiguration): LocalConnectorFacade {
    const key = registered.info.connectorKey;
    return new LocalConnectorFacade(registered.connectorClass, configuration, {
      connectorKey: key,
      // `scope`, not `component`: the runtime logger usually binds `component` already, and pino would repeat the key.
      logger: childLogger(this.#logger, { scope: 'facade' }),
      connectorLogger: this.#connectorLogger,
      disposeGraceMs: this.#disposeGraceMs,
    });
  }
}
