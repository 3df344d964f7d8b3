/**
 * `connectOpenIcf`: the opening side of the OpenICF 1.5 WebSocket protocol (spec §2.1, §7). Used by IDM-like
 * callers to reach an RCS in server mode, and by the RCS in client mode to dial out to IDM or a gateway.
 *
 * Opens `sockets` WebSockets to `ws[s]://host:port/openicf` with the same session id, so the server puts them in
 * one group, and returns that group as a channel. The upgrade request carries the headers of the Java client
 * (`Accept: *\/*`, `User-Agent: OpenICF-Client-…`), offers the sub-protocol `v1.openicf.forgerock.org`, and
 * authenticates with HTTP Basic (`anonymous:<key>` by default, or principal/password) or with a Bearer token.
 *
 * Failures to connect are `ConnectionFailedException`s naming the URL (never the key): HTTP 401/403/404 and other
 * statuses, refused connections, TLS errors, handshake problems. No reconnection happens here: when the last
 * socket closes the channel closes and waiting requests fail with `ConnectionBrokenException`; `addSocket()` opens
 * a further socket into a channel that is still open.
 *
 * @packageDocumentation
 */

import type { Agent } from 'node:http';
import {
  ConnectionBrokenException,
  ConnectionFailedException,
  GuardedString,
  IllegalArgumentException,
} from '@rcskit/core';
import { WebSocket } from 'ws';
import type { HandshakeMessage } from '../messages.js';
import { basicAuthorization, bearerAuthorization, DEFAULT_PRINCIPAL } from './auth.js';
import { ConnectionGroup, type ConnectionGroupOptions, type PeerChannel } from './connection-group.js';
import type { LocalEndpoint } from './contract.js';
import { describeError, silentLogger } from './logger.js';
import { DEFAULT_MAX_PAYLOAD, type PeerOptions } from './options.js';
import { newSessionId } from './session.js';
import { OPENICF_SUBPROTOCOL, SocketConnection } from './socket-connection.js';
import { tlsFailure } from './tls-failure.js';

/** `User-Agent` sent by default (the Java client sends `OpenICF-Client-<framework version>`). */
export const DEFAULT_USER_AGENT = 'OpenICF-Client-1.5.0 rcskit';
/** Default wait for the HTTP upgrade. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;
/** Most sockets one channel may open at once (the Java client's limit). */
export const MAX_SOCKETS = 10;

/** Settings of {@link connectOpenIcf}. */
export interface ConnectOpenIcfOptions extends PeerOptions {
  /** `ws://host:port/openicf` or `wss://…` (`http`/`https` are accepted as aliases). */
  readonly url: string | URL;
  /** Serves the peer's requests (ControlRequests and operations) on this channel. */
  readonly localEndpoint: LocalEndpoint;
  /** Shared key, sent as the Basic password of {@link principal}. */
  readonly key?: string | GuardedString | undefined;
  /** Basic user name. Default `anonymous`. */
  readonly principal?: string | undefined;
  /** Basic password (same as {@link key}; give one of them). */
  readonly password?: string | GuardedString | undefined;
  /** OAuth2 access token sent as `Authorization: Bearer …` instead of Basic; a function is asked per socket. */
  readonly bearerToken?: string | (() => string | Promise<string>) | undefined;
  /** Trusted CA certificates (PEM) for `wss`. Default: Node's trust store. */
  readonly ca?: string | Buffer | Array<string | Buffer> | undefined;
  /** Check the server certificate. Default `true`. */
  readonly rejectUnauthorized?: boolean | undefined;
  /** Client private key and certificate chain (PEM) for mutual TLS; `clientKeyPassphrase` decrypts the key. */
  readonly clientKey?: string | Buffer | undefined;
  readonly clientCert?: string | Buffer | undefined;
  readonly clientKeyPassphrase?: string | undefined;
  /** HTTP agent for the upgrade request, e.g. a CONNECT proxy tunnel. */
  readonly agent?: Agent | undefined;
  /** Describes the proxy in messages (`proxy.example.com:3128`), when {@link agent} is one. */
  readonly proxyLabel?: string | undefined;
  /** TLS server name (SNI and certificate check) when it differs from the URL host. */
  readonly servername?: string | undefined;
  /** Sockets to open into the channel. Default 1, at most 10. */
  readonly sockets?: number | undefined;
  /** Wait for the HTTP upgrade of each socket. Default 30 s. */
  readonly connectTimeoutMs?: number | undefined;
  /** `User-Agent` header. */
  readonly userAgent?: string | undefined;
  /** Extra upgrade-request headers (an `Authorization` here is ignored). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Offer the sub-protocol `v1.openicf.forgerock.org`. Default `true`. */
  readonly offerSubProtocol?: boolean | undefined;
}

