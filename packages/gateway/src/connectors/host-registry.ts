/**
 * {@link ConnectorHosts}: every connector host of the gateway, built from
 * `provisioner.openicf.connectorinfoprovider.json` (spec framework.md F.10 and the PingIDM seed):
 *
 * - `#LOCAL` (and IDM's OSGi reference): the injected `LocalConnectorProvider`, if any;
 * - one {@link RemoteServerHost} per `remoteConnectorServers[]` entry (dialled, reconnecting);
 * - one {@link RemoteClientHost} per `remoteConnectorClients[]` entry (bound when the RCS dials in);
 * - groups (`remoteConnectorServersGroups[]` / `remoteConnectorClientsGroups[]`, or typed entries) resolved to
 *   their members with the group's algorithm.
 *
 * {@link ConnectorHosts.reload} applies a new configuration immediately: hosts whose entry is unchanged (secrets
 * compared in clear) keep their connections; changed or removed ones are closed (a changed server is dialled
 * again, a changed client's channels are dropped so the RCS reconnects with its new credentials).
 *
 * @packageDocumentation
 */
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { ConnectorInfo } from '@rcskit/core';
import type { LocalConnectorProvider, OpenIcfServer, PeerChannel, PeerLogger } from '@rcskit/transport';
import type { UserStore } from '../auth/users.js';
import {
  type ConnectorInfoProviderModel,
  checkConnectorInfoProvider,
  LOCAL_HOST_REF,
  OSGI_HOST_REF,
} from '../config/connector-ref.js';
import type { ConfigCrypto } from '../config/crypto.js';
import { attachClientEndpoint } from './client-acceptor.js';
import { ChangeEmitter, type ConnectorHost, type ConnectorHostStatus } from './connector-host.js';
import { LocalHost } from './local-host.js';
import { RemoteClientHost } from './remote-client-host.js';
import { type RemoteHostContext, RemoteServerHost } from './remote-server-host.js';

/** How a `connectorHostRef` distributes calls over its hosts. */
export type HostAlgorithm = 'single' | 'failover' | 'roundrobin';

/** What a `connectorHostRef` resolves to. */
export interface HostTarget {
  /** The `connectorHostRef`. */
  readonly name: string;
  readonly algorithm: HostAlgorithm;
  /** The hosts, in configuration order (a group's enabled members). */
  readonly hosts: readonly ConnectorHost[];
}

/** One connector a host advertises, with the `connectorHostRef` that reaches it. */
export interface AvailableConnector {
  readonly info: ConnectorInfo;
  readonly connectorHostRef: string;
}

/** Settings of {@link ConnectorHosts}. */
export interface ConnectorHostsOptions {
  readonly crypto: ConfigCrypto;
  readonly logger: PeerLogger;
  /** The gateway directory. */
  readonly baseDir: string;
  /** Certificates of IDM's trust store (PEM), trusted for `useSSL` servers. */
  readonly trustedCas?: readonly string[] | undefined;
  /** Connectors of `#LOCAL`. */
  readonly localProvider?: LocalConnectorProvider | undefined;
  /** First and longest reconnect delays (ms). Default 1 s and 60 s. */
  readonly reconnect?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number } | undefined;
  /** Least time between connector-list refreshes per host (ms). Default 5 s. */
  readonly refreshMinIntervalMs?: number | undefined;
  /** Connect / first connector-list timeout when a server's `timeout` is 0 (ms). Default 30 s. */
  readonly connectTimeoutMs?: number | undefined;
}

function sameEntry(crypto: ConfigCrypto, a: unknown, b: unknown): boolean {
  try {
    return JSON.stringify(crypto.revealDeep(a)) === JSON.stringify(crypto.revealDeep(b));
  } catch {
    return JSON.stringify(a) === JSON.stringify(b);
  }
}

