/**
 * The RCS process, composed: properties → bundles → runtime registry → mode.
 *
 * 1. The configuration (already loaded, see `properties/`) chooses the bundle directories, pins and mode.
 * 2. Bundles are discovered and resolved (`bundles/`); any problem stops start-up with one message.
 * 3. The served bundles are imported (with the framework link, so they share this server's `@rcskit/core`) and
 *    their connector classes registered with the runtime's `LocalConnectorRegistry`. Connectors log through a
 *    child of the process logger (`component: 'connector'`, plus their bundle name, bundle version and connector
 *    name): one log, one level, one format and one redaction for the server's lines and the connectors'.
 * 4. Transport's `OperationDispatcher` over that registry, wrapped to track operations in progress, is served in
 *    server mode (listen) or client mode (dial IDM).
 *
 * 5. With `connectorserver.bundleWatch` (the default), a {@link BundleReloader} follows the bundle directories:
 *    versions installed or retired while running are served or retired without a restart, and IDM is told.
 *
 * {@link ConnectorServer.stop} is the clean shutdown: stop accepting new connections and operations, let the
 * operations in progress finish within the grace period (`connectorserver.shutdownTimeout`), then close every
 * socket — which cancels whatever still runs — and dispose the connector facades.
 *
 * @packageDocumentation
 */
import { OperationDispatcher } from '@rcskit/transport';
import { BundleReloader } from './bundles/live-reload.js';
import {
  type FrameworkInfo,
  frameworkInfo,
  type LoadedBundle,
  linkFramework,
  loadBundles,
} from './bundles/load.js';
import { assertPlanUsable, type BundlePlan, planBundles } from './bundles/plan.js';
import { logBundles, logStartBanner } from './logging/banner.js';
import { createLogger, type Logger } from './logging/logger.js';
import { ClientMode } from './modes/client-mode.js';
import { ServerMode } from './modes/server-mode.js';
import { TrackingEndpoint } from './modes/tracking-endpoint.js';
import type { ServerConfig } from './properties/server-config.js';
import { LocalConnectorRegistry } from './runtime/connector-registry.js';

/** Settings of {@link ConnectorServer.start}. */
export interface ConnectorServerOptions {
  readonly config: ServerConfig;
  /** Default: a logger made from the configuration's level and format. */
  readonly logger?: Logger | undefined;
  /**
   * Make bundles import this server's `@rcskit/core` (module resolution hooks; see `bundles/load.ts`). Default
   * `true`; has no effect when the server runs from TypeScript sources.
   */
  readonly linkFramework?: boolean | undefined;
}

/** Longest wait for connector facades to dispose during a shutdown. */
const DISPOSE_WAIT_MS = 1_000;

/** A running connector server; see the module notes. */
export class ConnectorServer {
  readonly config: ServerConfig;
  readonly logger: Logger;
  readonly framework: FrameworkInfo;
  readonly plan: BundlePlan;
  readonly bundles: readonly LoadedBundle[];
  readonly registry: LocalConnectorRegistry;
  readonly mode: ServerMode | ClientMode;
  /** Follows the bundle directories (undefined with `connectorserver.bundleWatch=false`). */
  readonly reloader: BundleReloader | undefined;
  readonly #endpoint: TrackingEndpoint;
  #stopping: Promise<void> | undefined;
  #cutGrace: (() => void) | undefined;

  private constructor(parts: {
    config: ServerConfig;
    logger: Logger;
    plan: BundlePlan;
    bundles: LoadedBundle[];
    registry: LocalConnectorRegistry;
    mode: ServerMode | ClientMode;
    endpoint: TrackingEndpoint;
    reloader: BundleReloader | undefined;
  }) {
    this.config = parts.config;
    this.logger = parts.logger;
    this.framework = parts.plan.framework;
    this.plan = parts.plan;
    this.bundles = parts.bundles;
    this.registry = parts.registry;
    this.mode = parts.mode;
    this.#endpoint = parts.endpoint;
    this.reloader = parts.reloader;
  }