/** A channel opened by {@link connectOpenIcf}. */
export interface ClientChannel extends PeerChannel {
  /** The URL the sockets were opened to (without user info). */
  readonly url: string;
  /** Opens one more socket into the channel (rejects when the channel is closed or the socket fails). */
  addSocket(): Promise<void>;
}

/** A `ConnectionFailedException` for an HTTP answer other than 101, with the status attached. */
export interface HttpConnectionFailure extends ConnectionFailedException {
  readonly httpStatus: number;
}

function httpFailure(url: string, status: number, proxy?: string): HttpConnectionFailure {
  let message: string;
  if (status === 401)
    message = `Authentication required by ${url} (HTTP 401): no credentials the server accepts`;
  else if (status === 403) message = `Access denied by ${url} (HTTP 403): key or credentials refused`;
  else if (status === 404) message = `No OpenICF endpoint at ${url} (HTTP 404)`;
  else if (status === 407) {
    message = `The HTTP proxy${proxy === undefined ? '' : ` ${proxy}`} refused its credentials for ${url} (HTTP 407): check the proxy user and password`;
  } else message = `Unexpected HTTP ${status} from ${url}`;
  return Object.assign(new ConnectionFailedException(message), { httpStatus: status });
}

function networkFailure(url: string, error: Error): ConnectionFailedException {
  const code = (error as NodeJS.ErrnoException).code;
  const tls = tlsFailure(url, error);
  if (tls !== undefined) return tls;
  if (code === 'ECONNREFUSED')
    return new ConnectionFailedException(`Connection refused by ${url}`, { cause: error });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ConnectionFailedException(`Cannot resolve the host of ${url}`, { cause: error });
  }
  return new ConnectionFailedException(`Cannot connect to ${url}: ${error.message}`, { cause: error });
}

/** Normalizes the URL (http→ws, https→wss) and returns it with a user-info-free text form for messages. */
function normalizeUrl(input: string | URL): { url: URL; display: string } {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch (error) {
    throw new IllegalArgumentException('Invalid OpenICF URL', { cause: error });
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new IllegalArgumentException(`Unsupported OpenICF URL scheme: ${url.protocol}`);
  }
  url.username = '';
  url.password = '';
  return { url, display: url.toString() };
}

class ClientGroup extends ConnectionGroup implements ClientChannel {
  readonly url: string;
  readonly #open: () => Promise<void>;

  constructor(options: ConnectionGroupOptions, url: string, open: () => Promise<void>) {
    super(options);
    this.url = url;
    this.#open = open;
  }

  async addSocket(): Promise<void> {
    if (!this.isOpen) throw new ConnectionBrokenException(`Channel to ${this.url} is closed`);
    await this.#open();
  }
}

