/**
 * {@link SystemConnector}: the connector of one provisioner (`/openidm/system/<name>`), reached through its
 * `connectorRef.connectorHostRef` — `#LOCAL`, one connector server, or a group.
 *
 * **Resolution happens per call.** Each call looks at the target's hosts as they are now: a host must be usable
 * (connected) and advertise a connector matching `connectorRef` (newest version in range). So a connector that
 * is not available yet makes calls fail with 503 (and `test` report `ok: false` with the reason) until a server
 * connects or deploys it; nothing has to be restarted. A host that is connected but lacks the connector is asked
 * to refresh its connector list (throttled).
 *
 * **Facades** are built from the provisioner configuration with `connectorSettings` (secrets decrypted only
 * then) and cached per host binding (i.e. per connection) and connector version; a configuration change creates
 * a new SystemConnector, hence new facades.
 *
 * **Groups.** `failover`: calls go to the first usable member in list order. `roundrobin`: the start member
 * rotates with every call. When a call fails because the member's **connection** failed (ConnectionBroken /
 * ConnectionFailed and the channel is gone), it is retried **once** on the next usable member — but only for
 * operations without side effects on the resource:
 *
 * | Retried | Not retried (the first attempt may have been applied) |
 * |---|---|
 * | get, search and sync (only while no result was handed out yet), schema, test, validate, getLatestSyncToken, resolveUsername, authenticate | create, update, addAttributeValues, removeAttributeValues, delete, runScriptOnConnector, runScriptOnResource |
 *
 * @packageDocumentation
 */
import type {
  ApiOperation,
  Attribute,
  ConnectorInfo,
  ConnectorObject,
  Filter,
  GuardedString,
  ObjectClass,
  Schema,
  ScriptContext,
  SearchResult,
  SyncDelta,
  SyncToken,
  Uid,
} from '@rcskit/core';
import type {
  ConnectorFacade,
  ConnectorFacadeLike,
  OperationOptionsArg,
  PeerLogger,
  SearchResultsHandler,
  SyncResultsHandler,
} from '@rcskit/transport';
import { LOCAL_HOST_REF } from '../config/connector-ref.js';
import type { ConfigCrypto } from '../config/crypto.js';
import { connectorSettings, type ProvisionerConfig } from '../config/provisioner.js';
import { connectorNotAvailable, ResourceError, ServiceUnavailableError } from '../errors.js';
import {
  type ConnectorHost,
  describeConnector,
  findConnectorInfo,
  type HostBinding,
  isConnectionFailure,
} from './connector-host.js';
import type { ConnectorHosts } from './host-registry.js';

/** A host that can serve the system now, with the connector version it offers. */
export interface Candidate {
  readonly host: ConnectorHost;
  readonly binding: HostBinding;
  readonly info: ConnectorInfo;
}

/** The outcome of {@link SystemConnector.resolve}. */
export type Resolution =
  | { readonly ok: true; readonly info: ConnectorInfo; readonly candidates: readonly Candidate[] }
  | { readonly ok: false; readonly reason: string };

/** Settings of a {@link SystemConnector}. */
export interface SystemConnectorOptions {
  readonly hosts: ConnectorHosts;
  readonly crypto: ConfigCrypto;
  readonly logger: PeerLogger;
  /** Called the first time the connector is found (e.g. to encrypt its confidential properties at rest). */
  readonly onResolved?: ((info: ConnectorInfo) => void) | undefined;
  /** HTTP status when the configuration cannot be applied to the connector. Default 500. */
  readonly configurationErrorStatus?: number | undefined;
}

/** True when a connector supports an API operation (GetApiOp comes with SearchApiOp, ValidateApiOp always). */
export function supportsOperation(info: ConnectorInfo, operation: ApiOperation): boolean {
  const supported = info.defaultApiConfiguration.supportedOperations;
  if (supported.has(operation)) return true;
  if (operation === 'ValidateApiOp') return true;
  return operation === 'GetApiOp' && supported.has('SearchApiOp');
}

function hostLabel(host: ConnectorHost): string {
  return host.name === LOCAL_HOST_REF ? 'the local connector provider' : `connector server ${host.name}`;
}

