/**
 * Client mode (spec wire-protocol.md §7): the RCS dials IDM instead of listening. For every URL of
 * `connectorserver.url` one {@link UrlLink} keeps a channel of `webSocketConnections` sockets open and serves the
 * same local endpoint as server mode on it (IDM sends the ControlRequests and operations; the RCS answers).
 *
 * - **Authentication**: HTTP Basic with `principal` / `password`, or an OAuth2 client-credentials Bearer token
 *   (see `oauth2.ts`); a refused token is dropped and a new one fetched for the next attempt.
 * - **Reconnect**: when the channel closes or a connection attempt fails, the next attempt waits
 *   `backoffDelay(newConnectionsInterval, maxReconnectInterval, failures)` (exponential with jitter, capped); a
 *   successful connection resets the count. Failures are logged once per attempt, without credentials.
 * - **Housekeeping** (every `housekeepingInterval`): reopens missing sockets, at most one per
 *   `newConnectionsInterval`; with `connectionTtl`, replaces the oldest socket once it is older than that (a new
 *   socket joins first, then the old one closes — responses may travel on any socket of a group, so nothing in
 *   flight is lost).
 * - `connectorServerName` and `hostId` travel as upgrade headers `X-OpenICF-Connector-Server-Name` and
 *   `X-OpenICF-Host-Id` (how the closed-source RCS sends them is not public, spec §7.3).
 *
 * @packageDocumentation
 */
import {
  type ClientChannel,
  ConnectionGroup,
  type ConnectOpenIcfOptions,
  connectOpenIcf,
  type GroupSocket,
  type LocalEndpoint,
  MAX_SOCKETS,
} from '@rcskit/transport';
import type { Logger } from '../logging/logger.js';
import { type ClientSettings, redactUrl, type ServerConfig } from '../properties/server-config.js';
import { announceOn } from './announce.js';
import { backoffDelay } from './backoff.js';
import { OAuth2TokenClient } from './oauth2.js';
import { type ProxyRoute, proxyRoute } from './proxy.js';
import { type ClientTls, clientTls } from './tls.js';

/** Header carrying `connectorserver.connectorServerName`. */
export const SERVER_NAME_HEADER = 'X-OpenICF-Connector-Server-Name';
/** Header carrying `connectorserver.hostId`. */
export const HOST_ID_HEADER = 'X-OpenICF-Host-Id';

interface LinkContext {
  readonly config: ServerConfig;
  readonly settings: ClientSettings;
  readonly endpoint: LocalEndpoint;
  readonly logger: Logger;
  readonly tokens: OAuth2TokenClient | undefined;
  readonly tls: ClientTls;
  readonly proxy: ProxyRoute | undefined;
}

/** The HTTP status of a refused upgrade, if the error is one. */
function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { httpStatus?: unknown }).httpStatus;
  return typeof status === 'number' ? status : undefined;
}

/** The message of an error and of its causes (a token endpoint's answer travels as the cause). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  return cause instanceof Error && !error.message.includes(cause.message)
    ? `${error.message}: ${describe(cause)}`
    : error.message;
}

/** What to do about a failure the error stands for, naming the properties (never their values). */
function hintFor(error: unknown, ctx: LinkContext): string | undefined {
  const tls = (error as { tlsProblem?: unknown }).tlsProblem;
  const trust = ctx.tls.trustFile;
  if (tls === 'untrusted') {
    return trust === undefined
      ? `set connectorserver.trustStoreFile to a trust store holding IDM's certificate (keytool -importcert -alias openidm-localhost -file idm.cert -keystore security/truststore.pkcs12 -storetype pkcs12)`
      : `import IDM's certificate into ${trust} (keytool -importcert -alias openidm-localhost -file idm.cert -keystore ${trust})`;
  }
  if (tls === 'expired' || tls === 'not-yet-valid')
    return `IDM's certificate must be renewed, then imported into ${trust ?? 'the trust store'}`;
  if (tls === 'hostname') return "use the host name of IDM's certificate in connectorserver.url";
  if (httpStatusOf(error) === 407)
    return 'check connectorserver.proxyPrincipal and connectorserver.proxyPassword';
  return undefined;
}

