/**
 * {@link startGateway}: the composed gateway — an IDM-compatible REST server (fastify) plus the connector-server
 * layer, over one directory:
 *
 * ```
 * <dir>/conf/       provisioner.openicf-<name>.json, provisioner.openicf.connectorinfoprovider.json, users.json
 * <dir>/security/   keystore.json (the AES keys of the $crypto envelopes; created on first start)
 * <dir>/state/      live-sync state (synchronisation/pooledSyncStage/<ID>.json)
 * ```
 *
 * One port serves both the REST API (`/openidm/…`) and the OpenICF WebSocket endpoint `/openicf` where RCSs in
 * client mode connect. On start the connector-info provider configuration is applied (secrets a hand edit left
 * in clear are encrypted in the file) and the directory is watched, so hand edits of `conf/` take effect without
 * a restart; REST PUTs take effect immediately.
 *
 * @packageDocumentation
 */
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import { join, resolve } from 'node:path';
import {
  type LocalConnectorProvider,
  loadTrustedCertificates,
  type PeerLogger,
  silentLogger,
} from '@rcskit/transport';
import Fastify from 'fastify';
import { UserStore, type UserStoreOptions } from './auth/users.js';
import { ConfigStore } from './config/config-store.js';
import { CONNECTOR_SERVER_SECRET_FIELDS } from './config/connector-ref.js';
import { ConfigCrypto, isCryptoEnvelope } from './config/crypto.js';
import { ConnectorHosts } from './connectors/host-registry.js';
import { Systems } from './connectors/systems.js';
import { registerConfigRoutes } from './routes/config.js';
import { type GatewayContext, installHttpBasics } from './routes/http.js';
import { registerObjectRoutes } from './routes/objects.js';
import { registerSystemRoutes } from './routes/system.js';
import { registerSystemInstanceRoutes } from './routes/system-instance.js';
import { SyncStateStore } from './sync/live-sync.js';

/** Settings of {@link startGateway}. */
export interface GatewayOptions {
  /** The gateway directory (`conf/`, `security/`, `state/` are created as needed). */
  readonly dir: string;
  /** Port (0 = any free port). Default 8080. */
  readonly port?: number | undefined;
  /** Interface to listen on. Default `127.0.0.1`. */
  readonly host?: string | undefined;
  /** TLS material (PEM `key` + `cert`, or `pfx` + `passphrase`): serve `https` and `wss`. */
  readonly tls?: HttpsServerOptions | undefined;
  /** The connectors of `#LOCAL` (e.g. an RCS runtime's registry). Without it, `#LOCAL` systems answer 503. */
  readonly localProvider?: LocalConnectorProvider | undefined;
  /**
   * IDM's trust store (`openidm.truststore.*`): PKCS12, JKS or PEM. Its certificates are trusted for every
   * `useSSL` connector server, in place of Node's default CAs (an entry's own `ca`/`caFile` adds to them).
   */
  readonly trustStore?:
    | { readonly file: string; readonly type?: string; readonly password?: string }
    | undefined;
  /** A pino-compatible logger. Default: silent. */
  readonly logger?: PeerLogger | undefined;
  /** Reconnect delays of dialled connector servers (ms). Default 1 s doubling up to 60 s. */
  readonly reconnect?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number } | undefined;
  /** Least time between two connector-list refreshes of a host (ms). Default 5 s. */
  readonly refreshMinIntervalMs?: number | undefined;
  /** Connect timeout of dialled servers whose `timeout` is 0 (ms). Default 30 s. */
  readonly connectTimeoutMs?: number | undefined;
  /** Options of the users file (scrypt cost of new hashes). */
  readonly users?: UserStoreOptions | undefined;
  /** Watch `conf/` for hand edits. Default true. */
  readonly watch?: boolean | undefined;
  /** Largest accepted request body (bytes). Default 16 MiB. */
  readonly bodyLimit?: number | undefined;
}