/** See the module notes. */
export class SystemConnector {
  readonly config: ProvisionerConfig;
  /** Every API operation, routed to a usable host per call. */
  readonly facade: ConnectorFacade;
  readonly #options: SystemConnectorOptions;
  readonly #facades = new WeakMap<HostBinding, Map<string, Promise<ConnectorFacadeLike>>>();
  #resolvedOnce = false;

  constructor(config: ProvisionerConfig, options: SystemConnectorOptions) {
    this.config = config;
    this.#options = options;
    this.facade = new RoutedFacade(this);
  }

  get name(): string {
    return this.config.name;
  }

  /**
   * The hosts that can serve the system now, in the order calls should try them (`rotate`: advance a
   * round-robin group), or why there are none.
   */
  async resolve(rotate = false): Promise<Resolution> {
    const config = this.config;
    if (!config.enabled) return { ok: false, reason: `system/${config.name} is disabled ("enabled": false)` };
    const ref = config.connectorRef;
    const target = this.#options.hosts.target(ref.connectorHostRef);
    if (typeof target === 'string') return { ok: false, reason: target };
    let hosts = target.hosts;
    if (hosts.length === 0) return { ok: false, reason: `group ${target.name} has no enabled member` };
    if (target.algorithm === 'roundrobin' && rotate) {
      const start = this.#options.hosts.nextRoundRobin(target.name) % hosts.length;
      hosts = [...hosts.slice(start), ...hosts.slice(0, start)];
    }
    const candidates: Candidate[] = [];
    const reasons: string[] = [];
    for (const host of hosts) {
      const binding = host.binding();
      if (binding === undefined) {
        reasons.push(host.unavailableReason());
        continue;
      }
      const info = findConnectorInfo(await binding.connectorInfos(), ref);
      if (info === undefined) {
        host.requestRefresh();
        reasons.push(`${hostLabel(host)} does not offer connector ${describeConnector(ref)}`);
        continue;
      }
      candidates.push({ host, binding, info });
    }
    const first = candidates[0];
    if (first === undefined) return { ok: false, reason: reasons.join('; ') };
    if (!this.#resolvedOnce) {
      this.#resolvedOnce = true;
      try {
        this.#options.onResolved?.(first.info);
      } catch (error) {
        this.#options.logger.warn({ system: config.name, error: String(error) }, 'onResolved failed');
      }
    }
    return { ok: true, info: first.info, candidates };
  }

  /**
   * Like {@link resolve}, but throws the 503 of an unavailable connector.
   *
   * @throws ServiceUnavailableError `The connector of system/<name> is not available: <reason>`.
   */
  async require(rotate = false): Promise<{ info: ConnectorInfo; candidates: readonly Candidate[] }> {
    const resolution = await this.resolve(rotate);
    if (!resolution.ok) {
      throw new ServiceUnavailableError(
        `${connectorNotAvailable(this.config.name).message}: ${resolution.reason}`,
      );
    }
    return resolution;
  }

  /** The (cached) facade of a candidate. */
  facadeOf(candidate: Candidate): Promise<ConnectorFacadeLike> {
    let perBinding = this.#facades.get(candidate.binding);
    if (perBinding === undefined) {
      perBinding = new Map();
      this.#facades.set(candidate.binding, perBinding);
    }
    const key = candidate.info.connectorKey.hashKey;
    let facade = perBinding.get(key);
    if (facade === undefined) {
      facade = this.#createFacade(candidate);
      perBinding.set(key, facade);
      const map = perBinding;
      facade.catch(() => map.delete(key));
    }
    return facade;
  }