/** Keeps one URL connected; see the module notes. */
export class UrlLink {
  readonly url: string;
  readonly #ctx: LinkContext;
  readonly #log: Logger;
  #channel: ClientChannel | undefined;
  #failures = 0;
  #stopped = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #housekeeping: NodeJS.Timeout | undefined;
  #lastSocketAttempt = 0;
  readonly #socketSeen = new Map<GroupSocket, number>();
  #connects = 0;

  constructor(url: string, ctx: LinkContext) {
    this.url = url;
    this.#ctx = ctx;
    this.#log = ctx.logger.child({ component: 'client', url: redactUrl(url) });
  }

  /** The current channel, while connected. */
  get channel(): ClientChannel | undefined {
    return this.#channel?.isOpen ? this.#channel : undefined;
  }

  /** Successful connections so far. */
  get connectCount(): number {
    return this.#connects;
  }

  start(): void {
    void this.#connect();
    const interval = this.#ctx.settings.housekeepingIntervalMs;
    this.#housekeeping = setInterval(() => this.#housekeep(), interval);
    this.#housekeeping.unref();
  }

  /** Tells IDM that the connector list changed (see `ServerMode.announceConnectorChange`). Best effort. */
  announceConnectorChange(): void {
    const channel = this.channel;
    if (channel !== undefined) announceOn(channel, this.#log);
  }

  /** Stops reconnecting and closes the channel. An attempt still in progress closes its channel when it ends. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#housekeeping);
    await this.#channel?.close();
  }

  #authentication(): Pick<ConnectOpenIcfOptions, 'principal' | 'password' | 'bearerToken'> {
    const settings = this.#ctx.settings;
    if (this.#ctx.tokens !== undefined) {
      const tokens = this.#ctx.tokens;
      return { principal: settings.principal, bearerToken: () => tokens.token() };
    }
    return { principal: settings.principal, password: settings.password?.reveal() ?? '' };
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    const { settings, config, endpoint } = this.#ctx;
    this.#lastSocketAttempt = Date.now();
    const headers: Record<string, string> = {};
    if (settings.connectorServerName !== undefined)
      headers[SERVER_NAME_HEADER] = settings.connectorServerName;
    if (settings.hostId !== undefined) headers[HOST_ID_HEADER] = settings.hostId;
    try {
      const channel = await connectOpenIcf({
        url: this.url,
        localEndpoint: endpoint,
        ...this.#authentication(),
        sockets: Math.min(settings.webSocketConnections, settings.maxWebSocketConnections, MAX_SOCKETS),
        headers,
        ca: this.#ctx.tls.ca,
        clientKey: this.#ctx.tls.key,
        clientCert: this.#ctx.tls.cert,
        clientKeyPassphrase: this.#ctx.tls.passphrase,
        agent: this.#ctx.proxy?.agent,
        proxyLabel: this.#ctx.proxy?.label,
        logger: this.#ctx.logger.child({ component: 'peer' }),
        pingIntervalMs: config.pingPongIntervalMs,
        housekeepingIntervalMs: config.groupCheckIntervalMs,
      });
      if (this.#stopped) {
        await channel.close();
        return;
      }
      this.#channel = channel;
      this.#failures = 0;
      this.#connects++;
      this.#socketSeen.clear();
      this.#log.info({ sockets: channel.socketCount, peer: channel.peerSessionId }, 'Connected to IDM');
      channel.onClose((reason) => {
        if (this.#channel === channel) this.#channel = undefined;
        if (this.#stopped) return;
        this.#log.warn({ reason: describe(reason) }, 'Connection to IDM lost');
        this.#scheduleRetry();
      });
    } catch (error) {
      if (this.#stopped) return;
      const status = httpStatusOf(error);
      if ((status === 401 || status === 403) && this.#ctx.tokens !== undefined) this.#ctx.tokens.invalidate();
      this.#scheduleRetry(error);
    }
  }

  #scheduleRetry(error?: unknown): void {
    const { settings } = this.#ctx;
    const delay = backoffDelay(
      { baseMs: settings.newConnectionsIntervalMs, capMs: settings.maxReconnectIntervalMs },
      this.#failures,
    );
    this.#failures++;
    const fields = { retryInMs: delay, failures: this.#failures };
    if (error !== undefined) {
      const hint = hintFor(error, this.#ctx);
      this.#log.warn(
        { ...fields, error: describe(error), ...(hint !== undefined ? { fix: hint } : {}) },
        'Cannot connect to IDM',
      );
    } else this.#log.info(fields, 'Reconnecting to IDM');
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => void this.#connect(), delay);
  }

  #housekeep(): void {
    const channel = this.#channel;
    if (this.#stopped || channel === undefined || !channel.isOpen) return;
    const settings = this.#ctx.settings;
    const now = Date.now();
    if (now - this.#lastSocketAttempt < settings.newConnectionsIntervalMs) return;
    const open = channel instanceof ConnectionGroup ? channel.sockets.filter((s) => s.isOpen) : [];
    for (const socket of open) if (!this.#socketSeen.has(socket)) this.#socketSeen.set(socket, now);
    for (const socket of this.#socketSeen.keys()) if (!socket.isOpen) this.#socketSeen.delete(socket);
    const target = Math.min(settings.webSocketConnections, MAX_SOCKETS);
    if (channel.socketCount < target) {
      this.#lastSocketAttempt = now;
      channel.addSocket().then(
        () => this.#log.debug({ sockets: channel.socketCount }, 'socket reopened'),
        (error: unknown) => this.#log.debug({ error: describe(error) }, 'could not reopen a socket'),
      );
      return;
    }
    if (settings.connectionTtlMs <= 0) return;
    const oldest = [...this.#socketSeen.entries()].sort((a, b) => a[1] - b[1])[0];
    if (oldest === undefined || now - oldest[1] < settings.connectionTtlMs) return;
    this.#lastSocketAttempt = now;
    const [old] = oldest;
    channel.addSocket().then(
      () => {
        this.#socketSeen.delete(old);
        this.#log.debug({ socket: old.id }, 'connection TTL reached: socket replaced');
        return old.close(1000, 'Connection TTL reached');
      },
      (error: unknown) => this.#log.debug({ error: describe(error) }, 'could not open a replacement socket'),
    );
  }
}

/** A running client mode: one {@link UrlLink} per URL. */
export class ClientMode {
  readonly kind = 'client';
  readonly links: readonly UrlLink[];
  readonly tokens: OAuth2TokenClient | undefined;

  private constructor(links: UrlLink[], tokens: OAuth2TokenClient | undefined) {
    this.links = links;
    this.tokens = tokens;
  }

  /** Starts dialling every URL (does not wait for the connections); `logger` is the process logger. */
  static async start(config: ServerConfig, endpoint: LocalEndpoint, logger: Logger): Promise<ClientMode> {
    const settings = config.client;
    if (settings === undefined) throw new Error('client mode needs client settings');
    const tls = await clientTls(config);
    const proxy = proxyRoute(settings.proxy);
    const tokens =
      settings.oauth2 === undefined
        ? undefined
        : new OAuth2TokenClient(settings.oauth2, { tls, agent: proxy?.agent, proxyLabel: proxy?.label });
    const ctx: LinkContext = { config, settings, endpoint, logger, tokens, tls, proxy };
    const links = settings.urls.map((url) => new UrlLink(url, ctx));
    for (const link of links) link.start();
    return new ClientMode(links, tokens);
  }

  /** Links currently connected. */
  get connectedCount(): number {
    return this.links.filter((link) => link.channel !== undefined).length;
  }

  /** Tells each connected IDM that the connector list changed (see `announce.ts`). */
  announceConnectorChange(): void {
    for (const link of this.links) link.announceConnectorChange();
  }

  /** Stops reconnecting and closes every channel. */
  async stop(): Promise<void> {
    await Promise.all(this.links.map((link) => link.stop()));
  }
}
