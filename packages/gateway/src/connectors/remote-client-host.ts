/**
 * A `remoteConnectorClients[]` entry: an RCS in client mode. The RCS dials the gateway's `/openicf` endpoint
 * (see `client-acceptor.ts`); each accepted channel whose authenticated principal names this entry is bound
 * here. The most recently opened channel that is still open (and has sent its connector list) serves calls; when it closes, an older open one
 * takes over, and when none is left the host is unavailable until the RCS dials again.
 *
 * @packageDocumentation
 */
import { describeError, type PeerChannel, type PeerLogger } from '@rcskit/transport';
import type { RemoteConnectorClient } from '../config/connector-ref.js';
import {
  ChangeEmitter,
  type ConnectorHost,
  type ConnectorHostStatus,
  describeInfo,
  type HostBinding,
} from './connector-host.js';
import { RemoteBinding } from './remote-binding.js';

/** Settings of a {@link RemoteClientHost}. */
export interface RemoteClientHostOptions {
  readonly logger: PeerLogger;
  /** Least time between two connector-list refreshes asked by {@link RemoteClientHost.requestRefresh} (ms). */
  readonly refreshMinIntervalMs: number;
  /** Wait for a connector list (ms). */
  readonly controlTimeoutMs: number;
}

/** A client-mode RCS; see the module notes. */
export class RemoteClientHost implements ConnectorHost {
  readonly type = 'remoteConnectorClient' as const;
  readonly client: RemoteConnectorClient;
  readonly #options: RemoteClientHostOptions;
  readonly #changes = new ChangeEmitter();
  readonly #bindings: RemoteBinding[] = [];
  #lastClosed: string | undefined;
  #closed = false;

  constructor(client: RemoteConnectorClient, options: RemoteClientHostOptions) {
    this.client = client;
    this.#options = options;
  }

  get name(): string {
    return this.client.name;
  }

  /** Binds a channel the RCS opened (its principal names this client). */
  attach(channel: PeerChannel): void {
    if (this.#closed || !this.client.enabled) {
      void channel.close();
      return;
    }
    const binding = new RemoteBinding(channel);
    this.#bindings.push(binding);
    const log = this.#options.logger;
    log.info({ client: this.name, peer: channel.peerSessionId }, 'connector server (client mode) connected');
    channel.onConnectorInfos(() => this.#changes.emit());
    let closeReason = 'channel closed';
    channel.onClose((reason) => {
      closeReason = reason.message;
    });
    void channel.closed.then(() => {
      const i = this.#bindings.indexOf(binding);
      if (i >= 0) this.#bindings.splice(i, 1);
      binding.dispose();
      this.#lastClosed = closeReason;
      log.info(
        { client: this.name, peer: channel.peerSessionId },
        'connector server (client mode) disconnected',
      );
      this.#changes.emit();
    });
    if (!binding.hasConnectorList) {
      binding
        .refresh(this.#options.controlTimeoutMs)
        .then(() => this.#changes.emit())
        .catch((error: unknown) =>
          log.warn({ client: this.name, error: describeError(error) }, 'cannot read the connector list'),
        );
    }
    this.#changes.emit();
  }

  /** The newest open channel that knows the peer's connectors, else the newest open one. */
  binding(): HostBinding | undefined {
    let newestOpen: RemoteBinding | undefined;
    for (let i = this.#bindings.length - 1; i >= 0; i--) {
      const binding = this.#bindings[i]!;
      if (!binding.isOpen) continue;
      if (binding.hasConnectorList) return binding;
      newestOpen ??= binding;
    }
    return newestOpen;
  }

  unavailableReason(): string {
    if (!this.client.enabled) return `connector server ${this.name} (client mode) is disabled`;
    return `connector server ${this.name} (client mode) is not connected to this gateway${this.#lastClosed ? ` (last connection: ${this.#lastClosed})` : ''}`;
  }

  requestRefresh(): void {
    const binding = this.binding() as RemoteBinding | undefined;
    binding
      ?.refreshThrottled(this.#options.refreshMinIntervalMs, this.#options.controlTimeoutMs)
      .then((refreshed) => {
        if (refreshed) this.#changes.emit();
      })
      .catch(() => {});
  }

  onChange(listener: () => void): () => void {
    return this.#changes.on(listener);
  }

  async status(): Promise<ConnectorHostStatus> {
    const binding = this.binding() as RemoteBinding | undefined;
    const infos = binding ? await binding.connectorInfos() : [];
    return {
      name: this.name,
      type: this.type,
      displayName: this.client.displayName,
      ok: binding !== undefined,
      state: !this.client.enabled ? 'disabled' : binding ? 'connected' : 'waiting',
      ...(binding === undefined ? { error: this.unavailableReason() } : {}),
      ...(binding ? { connectedSince: new Date(binding.since).toISOString() } : {}),
      channels: this.#bindings.filter((b) => b.isOpen).length,
      connectors: infos.map(describeInfo),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    const bindings = this.#bindings.splice(0);
    await Promise.all(
      bindings.map(async (binding) => {
        binding.dispose();
        await binding.channel.close().catch(() => {});
      }),
    );
  }
}
