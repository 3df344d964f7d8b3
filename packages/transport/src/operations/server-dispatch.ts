/**
 * Serving incoming operation requests (spec wire-protocol.md §5.4–5.7, §5.9–5.11): a {@link LocalEndpoint} for
 * the RPC layer, built on a {@link LocalConnectorProvider} that an RCS implements (which connectors it hosts, and
 * a facade per facade key).
 *
 * For each `OperationRequest`:
 *
 * 1. A `configurationChangeEvent` (a notification, message id 0) goes to the provider's optional
 *    {@link LocalConnectorProvider.onConfigurationChange}; nothing is answered.
 * 2. The connector is looked up by **exact** `ConnectorKey` among the provider's infos; none →
 *    `ConnectorException("Connector not found: <key> ")` (the Java text, trailing space included).
 * 3. The facade for the facade key (the Base64 text of the serialized `APIConfiguration`) comes from the provider,
 *    which caches by that exact string.
 * 4. The operation is picked in the Java precedence order (§5.4): `batchOpRequest`, `authenticateOpRequest`,
 *    `createOpRequest`, `connectorEventSubscriptionOpRequest`, `deleteOpRequest`, `getOpRequest`,
 *    `resolveUsernameOpRequest`, `schemaOpRequest`, `scriptOnConnectorOpRequest`, `scriptOnResourceOpRequest`,
 *    `searchOpRequest`, `syncOpRequest`, `syncEventSubscriptionOpRequest`, `testOpRequest`, `updateOpRequest`,
 *    `validateOpRequest`; none → `ConnectorException("Unknown OperationRequest")`.
 * 5. Search and sync stream one response per object/delta with `sequence` 1, 2, 3 …, then a final response whose
 *    `sequence` is the count n (with the `SearchResult` / final `SyncToken`). When the peer cancels (the request's
 *    signal aborts) or a send fails, the handler given to the facade returns `false`, so the connector stops
 *    producing, and no final message is sent.
 * 6. Any failure is answered with an `ExceptionMessage` through `incoming.fail` (unless the peer cancelled).
 *
 * @packageDocumentation
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import {
  type ConfigurationProperty,
  ConnectorException,
  type ConnectorInfo,
  ConnectorKey,
  type ConnectorObject,
  NullPointerException,
  type ObjectClass,
  type SyncDelta,
  type Uid,
  UnsupportedOperationException,
} from '@rcskit/core';
import {
  type OperationRequest,
  type OperationResponse,
  OperationResponseSchema,
} from '../gen/OperationMessages_pb.js';
import { optionalBlob } from '../messages.js';
import type { IncomingRequest, LocalEndpoint } from '../peer/contract.js';
import {
  decodeAttributeSet,
  decodeFilter,
  decodeGuardedString,
  decodeOptionalBlob,
  decodeOptions,
  encodeConnectorInfos,
  encodeConnectorObjectBlob,
  encodeOptionalBlob,
  encodeSchema,
} from './blobs.js';
import {
  connectorObjectToProto,
  describeConnectorKey,
  localeFromProto,
  requireObjectClass,
  requireUid,
  scriptContextFromProto,
  searchResultToProto,
  syncDeltaToProto,
  syncTokenFromProto,
  syncTokenToProto,
  uidToProto,
  updateTypeFromProto,
} from './codec.js';
import { type ConnectorFacadeLike, supportsSubscriptions } from './facade-api.js';

/** Where a request comes from, for providers that care (locale for messages, peer identity). */
export interface RequestContext {
  /** The caller's locale in Java `Locale.toString()` form (`en_US`), `''` when the request carried none. */
  readonly locale: string;
}

/** What an RCS hosts: implemented by the server runtime, consumed by {@link OperationDispatcher}. */
export interface LocalConnectorProvider {
  /** The hosted connectors (their exact keys are what requests address). */
  connectorInfos(): readonly ConnectorInfo[] | Promise<readonly ConnectorInfo[]>;
  /**
   * The facade for one connector and facade key. `facadeKey` is the Base64 text of the serialized
   * `APIConfiguration` (decode it with `apiConfigurationFromFacadeKey`); implementations should cache facades by
   * that exact string (Java evicts a facade unused for 120 minutes).
   */
  facade(key: ConnectorKey, facadeKey: string, context: RequestContext): Promise<ConnectorFacadeLike>;
  /**
   * A peer reported configuration changes for one of its facades (spec §5.11; only a client normally receives
   * these). Optional: without it the notification is ignored. Never answered.
   */
  onConfigurationChange?(facadeKey: string, changes: readonly ConfigurationProperty[]): void;
  /**
   * The connector that requests addressed to exactly `key` reach. Optional: without it the key is looked up in
   * {@link connectorInfos}. A provider that keeps serving connectors it no longer advertises (a bundle version
   * retired while the server runs, whose open facades finish their work) answers for those here.
   */
  findConnectorInfo?(key: ConnectorKey): ConnectorInfo | undefined;
}

