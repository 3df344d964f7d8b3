/**
 * A {@link HostBinding} over one OpenICF channel (either direction): a `RemoteConnectorInfoManager` follows the
 * peer's connector list (the list it sent when the channel opened, later ControlResponses, and refreshes asked
 * for here), and facades are `RemoteConnectorFacade`s on that channel.
 *
 * A `ControlRequest` from the peer is the cue to re-read its list: an rcskit RCS sends one when a bundle version
 * was installed or retired while it runs, so the next call resolves `connectorRef.bundleVersion` against the new
 * list (docs/bundles.md#upgrades-without-restart). A Java RCS sends one every 4 minutes: one extra round trip.
 *
 * @packageDocumentation
 */
import type { ConnectorInfo } from '@rcskit/core';
import {
  type ConnectorFacadeLike,
  type CreateFacadeOptions,
  type PeerChannel,
  RemoteConnectorInfoManager,
} from '@rcskit/transport';
import type { HostBinding } from './connector-host.js';

/** A binding over one channel; see the module notes. */
export class RemoteBinding implements HostBinding {
  readonly channel: PeerChannel;
  readonly manager: RemoteConnectorInfoManager;
  /** When the channel was bound (epoch ms). */
  readonly since = Date.now();
  #refreshed = false;
  #lastAttempt = 0;
  #refreshing: Promise<void> | undefined;
  readonly #unsubscribe: () => void;

  constructor(channel: PeerChannel) {
    this.channel = channel;
    this.manager = new RemoteConnectorInfoManager(channel);
    this.#unsubscribe = channel.onPeerControlRequest(() => {
      if (this.isOpen) this.refresh().catch(() => {});
    });
  }

  get isOpen(): boolean {
    return this.channel.isOpen;
  }

  /** True once a connector list arrived (with the channel or through a refresh). */
  get hasConnectorList(): boolean {
    return this.channel.peerConnectorInfos !== undefined || this.#refreshed;
  }

  /**
   * The peer's connectors. While the first list is still being fetched, waits for it: a channel that just
   * opened must not look like a host without the connector (a group would skip it).
   */
  async connectorInfos(): Promise<readonly ConnectorInfo[]> {
    if (!this.hasConnectorList && this.#refreshing !== undefined) await this.#refreshing.catch(() => {});
    return this.manager.connectorInfos;
  }

  async createFacade(info: ConnectorInfo, settings: CreateFacadeOptions): Promise<ConnectorFacadeLike> {
    return this.manager.createFacade(info, settings);
  }

  /** Asks the peer for its connectors now. */
  refresh(timeoutMs?: number): Promise<void> {
    this.#refreshing ??= this.manager
      .refresh(timeoutMs === undefined ? {} : { timeoutMs })
      .then(() => {
        this.#refreshed = true;
      })
      .finally(() => {
        this.#refreshing = undefined;
      });
    return this.#refreshing;
  }

  /** Refreshes unless the last refresh is younger than `minIntervalMs`; resolves true when it refreshed. */
  async refreshThrottled(minIntervalMs: number, timeoutMs?: number): Promise<boolean> {
    if (Date.now() - this.#lastAttempt < minIntervalMs || !this.isOpen) return false;
    this.#lastAttempt = Date.now();
    await this.refresh(timeoutMs);
    return true;
  }

  dispose(): void {
    this.#unsubscribe();
    this.manager.dispose();
  }
}
