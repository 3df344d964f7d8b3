/**
 * `OpenIcfServer`: the accepting side of the OpenICF 1.5 WebSocket protocol (spec §2). Used by the RCS in server
 * mode (IDM dials in) and by an IDM-side gateway in client mode (RCS instances dial in).
 *
 * - Listens on host/port (plain or TLS from PEM key+cert or PKCS#12 pfx+passphrase), or attaches to an existing
 *   `http`/`https` server.
 * - Accepts upgrades only on the endpoint path (`/openicf` by default; other paths get 404), authenticates them
 *   (401 + `WWW-Authenticate: Basic realm="openicf.forgerock.org"` without usable credentials, 403 for refused
 *   ones), echoes the sub-protocol `v1.openicf.forgerock.org` when offered, and limits frames to `maxPayload`.
 * - Runs the handshake on every socket and groups sockets by (principal, peer session id); each new group is
 *   reported through `onChannel`.
 *
 * @packageDocumentation
 */
import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type IncomingMessage,
  STATUS_CODES,
} from 'node:http';
import {
  createServer as createHttpsServer,
  type ServerOptions as HttpsOptions,
  type Server as HttpsServer,
} from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  ConnectionFailedException,
  type GuardedString,
  IllegalArgumentException,
  IllegalStateException,
} from '@rcskit/core';
import { type WebSocket, WebSocketServer } from 'ws';
import { type HandshakeMessage, optionalString } from '../messages.js';
import {
  type Authenticator,
  computeKeyHash,
  sharedKeyAuthenticator,
  WWW_AUTHENTICATE_CHALLENGE,
} from './auth.js';
import { ConnectionGroup, type PeerChannel } from './connection-group.js';
import type { LocalEndpoint } from './contract.js';
import { describeError, type PeerLogger, silentLogger } from './logger.js';
import { DEFAULT_MAX_PAYLOAD, type PeerOptions } from './options.js';
import { newSessionId } from './session.js';
import { OPENICF_SUBPROTOCOL, SocketConnection } from './socket-connection.js';
import { normalizeUpgradeHeaders } from './upgrade-headers.js';

/** Default port of the Java RCS. */
export const DEFAULT_OPENICF_PORT = 8759;
/** Default endpoint path. */
export const DEFAULT_OPENICF_PATH = '/openicf';
/** Who the peer of a new group is. */
export interface PeerIdentity {
  readonly principal: string;
  readonly peerSessionId: string;
}

/** Settings of an {@link OpenIcfServer}. */
export interface OpenIcfServerOptions extends PeerOptions {
  /** Serves the peer's requests: one endpoint for all groups, or a factory called once per new group. */
  readonly localEndpoint: LocalEndpoint | ((peer: PeerIdentity) => LocalEndpoint);
  /** Interface to listen on. Default: all interfaces. Ignored with {@link server}. */
  readonly host?: string | undefined;
  /** Port to listen on (0 = any free port). Default 8759. Ignored with {@link server}. */
  readonly port?: number | undefined;
  /** Attach to this existing server instead of creating one (its owner listens and closes it). */
  readonly server?: HttpServer | HttpsServer | undefined;
  /** TLS material for `wss` (PEM `key`+`cert`, or PKCS#12 `pfx`+`passphrase`). Ignored with {@link server}. */
  readonly tls?: HttpsOptions | undefined;
  /** Endpoint path, or a test on the request path. Default `/openicf`. */
  readonly path?: string | ((pathname: string) => boolean) | undefined;
  /** Configured key hash (`connectorserver.key`, base64 SHA-1 of UTF-16BE). */
  readonly keyHash?: string | undefined;
  /** Clear shared key (hashed on start) instead of {@link keyHash}. */
  readonly key?: string | GuardedString | undefined;
  /** With the shared key: accept only user `anonymous` (.NET rule). Default `false` (any non-blank user). */
  readonly requireAnonymousUser?: boolean | undefined;
  /** Custom authentication instead of the shared key (principal tables, Bearer tokens, …). */
  readonly authenticate?: Authenticator | undefined;
  /** Called for each new channel (group) once its first socket completed the handshake. */
  readonly onChannel?: ((channel: PeerChannel) => void) | undefined;
}

const MAX_REMEMBERED_GROUPS = 1000;