/** Settings of an {@link OperationDispatcher}. */
export interface OperationDispatcherOptions {
  /** Called with failures that cannot be reported to the peer (e.g. a broken socket while failing). */
  readonly onUnreportedError?: ((error: unknown, request: OperationRequest) => void) | undefined;
}

type ResponseInit = MessageInitShape<typeof OperationResponseSchema>;

function response(init: ResponseInit): OperationResponse {
  return create(OperationResponseSchema, init);
}

const utf8 = new TextDecoder('utf-8');

/** The {@link LocalEndpoint} serving operations from a {@link LocalConnectorProvider}; see the module notes. */
export class OperationDispatcher implements LocalEndpoint {
  readonly #provider: LocalConnectorProvider;
  readonly #options: OperationDispatcherOptions;

  constructor(provider: LocalConnectorProvider, options: OperationDispatcherOptions = {}) {
    this.#provider = provider;
    this.#options = options;
  }

  async connectorInfosBlob(): Promise<Uint8Array> {
    return encodeConnectorInfos(await this.#provider.connectorInfos());
  }

  handleOperation(incoming: IncomingRequest): void {
    this.#serve(incoming).catch((error: unknown) =>
      this.#options.onUnreportedError?.(error, incoming.request),
    );
  }

  async #serve(incoming: IncomingRequest): Promise<void> {
    const request = incoming.request;
    try {
      if (request.configurationChangeEvent !== undefined) {
        this.#configurationChange(request);
        return;
      }
      const info = await this.#findConnector(request);
      const facadeKey = utf8.decode(request.connectorFacadeKey);
      const context: RequestContext = { locale: localeFromProto(request.locale) };
      const facade = await this.#provider.facade(info.connectorKey, facadeKey, context);
      await dispatch(request, facade, incoming);
    } catch (error) {
      if (!incoming.signal.aborted) {
        try {
          await incoming.fail(error);
        } catch (sendError) {
          this.#options.onUnreportedError?.(sendError, request);
        }
      }
    } finally {
      incoming.done();
    }
  }

  #configurationChange(request: OperationRequest): void {
    const listener = this.#provider.onConfigurationChange;
    if (listener === undefined) return;
    const blob = optionalBlob(request.configurationChangeEvent?.configurationPropertyChange);
    const value = decodeOptionalBlob(blob);
    const changes = Array.isArray(value) ? (value as ConfigurationProperty[]) : [];
    listener.call(this.#provider, utf8.decode(request.connectorFacadeKey), changes);
  }

  async #findConnector(request: OperationRequest): Promise<ConnectorInfo> {
    const key = request.connectorKey;
    if (key !== undefined && this.#provider.findConnectorInfo !== undefined) {
      const found = this.#provider.findConnectorInfo(
        new ConnectorKey(key.bundleName, key.bundleVersion, key.connectorName),
      );
      if (found !== undefined) return found;
    } else if (key !== undefined) {
      for (const info of await this.#provider.connectorInfos()) {
        const k = info.connectorKey;
        if (
          k.bundleName === key.bundleName &&
          k.bundleVersion === key.bundleVersion &&
          k.connectorName === key.connectorName
        ) {
          return info;
        }
      }
    }
    throw new ConnectorException(`Connector not found: ${describeConnectorKey(key)} `);
  }
}

function uidResponse(uid: Uid | null): { uid?: ReturnType<typeof uidToProto> } {
  return uid === null || uid === undefined ? {} : { uid: uidToProto(uid) };
}

function requireValue<T>(value: T | null, name: string): T {
  if (value === null) throw new NullPointerException(`Parameter '${name}' must not be null.`);
  return value;
}