  /**
   * Starts the server.
   *
   * @throws BundleError when bundles cannot be served (the message lists what is installed), PropertiesError for
   *   unusable TLS material, or the listen error (e.g. port in use).
   */
  static async start(options: ConnectorServerOptions): Promise<ConnectorServer> {
    const started = Date.now();
    const config = options.config;
    const logger = options.logger ?? createLogger({ level: config.logLevel, format: config.logFormat });
    const framework = frameworkInfo();
    logStartBanner(logger, config, { framework });
    const plan = await planBundles(config, framework);
    assertPlanUsable(plan);
    if (options.linkFramework ?? true) {
      const roots = [...config.bundleDirs, ...plan.resolution.selected.map((b) => b.dir)];
      if (!linkFramework(roots)) logger.debug('framework link not installed (running from sources)');
    }
    const registry = new LocalConnectorRegistry({
      logger: logger.child({ component: 'runtime' }),
      connectorLogger: logger.child({ component: 'connector' }),
    });
    try {
      const bundles = await loadBundles(plan.resolution.selected, registry);
      logBundles(logger, plan, bundles);
      const endpoint = new TrackingEndpoint(
        new OperationDispatcher(registry, {
          onUnreportedError: (error) =>
            logger.warn(
              { error: error instanceof Error ? error.message : String(error) },
              'could not report an operation failure',
            ),
        }),
      );
      const mode =
        config.mode === 'server'
          ? await ServerMode.start(config, endpoint, logger)
          : await ClientMode.start(config, endpoint, logger);
      const reloader = config.bundleWatch
        ? new BundleReloader({
            config,
            framework: plan.framework,
            registry,
            logger: logger.child({ component: 'bundles' }),
            loaded: bundles,
            onChange: () => mode.announceConnectorChange(),
          }).watch()
        : undefined;
      const server = new ConnectorServer({
        config,
        logger,
        plan,
        bundles,
        registry,
        mode,
        endpoint,
        reloader,
      });
      server.#logStarted(Date.now() - started);
      return server;
    } catch (error) {
      await registry.close().catch(() => {});
      throw error;
    }
  }

  #logStarted(elapsedMs: number): void {
    const connectors = this.registry.connectorInfos().length;
    if (this.mode instanceof ServerMode) {
      const address = this.mode.address;
      this.logger.info(
        {
          url: this.mode.url,
          address: address.address,
          port: address.port,
          tls: this.config.useSSL,
          connectors,
          startMs: elapsedMs,
        },
        `Connector server listening on ${this.config.useSSL ? 'wss' : 'ws'}://${address.address}:${address.port}/openicf`,
      );
    } else {
      const client = this.config.client;
      this.logger.info(
        {
          urls: client?.urls,
          sockets: client?.webSocketConnections,
          auth:
            client?.oauth2 !== undefined
              ? `OAuth2 client ${client.oauth2.clientId}`
              : `Basic ${client?.principal}`,
          connectors,
          startMs: elapsedMs,
        },
        `Connector server dialling ${client?.urls.join(', ')}`,
      );
    }
  }

  /** Operations executing right now. */
  get operationsInProgress(): number {
    return this.#endpoint.inFlight;
  }

  /** `ws[s]://host:port/openicf` in server mode. */
  get url(): string | undefined {
    return this.mode instanceof ServerMode ? this.mode.url : undefined;
  }

  /**
   * Clean shutdown (see the module notes). Calling it again while a shutdown waits for operations, with a
   * grace of 0, stops waiting.
   *
   * @param graceMs - how long operations in progress may finish; default `connectorserver.shutdownTimeout`.
   */
  stop(graceMs: number = this.config.shutdownTimeoutMs): Promise<void> {
    if (this.#stopping !== undefined) {
      if (graceMs <= 0) this.#cutGrace?.();
      return this.#stopping;
    }
    this.#stopping = this.#stop(graceMs);
    return this.#stopping;
  }

  async #stop(graceMs: number): Promise<void> {
    const mode = this.mode;
    await this.reloader?.close();
    if (mode instanceof ServerMode) await mode.stopAccepting();
    const running = this.#endpoint.inFlight;
    if (running > 0) this.logger.info({ operations: running, graceMs }, 'Waiting for operations in progress');
    const finished = await Promise.race([
      this.#endpoint.drain(graceMs),
      new Promise<boolean>((resolve) => {
        this.#cutGrace = () => resolve(false);
      }),
    ]);
    if (!finished) {
      this.logger.warn(
        { operations: this.#endpoint.inFlight },
        'Grace period over: cancelling the remaining operations',
      );
    }
    await mode.stop();
    await Promise.race([
      this.registry.close(),
      new Promise((resolve) => setTimeout(resolve, DISPOSE_WAIT_MS).unref()),
    ]);
    this.logger.info('Connector server stopped');
  }
}
