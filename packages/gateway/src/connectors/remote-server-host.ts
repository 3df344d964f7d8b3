/**
 * A `remoteConnectorServers[]` entry: an RCS in server mode that the gateway dials.
 *
 * - URL `ws://host:port/openicf`, or `wss://` with `useSSL: true`. TLS trust: the gateway's trust store (IDM's,
 *   PKCS12/JKS/PEM) or else Node's store, plus `ca` (PEM text) or `caFile` (PEM file, relative to the gateway
 *   directory); `rejectUnauthorized` (default true) and
 *   `servername` (SNI / certificate name) are honoured.
 * - Authentication: HTTP Basic `principal` (default `anonymous`) : `key` — the key is decrypted only for the
 *   attempt and kept guarded by the transport.
 * - `timeout` (ms, 0 = default 30 s) bounds the WebSocket upgrade and the first connector-list request;
 *   `webSocketConnections` (default 1, at most 10) sockets are opened into one channel; `pingPongInterval` and
 *   `housekeepingInterval` (seconds) set WebSocket pings and the channel's periodic ControlRequest.
 * - `protocol` other than `websocket` names OpenICF's legacy 1.4 protocol, which rcskit does not speak: the host
 *   stays `unsupported`. A disabled entry (`enabled: false`) is never dialled.
 * - **Reconnect:** a failed attempt or a closed channel schedules the next attempt after an exponential,
 *   jittered backoff (`reconnect.initialDelayMs` doubling up to `reconnect.maxDelayMs`); success resets it.
 * - While connected, a {@link RemoteBinding} follows the server's connector list; {@link requestRefresh} asks
 *   again (throttled), so a connector deployed on the server later is found without reconnecting.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { ClientEndpoint, connectOpenIcf, describeError, type PeerLogger } from '@rcskit/transport';
import type { RemoteConnectorServer } from '../config/connector-ref.js';
import type { ConfigCrypto } from '../config/crypto.js';
import {
  backoffDelay,
  ChangeEmitter,
  type ConnectorHost,
  type ConnectorHostStatus,
  describeInfo,
  type HostBinding,
  type HostState,
} from './connector-host.js';
import { RemoteBinding } from './remote-binding.js';

/** What remote hosts share: secrets, logging, paths and timing. */
export interface RemoteHostContext {
  readonly crypto: ConfigCrypto;
  readonly logger: PeerLogger;
  /** The gateway directory (relative `caFile`s are resolved against it). */
  readonly baseDir: string;
  /** IDM's trust store certificates (PEM): trusted for `useSSL` entries instead of Node's defaults. */
  readonly trustedCas?: readonly string[] | undefined;
  /** First reconnect delay (ms). */
  readonly reconnectInitialDelayMs: number;
  /** Longest reconnect delay (ms). */
  readonly reconnectMaxDelayMs: number;
  /** Least time between two connector-list refreshes asked by {@link ConnectorHost.requestRefresh} (ms). */
  readonly refreshMinIntervalMs: number;
  /** Upgrade / first ControlRequest timeout when the entry's `timeout` is 0 (ms). */
  readonly connectTimeoutMs: number;
}

function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The URL a server entry is dialled at. */
export function connectorServerUrl(server: RemoteConnectorServer): string {
  const host = server.host.includes(':') && !server.host.startsWith('[') ? `[${server.host}]` : server.host;
  return `${server.useSSL ? 'wss' : 'ws'}://${host}:${server.port}/openicf`;
}

/** A dialled connector server; see the module notes. */
export class RemoteServerHost implements ConnectorHost {
  readonly type = 'remoteConnectorServer' as const;
  readonly server: RemoteConnectorServer;
  readonly url: string;
  readonly #ctx: RemoteHostContext;
  readonly #changes = new ChangeEmitter();
  #state: HostState;
  #binding: RemoteBinding | undefined;
  #lastError: string | undefined;
  #failures = 0;
  #timer: NodeJS.Timeout | undefined;
  #nextAttemptAt: number | undefined;
  #closed = false;

  constructor(server: RemoteConnectorServer, ctx: RemoteHostContext) {
    this.server = server;
    this.url = connectorServerUrl(server);
    this.#ctx = ctx;
    if (!server.enabled) this.#state = 'disabled';
    else if (server.protocol.toLowerCase() !== 'websocket') {
      this.#state = 'unsupported';
      this.#lastError = `protocol '${server.protocol}' (OpenICF 1.4) is not supported: use "protocol": "websocket"`;
    } else this.#state = 'waiting';
  }

  get name(): string {
    return this.server.name;
  }

