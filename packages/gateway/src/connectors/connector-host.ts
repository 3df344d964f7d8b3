/**
 * The connector-server layer's common vocabulary: a {@link ConnectorHost} is one place connectors run —
 *
 * - `#LOCAL`: an injected `LocalConnectorProvider` (e.g. an RCS runtime's registry used in-process);
 * - a `remoteConnectorServer`: an RCS in server mode that the gateway dials (`ws[s]://host:port/openicf`);
 * - a `remoteConnectorClient`: an RCS in client mode that dials into the gateway's own `/openicf` endpoint.
 *
 * A host offers a {@link HostBinding} while it can be used: the connectors it advertises and a way to build
 * facades for them. A binding belongs to one connection: when the connection is replaced (reconnect, an RCS
 * rejoining) the host hands out a new binding, so facades built on the old one are dropped by their users.
 *
 * Connector lookup ({@link findConnectorInfo}) follows `connectorRef`: bundle name and connector name must match,
 * `bundleVersion` is an exact version (an advertised version with exactly that text wins), an OpenICF interval
 * (`[1.5.0.0,1.6.0.0)`) or an npm semver range (`^1.5.0`); among several matches the **newest** version wins.
 *
 * @packageDocumentation
 */
import {
  ConnectionBrokenException,
  ConnectionFailedException,
  type ConnectorInfo,
  pickHighestVersion,
  type VersionSpec,
} from '@rcskit/core';
import type { ConnectorFacadeLike, CreateFacadeOptions } from '@rcskit/transport';

/** The kinds of hosts, named as IDM names the connector-server types. */
export type ConnectorHostType = 'local' | 'remoteConnectorServer' | 'remoteConnectorClient';

/** What a host offers while it is usable: its connectors and facades for them, over one connection. */
export interface HostBinding {
  /** False once the connection behind this binding is gone (a call that failed then may go elsewhere). */
  readonly isOpen: boolean;
  /** The connectors advertised over this binding. */
  connectorInfos(): Promise<readonly ConnectorInfo[]>;
  /** A facade for one of {@link connectorInfos} with the provisioner's settings applied. */
  createFacade(info: ConnectorInfo, settings: CreateFacadeOptions): Promise<ConnectorFacadeLike>;
}

/** Connection state of a host. */
export type HostState = 'connected' | 'connecting' | 'disconnected' | 'waiting' | 'disabled' | 'unsupported';

/** What `/openidm/system?_action=testConnectorServers` (and logs) report about a host. */
export interface ConnectorHostStatus {
  readonly name: string;
  readonly type: ConnectorHostType;
  readonly displayName?: string | undefined;
  /** True while the host can serve calls. */
  readonly ok: boolean;
  readonly state: HostState;
  /** Why it cannot (when `ok` is false). */
  readonly error?: string | undefined;
  /** `ws[s]://…/openicf` of a dialled server. */
  readonly url?: string | undefined;
  /** ISO time the current connection was established. */
  readonly connectedSince?: string | undefined;
  /** Consecutive failed connection attempts. */
  readonly failures?: number | undefined;
  /** ISO time of the next connection attempt. */
  readonly nextAttemptAt?: string | undefined;
  /** Open channels of a client-mode RCS. */
  readonly channels?: number | undefined;
  /** `bundleName:bundleVersion:connectorName` of each advertised connector. */
  readonly connectors: readonly string[];
}

/** One place connectors run; see the module notes. */
export interface ConnectorHost {
  /** The name `connectorRef.connectorHostRef` uses (`#LOCAL` for local connectors). */
  readonly name: string;
  readonly type: ConnectorHostType;
  /** The binding to use now, or undefined while the host is not usable. */
  binding(): HostBinding | undefined;
  /** Why {@link binding} is undefined. */
  unavailableReason(): string;
  /**
   * Asks the host to re-read its connector list soon (a provisioner did not find its connector there). Hosts
   * throttle this.
   */
  requestRefresh(): void;
  /** Calls `listener` when the host's availability or connector list changes; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
  status(): Promise<ConnectorHostStatus>;
  /** Stops the host (closes connections, cancels reconnects). */
  close(): Promise<void>;
}

/** A small listener set. */
export class ChangeEmitter {
  readonly #listeners = new Set<() => void>();

  on(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch {
        // A listener's failure must not stop the others.
      }
    }
  }
}

/** The part of a `connectorRef` that names a connector. */
export interface ConnectorCoordinates {
  readonly bundleName: string;
  readonly bundleVersion: string;
  readonly versionSpec?: VersionSpec | undefined;
  readonly connectorName: string;
}

/** `bundleName:bundleVersion:connectorName`, for messages. */
export function describeConnector(ref: ConnectorCoordinates): string {
  return `${ref.bundleName}:${ref.bundleVersion}:${ref.connectorName}`;
}

/** `bundleName:bundleVersion:connectorName` of an advertised connector. */
export function describeInfo(info: ConnectorInfo): string {
  const key = info.connectorKey;
  return `${key.bundleName}:${key.bundleVersion}:${key.connectorName}`;
}

/**
 * The advertised connector a `connectorRef` selects (see the module notes), or undefined. An invalid version
 * range selects nothing.
 */
export function findConnectorInfo(
  infos: readonly ConnectorInfo[],
  ref: ConnectorCoordinates,
): ConnectorInfo | undefined {
  const candidates = infos.filter(
    (info) =>
      info.connectorKey.bundleName === ref.bundleName &&
      info.connectorKey.connectorName === ref.connectorName,
  );
  if (candidates.length === 0) return undefined;
  const text = ref.bundleVersion.trim();
  const exact = candidates.find((info) => info.connectorKey.bundleVersion === text);
  if (exact !== undefined) return exact;
  let chosen: string | undefined;
  try {
    chosen = pickHighestVersion(
      candidates.map((info) => info.connectorKey.bundleVersion),
      ref.versionSpec ?? text,
    );
  } catch {
    return undefined;
  }
  return chosen === undefined ? undefined : candidates.find((i) => i.connectorKey.bundleVersion === chosen);
}

/**
 * True when a call failed because the connection of `binding` failed (so it may be retried on another
 * server): a ConnectionBroken/ConnectionFailed exception **and** the binding's connection is gone. A connector
 * reporting its own resource's connection problem keeps its binding open and is not retried.
 */
export function isConnectionFailure(error: unknown, binding: HostBinding): boolean {
  return (
    (error instanceof ConnectionBrokenException || error instanceof ConnectionFailedException) &&
    !binding.isOpen
  );
}

/** Delay before reconnect attempt number `failures` (1-based): exponential from `initialMs`, capped, jittered. */
export function backoffDelay(failures: number, initialMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const base = Math.min(maxMs, initialMs * 2 ** exponent);
  return Math.round(base * (0.75 + Math.random() * 0.25));
}