/** Writes a plain HTTP answer on a socket whose upgrade is refused and closes it. */
function refuseUpgrade(socket: Duplex, status: number, headers: Record<string, string> = {}): void {
  const body = STATUS_CODES[status] ?? 'Error';
  const lines = [
    `HTTP/1.1 ${status} ${body}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

/** The accepting side of the protocol; see the module documentation. */
export class OpenIcfServer {
  /** This server's session id (sent in every handshake). */
  readonly sessionId: string;

  readonly #options: OpenIcfServerOptions;
  readonly #log: PeerLogger;
  readonly #authenticate: Authenticator;
  readonly #http: HttpServer | HttpsServer;
  readonly #ownsServer: boolean;
  readonly #secure: boolean;
  readonly #wss: WebSocketServer;
  readonly #groups = new Map<string, ConnectionGroup>();
  readonly #lastMessageIds = new Map<string, bigint>();
  readonly #sockets = new Set<SocketConnection>();
  readonly #listeners = new Set<(channel: PeerChannel) => void>();
  #closing: Promise<void> | undefined;

  constructor(options: OpenIcfServerOptions) {
    this.#options = options;
    this.#log = options.logger ?? silentLogger;
    this.sessionId = options.sessionId ?? newSessionId();
    if (options.authenticate !== undefined) {
      this.#authenticate = options.authenticate;
    } else {
      const hash = options.keyHash ?? (options.key !== undefined ? computeKeyHash(options.key) : undefined);
      if (hash === undefined || hash === '') {
        throw new IllegalArgumentException('OpenIcfServer needs keyHash, key or authenticate');
      }
      this.#authenticate = sharedKeyAuthenticator(hash, {
        requireAnonymousUser: options.requireAnonymousUser ?? false,
      });
    }
    if (options.onChannel !== undefined) this.#listeners.add(options.onChannel);
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
      perMessageDeflate: false,
      clientTracking: false,
      handleProtocols: (protocols: Set<string>) =>
        protocols.has(OPENICF_SUBPROTOCOL) ? OPENICF_SUBPROTOCOL : false,
    });
    if (options.server !== undefined) {
      this.#http = options.server;
      this.#ownsServer = false;
      this.#secure = 'setSecureContext' in options.server;
    } else {
      this.#ownsServer = true;
      this.#secure = options.tls !== undefined;
      this.#http =
        options.tls !== undefined
          ? createHttpsServer({ minVersion: 'TLSv1.2', ...options.tls })
          : createHttpServer();
      this.#http.on('request', (req, res) => {
        const matches = this.#pathMatches(req);
        res.writeHead(matches ? 426 : 404, matches ? { Upgrade: 'websocket', Connection: 'Upgrade' } : {});
        res.end(STATUS_CODES[matches ? 426 : 404]);
      });
    }
    this.#http.on('upgrade', this.#onUpgrade);
  }

  /** Starts listening (only when the server created its own HTTP server); resolves with the bound address. */
  async listen(): Promise<AddressInfo> {
    if (this.#ownsServer && !this.#http.listening) {
      await new Promise<void>((resolve, reject) => {
        this.#http.once('error', reject);
        this.#http.listen(this.#options.port ?? DEFAULT_OPENICF_PORT, this.#options.host, () => {
          this.#http.off('error', reject);
          resolve();
        });
      });
      this.#log.info({ url: this.url }, 'OpenICF server listening');
    }
    const address = this.address;
    if (address === undefined) throw new IllegalStateException('server is not listening');
    return address;
  }

  /** The bound address, once listening. */
  get address(): AddressInfo | undefined {
    const address = this.#http.address();
    return address !== null && typeof address === 'object' ? address : undefined;
  }

  /** `ws[s]://host:port/openicf` of the bound address (wildcard hosts shown as loopback). */
  get url(): string {
    const address = this.address;
    if (address === undefined) throw new IllegalStateException('server is not listening');
    let host = address.address;
    if (host === '0.0.0.0' || host === '') host = '127.0.0.1';
    else if (host === '::') host = '[::1]';
    else if (host.includes(':')) host = `[${host}]`;
    const path = typeof this.#options.path === 'string' ? this.#options.path : DEFAULT_OPENICF_PATH;
    return `${this.#secure ? 'wss' : 'ws'}://${host}:${address.port}${path}`;
  }

  /** Open channels (groups). */
  get channels(): PeerChannel[] {
    return [...this.#groups.values()];
  }

  /** Calls `listener` for each new channel; returns a function that removes it. */
  onChannel(listener: (channel: PeerChannel) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Stops accepting, closes every socket (code 1001) and waits for them; closes the HTTP server when this object
   * created it.
   */
  close(): Promise<void> {
    this.#closing ??= this.#doClose();
    return this.#closing;
  }

  async #doClose(): Promise<void> {
    this.#http.off('upgrade', this.#onUpgrade);
    const stopped = this.#ownsServer
      ? new Promise<void>((resolve) => this.#http.close(() => resolve()))
      : Promise.resolve();
    await Promise.all([...this.#sockets].map((socket) => socket.close(1001, 'Server shutting down')));
    await Promise.all([...this.#groups.values()].map((group) => group.close()));
    this.#wss.close();
    if (this.#ownsServer) this.#http.closeAllConnections();
    await stopped;
    this.#log.info({}, 'OpenICF server closed');
  }

  #pathMatches(req: IncomingMessage): boolean {
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      return false;
    }
    const path = this.#options.path ?? DEFAULT_OPENICF_PATH;
    return typeof path === 'string' ? pathname === path : path(pathname);
  }

  readonly #onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', (error) => this.#log.debug({ error: describeError(error) }, 'upgrade socket error'));
    if (!this.#pathMatches(req)) {
      // Another upgrade handler of a shared server may own this path.
      if (!this.#ownsServer && this.#http.listenerCount('upgrade') > 1) return;
      refuseUpgrade(socket, 404);
      return;
    }
    if (this.#closing !== undefined) {
      refuseUpgrade(socket, 503);
      return;
    }
    void this.#authorizeAndUpgrade(req, socket, head);
  };

  async #authorizeAndUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    let decision: string | number;
    try {
      decision = await this.#authenticate(req);
    } catch (error) {
      this.#log.error({ remote, error: describeError(error) }, 'authenticator failed');
      refuseUpgrade(socket, 500);
      return;
    }
    if (decision === 401) {
      this.#log.info({ remote }, 'upgrade refused: no usable credentials (401)');
      refuseUpgrade(socket, 401, { 'WWW-Authenticate': WWW_AUTHENTICATE_CHALLENGE });
      return;
    }
    if (typeof decision !== 'string' || optionalString(decision) === undefined) {
      this.#log.info({ remote }, 'upgrade refused: credentials not accepted (403)');
      refuseUpgrade(socket, 403);
      return;
    }
    if (this.#closing !== undefined || socket.destroyed) {
      if (!socket.destroyed) refuseUpgrade(socket, 503);
      return;
    }
    const principal = decision;
    normalizeUpgradeHeaders(req);
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws, principal, remote));
  }

  #onConnection(ws: WebSocket, principal: string, remote: string): void {
    const options = this.#options;
    const connection = new SocketConnection(ws, {
      role: 'acceptor',
      localSessionId: this.sessionId,
      serverType: options.serverType,
      logger: this.#log,
      maxMalformedFrames: options.maxMalformedFrames,
      handshakeTimeoutMs: options.handshakeTimeoutMs,
      pingIntervalMs: options.pingIntervalMs,
      label: remote,
      onHandshake: (_socket, peer) => this.#groupFor(principal, peer),
    });
    this.#sockets.add(connection);
    void connection.closed.then(() => this.#sockets.delete(connection));
    this.#log.debug({ remote, principal, socket: connection.id, protocol: ws.protocol }, 'socket accepted');
    if (this.#closing !== undefined) {
      void connection.close(1001, 'Server shutting down');
      return;
    }
    connection.start();
  }

  #groupFor(principal: string, peer: HandshakeMessage): ConnectionGroup | Error {
    if (this.#closing !== undefined) return new ConnectionFailedException('Server is shutting down');
    const key = `${principal}\u0000${peer.sessionId}`;
    const existing = this.#groups.get(key);
    if (existing !== undefined) return existing;
    const options = this.#options;
    const identity: PeerIdentity = { principal, peerSessionId: peer.sessionId };
    const endpoint =
      typeof options.localEndpoint === 'function' ? options.localEndpoint(identity) : options.localEndpoint;
    const group = new ConnectionGroup({
      peerSessionId: peer.sessionId,
      localSessionId: this.sessionId,
      principal,
      localEndpoint: endpoint,
      logger: this.#log,
      housekeepingIntervalMs: options.housekeepingIntervalMs,
      inconsistencyLimit: options.inconsistencyLimit,
      cancelParkMs: options.cancelParkMs,
      controlTimeoutMs: options.controlTimeoutMs,
      initialControlRequest: options.initialControlRequest,
      sendStackTraces: options.sendStackTraces,
      // A peer that rejoins after its group closed may still hold old ids: continue the numbering.
      firstMessageId: (this.#lastMessageIds.get(key) ?? 0n) + 1n,
    });
    this.#groups.set(key, group);
    group.onClose(() => {
      if (this.#groups.get(key) === group) this.#groups.delete(key);
      this.#lastMessageIds.delete(key);
      this.#lastMessageIds.set(key, group.lastMessageId);
      if (this.#lastMessageIds.size > MAX_REMEMBERED_GROUPS) {
        const oldest = this.#lastMessageIds.keys().next();
        if (!oldest.done) this.#lastMessageIds.delete(oldest.value);
      }
    });
    this.#log.info({ peer: peer.sessionId, principal, serverType: peer.serverType }, 'new channel');
    // Report the channel once the socket has joined it.
    queueMicrotask(() => {
      for (const listener of this.#listeners) {
        try {
          listener(group);
        } catch (error) {
          this.#log.error({ error: describeError(error) }, 'onChannel listener threw');
        }
      }
    });
    return group;
  }
}

/** Creates an {@link OpenIcfServer} and starts listening. */
export async function startOpenIcfServer(options: OpenIcfServerOptions): Promise<OpenIcfServer> {
  const server = new OpenIcfServer(options);
  await server.listen();
  return server;
}