  /** Starts dialling (no-op for disabled or unsupported entries). */
  start(): void {
    if (this.#state === 'waiting') this.#connectSoon(0);
  }

  binding(): HostBinding | undefined {
    return this.#binding?.isOpen ? this.#binding : undefined;
  }

  unavailableReason(): string {
    switch (this.#state) {
      case 'disabled':
        return `connector server ${this.name} is disabled`;
      case 'unsupported':
        return `connector server ${this.name}: ${this.#lastError}`;
      case 'connected':
        return `connector server ${this.name} is not connected`;
      default:
        return `connector server ${this.name} (${this.url}) is not connected${this.#lastError ? `: ${this.#lastError}` : ''}`;
    }
  }

  requestRefresh(): void {
    const binding = this.#binding;
    if (binding === undefined) return;
    binding
      .refreshThrottled(this.#ctx.refreshMinIntervalMs, this.#timeoutMs())
      .then((refreshed) => {
        if (refreshed) this.#changes.emit();
      })
      .catch((error: unknown) =>
        this.#ctx.logger.debug(
          { server: this.name, error: describeError(error) },
          'connector list refresh failed',
        ),
      );
  }

  onChange(listener: () => void): () => void {
    return this.#changes.on(listener);
  }

  async status(): Promise<ConnectorHostStatus> {
    const binding = this.binding();
    const infos = binding ? await binding.connectorInfos() : [];
    const status: ConnectorHostStatus = {
      name: this.name,
      type: this.type,
      displayName: this.server.displayName,
      ok: binding !== undefined,
      state: binding !== undefined ? 'connected' : this.#state,
      url: this.url,
      connectors: infos.map(describeInfo),
      failures: this.#failures,
    };
    return {
      ...status,
      ...(binding === undefined ? { error: this.unavailableReason() } : {}),
      ...(this.#binding && binding ? { connectedSince: new Date(this.#binding.since).toISOString() } : {}),
      ...(this.#nextAttemptAt !== undefined && binding === undefined
        ? { nextAttemptAt: new Date(this.#nextAttemptAt).toISOString() }
        : {}),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    // An attempt in progress is not awaited (a connect may take its whole timeout): it sees #closed and closes
    // what it opened.
    const binding = this.#binding;
    this.#binding = undefined;
    if (binding !== undefined) {
      binding.dispose();
      await binding.channel.close().catch(() => {});
    }
  }

  #timeoutMs(): number {
    return this.server.timeout > 0 ? this.server.timeout : this.#ctx.connectTimeoutMs;
  }

  #connectSoon(delayMs: number): void {
    if (this.#closed) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#nextAttemptAt = Date.now() + delayMs;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#nextAttemptAt = undefined;
      void this.#connect();
    }, delayMs);
    this.#timer.unref?.();
  }

  async #tlsOptions(): Promise<{
    ca?: Array<Buffer | string>;
    rejectUnauthorized?: boolean;
    servername?: string;
  }> {
    const json = this.server.json;
    const out: { ca?: Array<Buffer | string>; rejectUnauthorized?: boolean; servername?: string } = {};
    const ca: Array<Buffer | string> = [...(this.#ctx.trustedCas ?? [])];
    if (typeof json.ca === 'string' && json.ca.trim() !== '') ca.push(json.ca);
    else if (typeof json.caFile === 'string' && json.caFile.trim() !== '') {
      const file = isAbsolute(json.caFile) ? json.caFile : join(this.#ctx.baseDir, json.caFile);
      ca.push(await readFile(file));
    }
    if (ca.length > 0) out.ca = ca;
    if (typeof json.rejectUnauthorized === 'boolean') out.rejectUnauthorized = json.rejectUnauthorized;
    if (typeof json.servername === 'string' && json.servername !== '') out.servername = json.servername;
    return out;
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    this.#state = 'connecting';
    const log = this.#ctx.logger;
    const json = this.server.json;
    try {
      const key = this.#ctx.crypto.reveal(this.server.key);
      if (typeof key !== 'string' || key === '') throw new Error('the key is not a non-empty string');
      const sockets = Math.min(positiveInt(json.webSocketConnections) ?? 1, 10);
      const ping = positiveInt(json.pingPongInterval);
      const housekeeping = positiveInt(json.housekeepingInterval);
      const timeoutMs = this.#timeoutMs();
      const channel = await connectOpenIcf({
        url: this.url,
        key,
        principal: typeof json.principal === 'string' && json.principal !== '' ? json.principal : undefined,
        localEndpoint: new ClientEndpoint(),
        sockets,
        connectTimeoutMs: timeoutMs,
        handshakeTimeoutMs: timeoutMs,
        logger: log,
        ...(ping !== undefined ? { pingIntervalMs: ping * 1000 } : {}),
        ...(housekeeping !== undefined ? { housekeepingIntervalMs: housekeeping * 1000 } : {}),
        ...(this.server.useSSL ? await this.#tlsOptions() : {}),
      });
      if (this.#closed) {
        await channel.close();
        return;
      }
      const binding = new RemoteBinding(channel);
      try {
        if (!binding.hasConnectorList) await binding.refresh(timeoutMs);
      } catch (error) {
        binding.dispose();
        await channel.close().catch(() => {});
        throw error;
      }
      if (this.#closed) {
        binding.dispose();
        await channel.close();
        return;
      }
      this.#binding = binding;
      this.#state = 'connected';
      this.#failures = 0;
      this.#lastError = undefined;
      channel.onConnectorInfos(() => this.#changes.emit());
      let closeReason = 'channel closed';
      channel.onClose((reason) => {
        closeReason = reason.message;
      });
      // `closed` also settles for a channel that closed before this point (onClose would never fire then).
      void channel.closed.then(() => {
        if (this.#binding !== binding) return;
        binding.dispose();
        this.#binding = undefined;
        this.#lastError = `connection lost: ${closeReason}`;
        this.#state = 'disconnected';
        log.warn({ server: this.name, url: this.url }, 'connector server connection lost');
        this.#changes.emit();
        this.#failures = 1;
        this.#connectSoon(backoffDelay(1, this.#ctx.reconnectInitialDelayMs, this.#ctx.reconnectMaxDelayMs));
      });
      log.info(
        { server: this.name, url: this.url, connectors: binding.manager.connectorInfos.length },
        'connector server connected',
      );
      this.#changes.emit();
    } catch (error) {
      if (this.#closed) return;
      this.#failures++;
      this.#lastError = error instanceof Error ? error.message : String(error);
      this.#state = 'disconnected';
      const delay = backoffDelay(
        this.#failures,
        this.#ctx.reconnectInitialDelayMs,
        this.#ctx.reconnectMaxDelayMs,
      );
      log.warn(
        {
          server: this.name,
          url: this.url,
          failures: this.#failures,
          retryInMs: delay,
          error: this.#lastError,
        },
        'cannot connect to connector server',
      );
      this.#changes.emit();
      this.#connectSoon(delay);
    }
  }
}