/** See the module notes. */
export class ConnectorHosts {
  readonly #options: ConnectorHostsOptions;
  readonly #ctx: RemoteHostContext;
  readonly #local: LocalHost;
  readonly #servers = new Map<string, RemoteServerHost>();
  readonly #clients = new Map<string, RemoteClientHost>();
  readonly #changes = new ChangeEmitter();
  readonly #roundRobin = new Map<string, number>();
  readonly #unsubscribe = new Map<ConnectorHost, () => void>();
  #model: ConnectorInfoProviderModel;
  #acceptor: OpenIcfServer | undefined;
  #closed = false;

  constructor(options: ConnectorHostsOptions) {
    this.#options = options;
    this.#ctx = {
      crypto: options.crypto,
      logger: options.logger,
      baseDir: options.baseDir,
      trustedCas: options.trustedCas,
      reconnectInitialDelayMs: options.reconnect?.initialDelayMs ?? 1000,
      reconnectMaxDelayMs: options.reconnect?.maxDelayMs ?? 60_000,
      refreshMinIntervalMs: options.refreshMinIntervalMs ?? 5000,
      connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
    };
    this.#local = new LocalHost(options.localProvider);
    this.#model = checkConnectorInfoProvider({}).model!;
  }

  /** The configuration in effect. */
  get model(): ConnectorInfoProviderModel {
    return this.#model;
  }

  /** Applies a connector-info provider configuration (see the module notes). */
  reload(model: ConnectorInfoProviderModel): void {
    if (this.#closed) return;
    const previous = this.#model;
    this.#model = model;
    const crypto = this.#options.crypto;
    const log = this.#options.logger;
    for (const [name, host] of this.#servers) {
      const entry = model.servers.find((s) => s.name === name);
      if (entry === undefined || !sameEntry(crypto, entry.json, host.server.json)) {
        this.#drop(host);
        this.#servers.delete(name);
      }
    }
    for (const entry of model.servers) {
      if (this.#servers.has(entry.name)) continue;
      const host = new RemoteServerHost(entry, this.#ctx);
      this.#servers.set(entry.name, host);
      this.#watch(host);
      host.start();
    }
    for (const [name, host] of this.#clients) {
      const entry = model.clients.find((c) => c.name === name);
      if (entry === undefined || !sameEntry(crypto, entry.json, host.client.json)) {
        this.#drop(host);
        this.#clients.delete(name);
      }
    }
    for (const entry of model.clients) {
      if (this.#clients.has(entry.name)) continue;
      const host = new RemoteClientHost(entry, {
        logger: log,
        refreshMinIntervalMs: this.#ctx.refreshMinIntervalMs,
        controlTimeoutMs: this.#ctx.connectTimeoutMs,
      });
      this.#clients.set(entry.name, host);
      this.#watch(host);
    }
    for (const warning of model.warnings) log.warn({ warning }, 'connector-info provider configuration');
    if (previous !== model) this.#changes.emit();
  }

  #watch(host: ConnectorHost): void {
    this.#unsubscribe.set(
      host,
      host.onChange(() => this.#changes.emit()),
    );
  }

  #drop(host: ConnectorHost): void {
    this.#unsubscribe.get(host)?.();
    this.#unsubscribe.delete(host);
    void host.close();
  }

  /** The host of that exact name (`#LOCAL`, a server or a client). */
  host(name: string): ConnectorHost | undefined {
    if (name === LOCAL_HOST_REF || name === OSGI_HOST_REF) return this.#local;
    return this.#servers.get(name) ?? this.#clients.get(name);
  }

  /**
   * What a `connectorHostRef` reaches: one host, or a group's enabled members with its algorithm. Returns the
   * reason as a string when nothing of that name is configured.
   */
  target(hostRef: string): HostTarget | string {
    const single = this.host(hostRef);
    if (single !== undefined) return { name: hostRef, algorithm: 'single', hosts: [single] };
    const group = this.#model.groups.find((g) => g.name === hostRef);
    if (group === undefined) {
      return `no connector server, client or group named '${hostRef}' is configured in provisioner.openicf.connectorinfoprovider`;
    }
    const pool: ReadonlyMap<string, RemoteServerHost | RemoteClientHost> =
      group.kind === 'serverGroup' ? this.#servers : this.#clients;
    const hosts = group.members
      .map((name) => pool.get(name))
      .filter((h): h is RemoteServerHost | RemoteClientHost => {
        if (h === undefined) return false;
        return h instanceof RemoteServerHost ? h.server.enabled : h.client.enabled;
      });
    return { name: hostRef, algorithm: group.algorithm, hosts };
  }

  /** The next round-robin start index of a group (rotates per call). */
  nextRoundRobin(groupName: string): number {
    const n = this.#roundRobin.get(groupName) ?? 0;
    this.#roundRobin.set(groupName, n + 1);
    return n;
  }

  /**
   * Every connector the reachable hosts advertise: local first, then each connected server and client in
   * configuration order, then each group (its members' connectors, once each). Unreachable hosts are skipped.
   */
  async availableConnectors(): Promise<AvailableConnector[]> {
    const out: AvailableConnector[] = [];
    const infosOf = async (host: ConnectorHost): Promise<readonly ConnectorInfo[]> => {
      const binding = host.binding();
      if (binding === undefined) return [];
      try {
        return await binding.connectorInfos();
      } catch (error) {
        this.#options.logger.warn(
          { host: host.name, error: String(error) },
          'cannot list the connectors of a host',
        );
        return [];
      }
    };
    const add = async (host: ConnectorHost, hostRef: string) => {
      for (const info of await infosOf(host)) out.push({ info, connectorHostRef: hostRef });
    };
    await add(this.#local, LOCAL_HOST_REF);
    for (const entry of this.#model.servers) {
      const host = this.#servers.get(entry.name);
      if (host) await add(host, entry.name);
    }
    for (const entry of this.#model.clients) {
      const host = this.#clients.get(entry.name);
      if (host) await add(host, entry.name);
    }
    for (const group of this.#model.groups) {
      const target = this.target(group.name);
      if (typeof target === 'string') continue;
      const seen = new Set<string>();
      for (const host of target.hosts) {
        for (const info of await infosOf(host)) {
          const key = info.connectorKey.hashKey;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ info, connectorHostRef: group.name });
        }
      }
    }
    return out;
  }

  /** The status of every host: `#LOCAL`, then servers, then clients. */
  async statuses(): Promise<ConnectorHostStatus[]> {
    const hosts: ConnectorHost[] = [this.#local, ...this.#servers.values(), ...this.#clients.values()];
    return Promise.all(hosts.map((h) => h.status()));
  }

  /** Calls `listener` whenever a host connects, disconnects, changes its connector list, or the config changes. */
  onChange(listener: () => void): () => void {
    return this.#changes.on(listener);
  }

  /** Binds a channel an RCS in client mode opened (its principal is the client's name). */
  acceptChannel(channel: PeerChannel): void {
    const host = this.#clients.get(channel.principal);
    if (host === undefined) {
      this.#options.logger.warn({ principal: channel.principal }, 'channel for an unknown client closed');
      void channel.close();
      return;
    }
    host.attach(channel);
  }

  /** Starts accepting RCSs in client mode on `/openicf` of the gateway's server. */
  attach(server: HttpServer | HttpsServer, users?: UserStore): OpenIcfServer {
    this.#acceptor = attachClientEndpoint({
      server,
      model: () => this.#model,
      crypto: this.#options.crypto,
      users,
      logger: this.#options.logger,
      onChannel: (channel) => this.acceptChannel(channel),
    });
    return this.#acceptor;
  }

  /** Closes every connection and stops reconnecting. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#acceptor?.close();
    const hosts = [...this.#servers.values(), ...this.#clients.values()];
    for (const unsubscribe of this.#unsubscribe.values()) unsubscribe();
    this.#unsubscribe.clear();
    this.#servers.clear();
    this.#clients.clear();
    await Promise.all(hosts.map((h) => h.close()));
    await this.#local.close();
  }
}