/** Connects to an OpenICF peer; see the module documentation. */
export async function connectOpenIcf(options: ConnectOpenIcfOptions): Promise<ClientChannel> {
  const { url, display } = normalizeUrl(options.url);
  const log = options.logger ?? silentLogger;
  const count = options.sockets ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SOCKETS) {
    throw new IllegalArgumentException(`sockets must be an integer from 1 to ${MAX_SOCKETS}`);
  }
  const secrets = [options.key, options.password, options.bearerToken].filter((v) => v !== undefined);
  if (secrets.length !== 1) {
    throw new IllegalArgumentException('Give exactly one of key, password or bearerToken');
  }
  const principal = options.principal ?? DEFAULT_PRINCIPAL;
  const clear = options.key ?? options.password;
  // Keep the secret guarded: the channel may open further sockets later.
  const secret =
    clear === undefined ? undefined : typeof clear === 'string' ? new GuardedString(clear) : clear;
  const bearer = options.bearerToken;
  if (secret !== undefined) basicAuthorization(principal, secret); // fail early on non-ISO-8859-1 credentials
  const sessionId = options.sessionId ?? newSessionId();
  let group: ClientGroup | undefined;

  const authorization = async (): Promise<string> => {
    if (secret !== undefined) return basicAuthorization(principal, secret);
    const token = typeof bearer === 'function' ? await bearer() : (bearer ?? '');
    return bearerAuthorization(token);
  };

  const groupFor = (peer: HandshakeMessage): ConnectionGroup | Error => {
    if (group === undefined) {
      group = new ClientGroup(
        {
          peerSessionId: peer.sessionId,
          localSessionId: sessionId,
          principal,
          localEndpoint: options.localEndpoint,
          logger: log,
          housekeepingIntervalMs: options.housekeepingIntervalMs,
          inconsistencyLimit: options.inconsistencyLimit,
          cancelParkMs: options.cancelParkMs,
          controlTimeoutMs: options.controlTimeoutMs,
          initialControlRequest: options.initialControlRequest,
          sendStackTraces: options.sendStackTraces,
        },
        display,
        openSocket,
      );
      return group;
    }
    if (group.peerSessionId !== peer.sessionId) {
      return new ConnectionFailedException(
        `${display} answered with another server session (${peer.sessionId}, expected ${group.peerSessionId})`,
      );
    }
    if (group.isClosed) {
      return new ConnectionBrokenException(`Channel to ${display} is closed`);
    }
    return group;
  };

  async function openSocket(): Promise<void> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (name.toLowerCase() !== 'authorization') headers[name] = value;
    }
    headers['User-Agent'] ??= options.userAgent ?? DEFAULT_USER_AGENT;
    headers.Accept ??= '*/*';
    try {
      headers.Authorization = await authorization();
    } catch (error) {
      throw new ConnectionFailedException(`Could not obtain credentials for ${display}`, { cause: error });
    }
    const ws = new WebSocket(url, options.offerSubProtocol === false ? [] : [OPENICF_SUBPROTOCOL], {
      headers,
      maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
      handshakeTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      perMessageDeflate: false,
      followRedirects: false,
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(options.clientKey !== undefined ? { key: options.clientKey } : {}),
      ...(options.clientCert !== undefined ? { cert: options.clientCert } : {}),
      ...(options.clientKeyPassphrase !== undefined ? { passphrase: options.clientKeyPassphrase } : {}),
      ...(options.agent !== undefined ? { agent: options.agent } : {}),
      ...(options.rejectUnauthorized !== undefined ? { rejectUnauthorized: options.rejectUnauthorized } : {}),
      ...(options.servername !== undefined ? { servername: options.servername } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        if (error === undefined) resolve();
        else reject(error);
      };
      ws.on('error', (error: Error) => {
        if (!settled) log.debug({ url: display, error: describeError(error) }, 'connect failed');
        settle(networkFailure(display, error));
      });
      ws.once('unexpected-response', (_req, res) => {
        settle(httpFailure(display, res.statusCode ?? 0, options.proxyLabel));
        res.resume();
        ws.terminate();
      });
      ws.once('open', () => settle());
      ws.once('close', () =>
        settle(new ConnectionFailedException(`Connection to ${display} closed during upgrade`)),
      );
    });
    const connection = new SocketConnection(ws, {
      role: 'opener',
      localSessionId: sessionId,
      serverType: options.serverType,
      logger: log,
      maxMalformedFrames: options.maxMalformedFrames,
      handshakeTimeoutMs: options.handshakeTimeoutMs,
      pingIntervalMs: options.pingIntervalMs,
      label: display,
      onHandshake: (_socket, peer) => groupFor(peer),
    });
    connection.start();
    try {
      await connection.handshake;
    } catch (error) {
      throw error instanceof ConnectionFailedException
        ? new ConnectionFailedException(`${display}: ${error.message}`, { cause: error })
        : new ConnectionFailedException(`Handshake with ${display} failed`, { cause: error });
    }
  }

  const results = await Promise.allSettled(Array.from({ length: count }, () => openSocket()));
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  const opened = group as ClientGroup | undefined;
  if (opened === undefined || failures.length === count || !opened.isOpen) {
    if (opened !== undefined) await opened.close();
    throw failures[0]?.reason ?? new ConnectionFailedException(`Could not open a channel to ${display}`);
  }
  for (const failure of failures) {
    log.warn(
      { url: display, error: describeError(failure.reason) },
      'one of the sockets could not be opened',
    );
  }
  log.info({ url: display, peer: opened.peerSessionId, sockets: opened.socketCount }, 'channel open');
  return opened;
}