  async #createFacade(candidate: Candidate): Promise<ConnectorFacadeLike> {
    try {
      return await candidate.binding.createFacade(
        candidate.info,
        connectorSettings(this.config, this.#options.crypto),
      );
    } catch (error) {
      if (error instanceof ResourceError) throw error;
      throw new ResourceError(
        this.#options.configurationErrorStatus ?? 500,
        `The configuration of system/${this.config.name} cannot be applied to connector ${describeConnector(this.config.connectorRef)}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  /** Runs one call on the first candidate, retrying once on the next one as the module notes describe. */
  async call<T>(
    retryable: boolean,
    run: (facade: ConnectorFacadeLike) => Promise<T>,
    progress?: { delivered: boolean },
  ): Promise<T> {
    const { candidates } = await this.require(true);
    const first = candidates[0]!;
    try {
      return await run(await this.facadeOf(first));
    } catch (error) {
      const next = candidates[1];
      if (
        !retryable ||
        next === undefined ||
        progress?.delivered ||
        !isConnectionFailure(error, first.binding)
      ) {
        throw error;
      }
      this.#options.logger.warn(
        { system: this.config.name, failed: first.host.name, retry: next.host.name },
        'connection to the connector server failed; retrying on the next server of the group',
      );
      return run(await this.facadeOf(next));
    }
  }
}

/** The {@link ConnectorFacade} of a {@link SystemConnector}: every call is routed by {@link SystemConnector.call}. */
class RoutedFacade implements ConnectorFacade {
  readonly #system: SystemConnector;

  constructor(system: SystemConnector) {
    this.#system = system;
  }

  create(
    objectClass: ObjectClass,
    createAttributes: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    const attributes = [...createAttributes];
    return this.#system.call(false, (f) => f.create(objectClass, attributes, options, signal));
  }

  update(
    objectClass: ObjectClass,
    uid: Uid,
    replaceAttributes: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    const attributes = [...replaceAttributes];
    return this.#system.call(false, (f) => f.update(objectClass, uid, attributes, options, signal));
  }

  addAttributeValues(
    objectClass: ObjectClass,
    uid: Uid,
    valuesToAdd: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    const attributes = [...valuesToAdd];
    return this.#system.call(false, (f) =>
      f.addAttributeValues(objectClass, uid, attributes, options, signal),
    );
  }

  removeAttributeValues(
    objectClass: ObjectClass,
    uid: Uid,
    valuesToRemove: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    const attributes = [...valuesToRemove];
    return this.#system.call(false, (f) =>
      f.removeAttributeValues(objectClass, uid, attributes, options, signal),
    );
  }

  delete(
    objectClass: ObjectClass,
    uid: Uid,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<void> {
    return this.#system.call(false, (f) => f.delete(objectClass, uid, options, signal));
  }

  getObject(
    objectClass: ObjectClass,
    uid: Uid,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<ConnectorObject | null> {
    return this.#system.call(true, (f) => f.getObject(objectClass, uid, options, signal));
  }

  search(
    objectClass: ObjectClass,
    filter: Filter | null | undefined,
    handler: SearchResultsHandler,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<SearchResult | null> {
    const progress = { delivered: false };
    const counting: SearchResultsHandler = (object) => {
      progress.delivered = true;
      return handler(object);
    };
    return this.#system.call(true, (f) => f.search(objectClass, filter, counting, options, signal), progress);
  }

  sync(
    objectClass: ObjectClass,
    token: SyncToken,
    handler: SyncResultsHandler,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<SyncToken | null> {
    const progress = { delivered: false };
    const counting: SyncResultsHandler = (delta: SyncDelta) => {
      progress.delivered = true;
      return handler(delta);
    };
    return this.#system.call(true, (f) => f.sync(objectClass, token, counting, options, signal), progress);
  }

  getLatestSyncToken(objectClass: ObjectClass, signal?: AbortSignal): Promise<SyncToken | null> {
    return this.#system.call(true, (f) => f.getLatestSyncToken(objectClass, signal));
  }

  schema(signal?: AbortSignal): Promise<Schema | null> {
    return this.#system.call(true, (f) => f.schema(signal));
  }

  test(signal?: AbortSignal): Promise<void> {
    return this.#system.call(true, (f) => f.test(signal));
  }

  validate(signal?: AbortSignal): Promise<void> {
    return this.#system.call(true, (f) => f.validate(signal));
  }

  authenticate(
    objectClass: ObjectClass,
    username: string,
    password: GuardedString,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    return this.#system.call(true, (f) => f.authenticate(objectClass, username, password, options, signal));
  }

  resolveUsername(
    objectClass: ObjectClass,
    username: string,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    return this.#system.call(true, (f) => f.resolveUsername(objectClass, username, options, signal));
  }

  runScriptOnConnector(
    request: ScriptContext,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<unknown> {
    return this.#system.call(false, (f) => f.runScriptOnConnector(request, options, signal));
  }

  runScriptOnResource(
    request: ScriptContext,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<unknown> {
    return this.#system.call(false, (f) => f.runScriptOnResource(request, options, signal));
  }
}
