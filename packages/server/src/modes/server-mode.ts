/**
 * Server mode (spec wire-protocol.md §2): IDM dials `ws[s]://<ifaddress>:<port>/openicf` and authenticates with
 * the shared key, checked against `connectorserver.key` (401 without credentials, 403 for a wrong key).
 *
 * The HTTP(S) server is created here and handed to transport's `OpenIcfServer`, so a shutdown can first stop
 * listening (no new connections), then let operations finish, then close the sockets.
 *
 * @packageDocumentation
 */
import { createServer as createHttpServer, type Server as HttpServer, STATUS_CODES } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import {
  DEFAULT_OPENICF_PATH,
  isLegacyBinaryProtocol,
  type LocalEndpoint,
  OpenIcfServer,
} from '@rcskit/transport';
import type { Logger } from '../logging/logger.js';
import type { ServerConfig } from '../properties/server-config.js';
import { announceOn } from './announce.js';
import { serverTlsOptions } from './tls.js';

/** A running server mode. */
export class ServerMode {
  readonly kind = 'server';
  readonly #http: HttpServer | HttpsServer;
  readonly #openicf: OpenIcfServer;
  readonly #logger: Logger;
  #stopped: Promise<void> | undefined;

  private constructor(http: HttpServer | HttpsServer, openicf: OpenIcfServer, logger: Logger) {
    this.#http = http;
    this.#openicf = openicf;
    this.#logger = logger;
  }

  /** Listens as configured (`logger` is the process logger; the mode tags its lines). */
  static async start(config: ServerConfig, endpoint: LocalEndpoint, logger: Logger): Promise<ServerMode> {
    const log = logger.child({ component: 'server' });
    const tls = await serverTlsOptions(config);
    const http = tls === undefined ? createHttpServer() : createHttpsServer(tls);
    http.on('request', (req, res) => {
      let path = '/';
      try {
        path = new URL(req.url ?? '/', 'http://localhost').pathname;
      } catch {
        // keep '/'
      }
      const status = path === DEFAULT_OPENICF_PATH ? 426 : 404;
      res.writeHead(status, status === 426 ? { Upgrade: 'websocket', Connection: 'Upgrade' } : {});
      res.end(STATUS_CODES[status]);
    });
    http.on('tlsClientError', (error) => log.debug({ error: error.message }, 'TLS handshake failed'));
    http.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket) => {
      // IDM speaks the legacy binary protocol when its entry is not "protocol": "websocket"; say so instead of
      // answering a binary peer with HTTP (docs/interop.md#legacy-14-clients).
      if (isLegacyBinaryProtocol(error.rawPacket)) {
        log.warn(
          { remote: (socket as Socket).remoteAddress },
          'A legacy OpenICF 1.4 binary client connected: this RCS speaks the WebSocket protocol only; set "protocol": "websocket" in IDM\'s connector server entry',
        );
        socket.destroy();
        return;
      }
      const status =
        error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      if (socket.writable)
        socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
      else socket.destroy();
    });
    const openicf = new OpenIcfServer({
      localEndpoint: endpoint,
      server: http,
      keyHash: config.keyHash.reveal(),
      logger: logger.child({ component: 'peer' }),
      pingIntervalMs: config.pingPongIntervalMs,
      housekeepingIntervalMs: config.groupCheckIntervalMs,
    });
    await new Promise<void>((resolve, reject) => {
      const failed = (error: NodeJS.ErrnoException) => {
        const where = `${config.ifaddress ?? 'all interfaces'} port ${config.port}`;
        if (error.code === 'EADDRINUSE') {
          reject(new Error(`Cannot listen on ${where}: the port is in use (change connectorserver.port)`));
        } else if (error.code === 'EACCES') {
          reject(new Error(`Cannot listen on ${where}: permission denied (use a port above 1023)`));
        } else if (error.code === 'EADDRNOTAVAIL') {
          reject(
            new Error(`Cannot listen on ${where}: no such local address (check connectorserver.ifaddress)`),
          );
        } else reject(error);
      };
      http.once('error', failed);
      http.listen(config.port, config.ifaddress, () => {
        http.off('error', failed);
        resolve();
      });
    });
    return new ServerMode(http, openicf, log);
  }

  /** The bound address. */
  get address(): AddressInfo {
    return this.#http.address() as AddressInfo;
  }

  /** `ws[s]://host:port/openicf` (wildcard addresses shown as loopback). */
  get url(): string {
    return this.#openicf.url;
  }

  /** Number of connected IDM channels. */
  get channelCount(): number {
    return this.#openicf.channels.length;
  }

  /**
   * Tells every connected IDM that the connector list changed, the only way the protocol has: a
   * `ControlRequest(CONNECTOR_INFO)` on each channel (docs/bundles.md#upgrades-without-restart). Best effort.
   */
  announceConnectorChange(): void {
    for (const channel of this.#openicf.channels) announceOn(channel, this.#logger);
  }

  /** Stops listening; open connections stay until {@link stop}. */
  stopAccepting(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.#http.listening) {
        resolve();
        return;
      }
      this.#http.close(() => resolve());
      // close() only calls back once every connection ended; don't wait for that here.
      setImmediate(resolve);
    });
  }

  /** Closes every socket and the server. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      const closed = new Promise<void>((resolve) => {
        if (!this.#http.listening) resolve();
        else this.#http.close(() => resolve());
      });
      await this.#openicf.close();
      this.#http.closeAllConnections();
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      this.#logger.debug('server mode stopped');
    })();
    return this.#stopped;
  }
}
