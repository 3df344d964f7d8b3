/**
 * {@link Systems}: the running systems (`/openidm/system/<name>`), one {@link SystemConnector} per
 * `provisioner.openicf-<name>.json`.
 *
 * The configuration store is the source of truth: every lookup reads the provisioner through `ConfigStore`
 * (which re-reads a file when its modification time or size changed, so PUTs and hand edits both count), and a
 * system whose stored configuration is not the one its SystemConnector was built from is rebuilt — new facades
 * with the new settings. There is nothing to restart.
 *
 * **Sealing secrets.** Which configuration properties are secrets is known only from the connector's metadata
 * (confidential, GuardedString, GuardedByteArray). A configuration stored while its connector was not reachable
 * may therefore hold such values in clear; the first time the connector is found, the file is rewritten with
 * those values encrypted.
 *
 * @packageDocumentation
 */
import type { ConnectorInfo } from '@rcskit/core';
import type { PeerLogger } from '@rcskit/transport';
import type { ConfigStore, StoredProvisioner } from '../config/config-store.js';
import type { ConnectorRef } from '../config/connector-ref.js';
import { type ConfigCrypto, isCryptoEnvelope } from '../config/crypto.js';
import { confidentialPropertyNames, type ProvisionerConfig } from '../config/provisioner.js';
import { InternalServerError, NotFoundError } from '../errors.js';
import { findConnectorInfo } from './connector-host.js';
import type { ConnectorHosts } from './host-registry.js';
import { SystemConnector } from './system-connector.js';

/** Settings of {@link Systems}. */
export interface SystemsOptions {
  readonly configs: ConfigStore;
  readonly hosts: ConnectorHosts;
  readonly crypto: ConfigCrypto;
  readonly logger: PeerLogger;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** See the module notes. */
export class Systems {
  readonly #options: SystemsOptions;
  readonly #running = new Map<string, { json: unknown; system: SystemConnector }>();

  constructor(options: SystemsOptions) {
    this.#options = options;
  }

  /** The stored provisioner of a system, or undefined when there is none. */
  entry(name: string): Promise<StoredProvisioner | undefined> {
    return this.#options.configs.getProvisioner(name);
  }

  /**
   * The running system of that name (rebuilt when its configuration changed).
   *
   * @throws NotFoundError (404) without a configuration; InternalServerError (500) for an invalid one.
   */
  async get(name: string): Promise<SystemConnector> {
    const entry = await this.entry(name);
    if (entry === undefined) {
      this.#running.delete(name);
      throw new NotFoundError(`Not found: system/${name}`);
    }
    return this.fromEntry(entry);
  }

  /** The running system of a stored entry (see {@link get}). */
  fromEntry(entry: StoredProvisioner): SystemConnector {
    if (entry.config === undefined) {
      throw new InternalServerError(
        `The configuration provisioner.openicf/${entry.name} is invalid: ${entry.error}`,
      );
    }
    const running = this.#running.get(entry.name);
    if (running !== undefined && running.json === entry.json) return running.system;
    const json = entry.json;
    const system = new SystemConnector(entry.config, {
      hosts: this.#options.hosts,
      crypto: this.#options.crypto,
      logger: this.#options.logger,
      onResolved: (info) => void this.#seal(entry.name, json, info),
    });
    this.#running.set(entry.name, { json, system });
    return system;
  }

  /** Forgets a system (after its configuration was deleted). */
  forget(name: string): void {
    this.#running.delete(name);
  }

  /**
   * A throw-away system for a configuration that is not stored (`createFullConfig`, `testConfig`): a
   * configuration the connector rejects gives 400.
   */
  temporary(config: ProvisionerConfig): SystemConnector {
    return new SystemConnector(config, {
      hosts: this.#options.hosts,
      crypto: this.#options.crypto,
      logger: this.#options.logger,
      configurationErrorStatus: 400,
    });
  }

  /**
   * The connector a `connectorRef` selects on its host(s) right now (the first usable member of a group), or
   * undefined.
   */
  async findConnector(ref: ConnectorRef): Promise<ConnectorInfo | undefined> {
    const target = this.#options.hosts.target(ref.connectorHostRef);
    if (typeof target === 'string') return undefined;
    for (const host of target.hosts) {
      const binding = host.binding();
      if (binding === undefined) continue;
      const info = findConnectorInfo(await binding.connectorInfos(), ref);
      if (info !== undefined) return info;
      host.requestRefresh();
    }
    return undefined;
  }

  /** Names of the secret configuration properties of the connector `ref` selects, when it can be found. */
  async confidentialNames(ref: ConnectorRef): Promise<string[] | undefined> {
    const info = await this.findConnector(ref);
    return info === undefined ? undefined : confidentialPropertyNames(info);
  }

  async #seal(name: string, json: unknown, info: ConnectorInfo): Promise<void> {
    if (!isObject(json) || !isObject(json.configurationProperties)) return;
    const names = confidentialPropertyNames(info);
    const properties = json.configurationProperties;
    const clear = names.filter((n) => {
      const value = properties[n];
      return value !== undefined && value !== null && !isCryptoEnvelope(value);
    });
    if (clear.length === 0) return;
    try {
      const current = await this.entry(name);
      if (current === undefined || current.json !== json) return; // changed meanwhile: it seals itself
      const stored = await this.#options.configs.putProvisioner(name, json, {
        confidential: names,
        ifUnchanged: current,
      });
      const now = stored.json?.configurationProperties;
      if (!isObject(now) || !clear.every((n) => isCryptoEnvelope(now[n]))) return; // edited meanwhile: left alone
      this.#options.logger.info(
        { system: name, properties: clear },
        'confidential properties encrypted at rest',
      );
    } catch (error) {
      this.#options.logger.warn(
        { system: name, error: error instanceof Error ? error.message : String(error) },
        'cannot encrypt confidential properties at rest',
      );
    }
  }
}