/** Serves one request on a facade, in the Java precedence order (spec §5.4). */
async function dispatch(request: OperationRequest, facade: ConnectorFacadeLike, incoming: IncomingRequest) {
  const signal = incoming.signal;
  const send = (init: ResponseInit) => incoming.send(response(init));

  if (request.batchOpRequest !== undefined) {
    throw new UnsupportedOperationException('Batch operations are not supported by this server');
  }
  if (request.authenticateOpRequest !== undefined) {
    const op = request.authenticateOpRequest;
    const objectClass = requireObjectClass(op.objectClass, 'authenticate');
    const password = requireValue(decodeGuardedString(op.password), 'password');
    const uid = await facade.authenticate(
      objectClass,
      op.username,
      password,
      decodeOptions(op.options),
      signal,
    );
    await send({ authenticateOpResponse: uidResponse(uid) });
    return;
  }
  if (request.createOpRequest !== undefined) {
    const op = request.createOpRequest;
    const objectClass = requireObjectClass(op.objectClass, 'create');
    const attributes = requireValue(decodeAttributeSet(op.createAttributes), 'createAttributes');
    const uid = await facade.create(objectClass, attributes, decodeOptions(op.options), signal);
    await send({ createOpResponse: uidResponse(uid) });
    return;
  }
  if (request.connectorEventSubscriptionOpRequest !== undefined) {
    const op = request.connectorEventSubscriptionOpRequest;
    if (!supportsSubscriptions(facade)) {
      throw new UnsupportedOperationException(
        'Connector event subscriptions are not supported by this connector',
      );
    }
    const objectClass = requireObjectClass(op.objectClass, 'subscribe');
    const filter = decodeFilter(op.eventFilter);
    await send({ connectorEventSubscriptionOpResponse: {} });
    await facade.subscribeConnectorEvents(
      objectClass,
      filter,
      streamingHandler(incoming, (object: ConnectorObject) => ({
        connectorEventSubscriptionOpResponse: { connectorObject: connectorObjectToProto(object) },
      })),
      decodeOptions(op.options),
      signal,
    );
    if (!signal.aborted) await send({ connectorEventSubscriptionOpResponse: { completed: true } });
    return;
  }
  if (request.deleteOpRequest !== undefined) {
    const op = request.deleteOpRequest;
    const objectClass = requireObjectClass(op.objectClass, 'delete');
    await facade.delete(objectClass, requireUid(op.uid, 'delete'), decodeOptions(op.options), signal);
    await send({ deleteOpResponse: {} });
    return;
  }
  if (request.getOpRequest !== undefined) {
    const op = request.getOpRequest;
    const objectClass = requireObjectClass(op.objectClass, 'getObject');
    const object = await facade.getObject(
      objectClass,
      requireUid(op.uid, 'getObject'),
      decodeOptions(op.options),
      signal,
    );
    await send({ GetOpResponse: { connectorObject: encodeConnectorObjectBlob(object) } });
    return;
  }
  if (request.resolveUsernameOpRequest !== undefined) {
    const op = request.resolveUsernameOpRequest;
    const objectClass = requireObjectClass(op.objectClass, 'resolveUsername');
    const uid = await facade.resolveUsername(objectClass, op.username, decodeOptions(op.options), signal);
    await send({ resolveUsernameOpResponse: uidResponse(uid) });
    return;
  }
  if (request.schemaOpRequest !== undefined) {
    const schema = await facade.schema(signal);
    await send({ schemaOpResponse: { schema: encodeSchema(schema) } });
    return;
  }
  if (request.scriptOnConnectorOpRequest !== undefined) {
    const op = request.scriptOnConnectorOpRequest;
    const context = scriptContextFromProto(op.scriptContext);
    const result = await facade.runScriptOnConnector(context, decodeOptions(op.options), signal);
    await send({ scriptOnConnectorOpResponse: { object: encodeOptionalBlob(result) } });
    return;
  }
  if (request.scriptOnResourceOpRequest !== undefined) {
    const op = request.scriptOnResourceOpRequest;
    const context = scriptContextFromProto(op.scriptContext);
    const result = await facade.runScriptOnResource(context, decodeOptions(op.options), signal);
    await send({ scriptOnResourceOpResponse: { object: encodeOptionalBlob(result) } });
    return;
  }
  if (request.searchOpRequest !== undefined) {
    const op = request.searchOpRequest;
    const objectClass = requireObjectClass(op.objectClass, 'search');
    const filter = decodeFilter(op.filter);
    let sequence = 0n;
    const result = await facade.search(
      objectClass,
      filter,
      streamingHandler(incoming, (object: ConnectorObject) => {
        sequence += 1n;
        return { searchOpResponse: { sequence, connectorObject: connectorObjectToProto(object) } };
      }),
      decodeOptions(op.options),
      signal,
    );
    if (signal.aborted) return;
    await send({
      searchOpResponse: { sequence, ...(result ? { result: searchResultToProto(result) } : {}) },
    });
    return;
  }
  if (request.syncOpRequest !== undefined) {
    await serveSync(request.syncOpRequest, facade, incoming, send);
    return;
  }
  if (request.syncEventSubscriptionOpRequest !== undefined) {
    const op = request.syncEventSubscriptionOpRequest;
    if (!supportsSubscriptions(facade)) {
      throw new UnsupportedOperationException('Sync event subscriptions are not supported by this connector');
    }
    const objectClass = requireObjectClass(op.objectClass, 'subscribe');
    const token = syncTokenFromProto(op.token);
    await send({ syncEventSubscriptionOpResponse: {} });
    await facade.subscribeSyncEvents(
      objectClass,
      token,
      streamingHandler(incoming, (delta: SyncDelta) => ({
        syncEventSubscriptionOpResponse: { syncDelta: syncDeltaToProto(delta) },
      })),
      decodeOptions(op.options),
      signal,
    );
    if (!signal.aborted) await send({ syncEventSubscriptionOpResponse: { completed: true } });
    return;
  }
  if (request.testOpRequest !== undefined) {
    await facade.test(signal);
    await send({ testOpResponse: {} });
    return;
  }
  if (request.updateOpRequest !== undefined) {
    const op = request.updateOpRequest;
    const method = updateTypeFromProto(op.updateType);
    const objectClass = requireObjectClass(op.objectClass, method);
    const uid = requireUid(op.uid, method);
    const attributes = requireValue(decodeAttributeSet(op.replaceAttributes), 'replaceAttributes');
    const result = await facade[method](objectClass, uid, attributes, decodeOptions(op.options), signal);
    await send({ updateOpResponse: uidResponse(result) });
    return;
  }
  if (request.ValidateOpRequest !== undefined) {
    await facade.validate(signal);
    await send({ validateOpResponse: {} });
    return;
  }
  throw new ConnectorException('Unknown OperationRequest');
}