/** A running gateway. */
export interface Gateway {
  /** `http[s]://host:port` (wildcard hosts shown as loopback). */
  readonly url: string;
  readonly port: number;
  /** The connector hosts (status, tests). */
  readonly hosts: ConnectorHosts;
  /** Stops accepting, closes every connector-server connection and the HTTP server. */
  close(): Promise<void>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True when a connector-info provider JSON holds a server or client secret in clear. */
function hasClearSecrets(json: Readonly<Record<string, unknown>>): boolean {
  for (const section of ['remoteConnectorServers', 'remoteConnectorClients']) {
    const list = json[section];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (!isObject(entry)) continue;
      for (const field of CONNECTOR_SERVER_SECRET_FIELDS) {
        const value = entry[field];
        if (value !== undefined && value !== null && !isCryptoEnvelope(value)) return true;
      }
    }
  }
  return false;
}

/** Starts the gateway; see the module notes. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const baseDir = resolve(options.dir);
  const logger = options.logger ?? silentLogger;
  const crypto = await ConfigCrypto.open(join(baseDir, 'security'));
  const configs = new ConfigStore({ confDir: join(baseDir, 'conf'), crypto });
  const users = await UserStore.open(join(baseDir, 'conf', 'users.json'), options.users ?? {});
  const trustedCas =
    options.trustStore === undefined
      ? undefined
      : await loadTrustedCertificates({
          ...options.trustStore,
          file: resolve(baseDir, options.trustStore.file),
        });
  const hosts = new ConnectorHosts({
    crypto,
    logger,
    baseDir,
    trustedCas,
    localProvider: options.localProvider,
    reconnect: options.reconnect,
    refreshMinIntervalMs: options.refreshMinIntervalMs,
    connectTimeoutMs: options.connectTimeoutMs,
  });
  const systems = new Systems({ configs, hosts, crypto, logger });
  const ctx: GatewayContext = {
    baseDir,
    configs,
    crypto,
    users,
    hosts,
    systems,
    syncState: new SyncStateStore(join(baseDir, 'state')),
    logger,
  };

  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    ...(options.tls !== undefined ? { https: options.tls } : {}),
  });
  installHttpBasics(app, users, logger);
  registerSystemRoutes(app, ctx);
  registerSystemInstanceRoutes(app, ctx);
  registerObjectRoutes(app, ctx);
  registerConfigRoutes(app, ctx);
  hosts.attach(app.server, users);

  /** Applies the stored connector-info provider; secrets a hand edit left in clear are encrypted in the file. */
  const applyProvider = async () => {
    const entry = await configs.getConnectorInfoProvider();
    if (entry.model === undefined) {
      logger.error(
        { file: entry.file, error: entry.error },
        'connector-info provider configuration is invalid',
      );
      return;
    }
    if (entry.mtimeMs !== 0 && entry.json !== undefined && hasClearSecrets(entry.json)) {
      const sealed = await configs.putConnectorInfoProvider(entry.json, { ifUnchanged: entry });
      if (sealed.json !== undefined && !hasClearSecrets(sealed.json)) {
        logger.info({ file: entry.file }, 'connector server secrets encrypted at rest');
      }
      if (sealed.model !== undefined) {
        hosts.reload(sealed.model);
        return;
      }
    }
    hosts.reload(entry.model);
  };

  let stopWatching: (() => void) | undefined;
  try {
    await applyProvider();
    if (options.watch !== false) {
      stopWatching = configs.watch((change) => {
        if (change.kind !== 'connectorInfoProvider') return;
        applyProvider().catch((error: unknown) =>
          logger.error({ error: String(error) }, 'cannot apply the connector-info provider configuration'),
        );
      });
    }
    await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
  } catch (error) {
    stopWatching?.();
    await hosts.close().catch(() => {});
    await app.close().catch(() => {});
    throw error;
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 8080);
  let host = typeof address === 'object' && address !== null ? address.address : '127.0.0.1';
  if (host === '0.0.0.0' || host === '') host = '127.0.0.1';
  else if (host === '::') host = '[::1]';
  else if (host.includes(':')) host = `[${host}]`;
  const url = `${options.tls !== undefined ? 'https' : 'http'}://${host}:${port}`;
  logger.info({ url, dir: baseDir }, 'gateway listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    hosts,
    close() {
      closing ??= (async () => {
        stopWatching?.();
        await hosts.close();
        await app.close();
        logger.info({ url }, 'gateway stopped');
      })();
      return closing;
    },
  };
}