async function serveSync(
  op: NonNullable<OperationRequest['syncOpRequest']>,
  facade: ConnectorFacadeLike,
  incoming: IncomingRequest,
  send: (init: ResponseInit) => Promise<void>,
): Promise<void> {
  const signal = incoming.signal;
  if (op.sync !== undefined) {
    const sync = op.sync;
    const objectClass: ObjectClass = requireObjectClass(sync.objectClass, 'sync');
    const token = requireValue(syncTokenFromProto(sync.token), 'token');
    let sequence = 0n;
    const finalToken = await facade.sync(
      objectClass,
      token,
      streamingHandler(incoming, (delta: SyncDelta) => {
        sequence += 1n;
        return { syncOpResponse: { sync: { sequence, syncDelta: syncDeltaToProto(delta) } } };
      }),
      decodeOptions(sync.options),
      signal,
    );
    if (signal.aborted) return;
    await send({
      syncOpResponse: {
        sync: { sequence, ...(finalToken ? { syncToken: syncTokenToProto(finalToken) } : {}) },
      },
    });
    return;
  }
  if (op.latestSyncToken !== undefined) {
    const objectClass = requireObjectClass(op.latestSyncToken.objectClass, 'getLatestSyncToken');
    const token = await facade.getLatestSyncToken(objectClass, signal);
    await send({ syncOpResponse: { latestSyncToken: token ? { syncToken: syncTokenToProto(token) } : {} } });
    return;
  }
  throw new ConnectorException('Unknown SyncOpRequest');
}

/**
 * A results handler that sends one response per item. It returns `false` (the connector must stop) once the peer
 * cancelled or a send failed; the send is awaited, so a slow socket slows the producer down (TCP back-pressure).
 */
function streamingHandler<T>(incoming: IncomingRequest, toResponse: (item: T) => ResponseInit) {
  let broken = false;
  return async (item: T): Promise<boolean> => {
    if (broken || incoming.signal.aborted) return false;
    const message = response(toResponse(item));
    try {
      await incoming.send(message);
    } catch {
      broken = true;
      return false;
    }
    return !incoming.signal.aborted;
  };
}
