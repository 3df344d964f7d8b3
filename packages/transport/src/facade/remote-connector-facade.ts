/**
 * The remote connector facade (spec wire-protocol.md §5.4–5.7, §5.10): every API operation of a connector hosted
 * by a peer, sent as `OperationRequest`s over a {@link RemoteChannel}.
 *
 * - Every request carries the connector's exact key, the facade key and the caller's locale. The facade key is
 *   `Base64(serialized APIConfiguration)`, computed once when the facade is built (so a changed configuration
 *   needs a new facade, exactly as in Java).
 * - Operations the configuration does not list as supported are refused locally with
 *   `UnsupportedOperationException("Operation '<op>' not supported.")` (`ValidateApiOp` is always allowed, `GetApiOp`
 *   also when `SearchApiOp` is supported). Then the arguments are checked with `@rcskit/core`'s argument checks
 *   (`checkCreateArguments`, …), the same the local facade makes: `__ALL__` where only sync accepts it, a create
 *   or update set with `__UID__`, a null entry or a duplicate name (§5.4, last bullet), null arguments, …. A
 *   refused call sends nothing. A null sync token is refused too (a Java peer would refuse it).
 * - Timeouts come from the configuration's timeout map (milliseconds; -1 = none, 0 = 60 s): for search and sync it
 *   is the longest wait for the next part (time spent in the caller's handler does not count); for the other
 *   operations it is the wait for the answer. On expiry the call rejects with `OperationTimeoutException` and a
 *   `CancelOpRequest` is sent (the Java client sends none; the cancel only frees the server's work sooner).
 * - Search and sync parts are re-ordered by `sequence` and de-duplicated (a part whose sequence was already
 *   delivered or buffered is dropped), then handed to the handler one at a time, each awaited. A handler that
 *   returns `false` or throws, or an aborted `signal`, sends `CancelOpRequest` (§5.10).
 *
 * @packageDocumentation
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import {
  type APIConfiguration,
  type ApiOperation,
  type Attribute,
  ConnectionBrokenException,
  ConnectorException,
  type ConnectorInfo,
  type ConnectorObject,
  checkAuthenticateArguments,
  checkCreateArguments,
  checkDeleteArguments,
  checkGetArguments,
  checkGetLatestSyncTokenArguments,
  checkResolveUsernameArguments,
  checkScriptArguments,
  checkSearchArguments,
  checkSubscribeArguments,
  checkSyncArguments,
  checkUpdateArguments,
  type Filter,
  type GuardedString,
  type ObjectClass,
  type OperationOptions,
  OperationTimeoutException,
  requireNonNull,
  type Schema,
  type ScriptContext,
  type SearchResult,
  type SyncDelta,
  type SyncToken,
  type Uid,
  UnsupportedOperationException,
} from '@rcskit/core';
import {
  type OperationRequest,
  OperationRequestSchema,
  type OperationResponse,
} from '../gen/OperationMessages_pb.js';
import {
  decodeConnectorObjectBlob,
  decodeOptionalBlob,
  decodeSchema,
  encodeAttributeSet,
  encodeFilter,
  encodeGuardedString,
  encodeOptions,
  facadeKeyOf,
} from '../operations/blobs.js';
import {
  connectorKeyToProto,
  connectorObjectFromProto,
  localeFromProto,
  localeToProto,
  scriptContextToProto,
  searchResultFromProto,
  syncDeltaFromProto,
  syncTokenFromProto,
  syncTokenToProto,
  type UpdateMethod,
  uidFromProto,
  uidToProto,
  updateTypeToProto,
} from '../operations/codec.js';
import type {
  ConnectorEventHandler,
  ConnectorFacade,
  OperationOptionsArg,
  SearchResultsHandler,
  SubscriptionFacade,
  SyncEventHandler,
  SyncResultsHandler,
} from '../operations/facade-api.js';
import type { RemoteChannel } from '../peer/contract.js';
import { DeadlineExceeded, effectiveTimeout, nextResponse, SequenceBuffer } from './response-stream.js';

type RequestInit = MessageInitShape<typeof OperationRequestSchema>;

/** Settings of a {@link RemoteConnectorFacade} beyond its configuration. */
export interface RemoteConnectorFacadeOptions {
  /**
   * Locale sent with every request (Java `Locale.toString()` form or BCP 47: `en_US`, `en-US`). Default: this
   * process's locale (`Intl`), as the Java client sends its JVM default.
   */
  readonly locale?: string | undefined;
}

/** This process's locale as Java would report it (`en_US`), from `Intl`. */
export function defaultLocale(): string {
  try {
    const locale = new Intl.Locale(Intl.DateTimeFormat().resolvedOptions().locale);
    return locale.region === undefined ? locale.language : `${locale.language}_${locale.region}`;
  } catch {
    return 'en';
  }
}

/** Marks a response that lacks the expected sub-message. */
const NO_ANSWER: unique symbol = Symbol('no answer');

/** Kind of a streamed part once parsed. */
type Part<T, R> =
  | { readonly kind: 'item'; readonly sequence: bigint; readonly item: T }
  | { readonly kind: 'final'; readonly count: bigint; readonly result: R | null };

const utf8 = new TextEncoder();

/**
 * A {@link ConnectorFacade} for a connector hosted by a peer; see the module notes. Build it with
 * `RemoteConnectorInfoManager.createFacade`, or directly from a channel, the chosen info and a configuration.
 */
export class RemoteConnectorFacade implements ConnectorFacade, SubscriptionFacade {
  /** The connector this facade addresses. */
  readonly connectorInfo: ConnectorInfo;
  /** The configuration the facade key was computed from (a private copy: later edits to the original don't count). */
  readonly apiConfiguration: APIConfiguration;
  /** `Base64(serialized APIConfiguration)`: the facade key sent with every request. */
  readonly connectorFacadeKey: string;
  /** The locale sent with every request, in Java `Locale.toString()` form. */
  readonly locale: string;

  readonly #channel: RemoteChannel;
  readonly #base: RequestInit;

  constructor(
    channel: RemoteChannel,
    connectorInfo: ConnectorInfo,
    apiConfiguration: APIConfiguration,
    options: RemoteConnectorFacadeOptions = {},
  ) {
    this.#channel = requireNonNull(channel, 'channel');
    this.connectorInfo = requireNonNull(connectorInfo, 'connectorInfo');
    this.apiConfiguration = requireNonNull(apiConfiguration, 'apiConfiguration').clone();
    this.connectorFacadeKey = facadeKeyOf(this.apiConfiguration);
    const locale = localeToProto(options.locale ?? defaultLocale());
    this.locale = localeFromProto(locale);
    this.#base = {
      connectorKey: connectorKeyToProto(connectorInfo.connectorKey),
      connectorFacadeKey: utf8.encode(this.connectorFacadeKey),
      locale,
    };
  }

  /** The channel requests go through. */
  get channel(): RemoteChannel {
    return this.#channel;
  }

  /** The API operations this facade offers (from the configuration; `ValidateApiOp` always). */
  get supportedOperations(): ReadonlySet<ApiOperation> {
    const ops = new Set(this.apiConfiguration.supportedOperations);
    ops.add('ValidateApiOp');
    if (ops.has('SearchApiOp')) ops.add('GetApiOp');
    return ops;
  }

  /** Whether {@link supportedOperations} has `op`. */
  isSupported(op: ApiOperation): boolean {
    return this.supportedOperations.has(op);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Operations

  async create(
    objectClass: ObjectClass,
    createAttributes: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    this.#check('CreateApiOp');
    const { objectClass: oc, attributes } = checkCreateArguments(objectClass, createAttributes);
    return this.#unary(
      'CreateApiOp',
      {
        createOpRequest: {
          objectClass: oc.type,
          createAttributes: encodeAttributeSet(attributes),
          options: encodeOptions(options),
        },
      },
      signal,
      (r) => (r.createOpResponse === undefined ? NO_ANSWER : uidFromProto(r.createOpResponse.uid)),
    );
  }

  update(
    objectClass: ObjectClass,
    uid: Uid,
    replaceAttributes: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    return this.#update('update', objectClass, uid, replaceAttributes, options, signal);
  }

  addAttributeValues(
    objectClass: ObjectClass,
    uid: Uid,
    valuesToAdd: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    return this.#update('addAttributeValues', objectClass, uid, valuesToAdd, options, signal);
  }

  removeAttributeValues(
    objectClass: ObjectClass,
    uid: Uid,
    valuesToRemove: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    return this.#update('removeAttributeValues', objectClass, uid, valuesToRemove, options, signal);
  }

  async delete(
    objectClass: ObjectClass,
    uid: Uid,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<void> {
    this.#check('DeleteApiOp');
    const checked = checkDeleteArguments(objectClass, uid);
    await this.#unary(
      'DeleteApiOp',
      {
        deleteOpRequest: {
          objectClass: checked.objectClass.type,
          uid: uidToProto(checked.uid),
          options: encodeOptions(options),
        },
      },
      signal,
      (r) => (r.deleteOpResponse === undefined ? NO_ANSWER : undefined),
    );
  }

  async getObject(
    objectClass: ObjectClass,
    uid: Uid,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<ConnectorObject | null> {
    this.#check('GetApiOp');
    const checked = checkGetArguments(objectClass, uid);
    return this.#unary(
      'GetApiOp',
      {
        getOpRequest: {
          objectClass: checked.objectClass.type,
          uid: uidToProto(checked.uid),
          options: encodeOptions(options),
        },
      },
      signal,
      (r) =>
        r.GetOpResponse === undefined
          ? NO_ANSWER
          : decodeConnectorObjectBlob(r.GetOpResponse.connectorObject),
    );
  }

  async search(
    objectClass: ObjectClass,
    filter: Filter | null | undefined,
    handler: SearchResultsHandler,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<SearchResult | null> {
    this.#check('SearchApiOp');
    const checked = checkSearchArguments(objectClass, handler);
    return this.#stream<ConnectorObject, SearchResult>(
      'SearchApiOp',
      {
        searchOpRequest: {
          objectClass: checked.objectClass.type,
          filter: encodeFilter(filter),
          options: encodeOptions(options),
        },
      },
      signal,
      checked.handler,
      (r) => {
        const part = r.searchOpResponse;
        if (part === undefined) return undefined;
        if (part.connectorObject !== undefined) {
          return {
            kind: 'item',
            sequence: part.sequence,
            item: connectorObjectFromProto(part.connectorObject),
          };
        }
        return {
          kind: 'final',
          count: part.sequence,
          result: part.result === undefined ? null : searchResultFromProto(part.result),
        };
      },
    );
  }

  async sync(
    objectClass: ObjectClass,
    token: SyncToken,
    handler: SyncResultsHandler,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<SyncToken | null> {
    this.#check('SyncApiOp');
    const checked = checkSyncArguments(objectClass, handler);
    // Not an API rule (the API takes a null token as "from the start"), a wire one: a Java peer refuses a null
    // token (spec §4.5, §5.5 notes), so a first sync must start from getLatestSyncToken.
    requireNonNull(token, 'token');
    return this.#stream<SyncDelta, SyncToken>(
      'SyncApiOp',
      {
        syncOpRequest: {
          sync: {
            objectClass: checked.objectClass.type,
            token: syncTokenToProto(token),
            options: encodeOptions(options),
          },
        },
      },
      signal,
      checked.handler,
      (r) => {
        const part = r.syncOpResponse?.sync;
        if (part === undefined) return undefined;
        if (part.syncDelta !== undefined) {
          return { kind: 'item', sequence: part.sequence, item: syncDeltaFromProto(part.syncDelta) };
        }
        return { kind: 'final', count: part.sequence, result: syncTokenFromProto(part.syncToken) };
      },
    );
  }

  async getLatestSyncToken(objectClass: ObjectClass, signal?: AbortSignal): Promise<SyncToken | null> {
    this.#check('SyncApiOp');
    const oc = checkGetLatestSyncTokenArguments(objectClass);
    return this.#unary(
      'SyncApiOp',
      { syncOpRequest: { latestSyncToken: { objectClass: oc.type } } },
      signal,
      (r) => {
        const answer = r.syncOpResponse?.latestSyncToken;
        return answer === undefined ? NO_ANSWER : syncTokenFromProto(answer.syncToken);
      },
    );
  }

  async schema(signal?: AbortSignal): Promise<Schema | null> {
    this.#check('SchemaApiOp');
    return this.#unary('SchemaApiOp', { schemaOpRequest: {} }, signal, (r) =>
      r.schemaOpResponse === undefined ? NO_ANSWER : decodeSchema(r.schemaOpResponse.schema),
    );
  }

  async test(signal?: AbortSignal): Promise<void> {
    this.#check('TestApiOp');
    await this.#unary('TestApiOp', { testOpRequest: {} }, signal, (r) =>
      r.testOpResponse === undefined ? NO_ANSWER : undefined,
    );
  }

  async validate(signal?: AbortSignal): Promise<void> {
    await this.#unary('ValidateApiOp', { ValidateOpRequest: {} }, signal, (r) =>
      r.validateOpResponse === undefined ? NO_ANSWER : undefined,
    );
  }

  async authenticate(
    objectClass: ObjectClass,
    username: string,
    password: GuardedString,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    this.#check('AuthenticationApiOp');
    const checked = checkAuthenticateArguments(objectClass, username, password);
    return this.#unary(
      'AuthenticationApiOp',
      {
        authenticateOpRequest: {
          objectClass: checked.objectClass.type,
          username: checked.username,
          password: encodeGuardedString(checked.password),
          options: encodeOptions(options),
        },
      },
      signal,
      (r) =>
        r.authenticateOpResponse === undefined ? NO_ANSWER : uidFromProto(r.authenticateOpResponse.uid),
    );
  }

  async resolveUsername(
    objectClass: ObjectClass,
    username: string,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    this.#check('ResolveUsernameApiOp');
    const checked = checkResolveUsernameArguments(objectClass, username);
    return this.#unary(
      'ResolveUsernameApiOp',
      {
        resolveUsernameOpRequest: {
          objectClass: checked.objectClass.type,
          username: checked.username,
          options: encodeOptions(options),
        },
      },
      signal,
      (r) =>
        r.resolveUsernameOpResponse === undefined ? NO_ANSWER : uidFromProto(r.resolveUsernameOpResponse.uid),
    );
  }

  async runScriptOnConnector(
    request: ScriptContext,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<unknown> {
    this.#check('ScriptOnConnectorApiOp');
    const context = checkScriptArguments(request);
    return this.#unary(
      'ScriptOnConnectorApiOp',
      {
        scriptOnConnectorOpRequest: {
          scriptContext: scriptContextToProto(context),
          options: encodeOptions(options),
        },
      },
      signal,
      (r) =>
        r.scriptOnConnectorOpResponse === undefined
          ? NO_ANSWER
          : decodeOptionalBlob(r.scriptOnConnectorOpResponse.object),
    );
  }

  async runScriptOnResource(
    request: ScriptContext,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<unknown> {
    this.#check('ScriptOnResourceApiOp');
    const context = checkScriptArguments(request);
    return this.#unary(
      'ScriptOnResourceApiOp',
      {
        scriptOnResourceOpRequest: {
          scriptContext: scriptContextToProto(context),
          options: encodeOptions(options),
        },
      },
      signal,
      (r) =>
        r.scriptOnResourceOpResponse === undefined
          ? NO_ANSWER
          : decodeOptionalBlob(r.scriptOnResourceOpResponse.object),
    );
  }

  async subscribeConnectorEvents(
    objectClass: ObjectClass,
    eventFilter: Filter | null | undefined,
    handler: ConnectorEventHandler,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<void> {
    this.#check('ConnectorEventSubscriptionApiOp');
    const checked = checkSubscribeArguments(objectClass, handler);
    await this.#subscription(
      {
        connectorEventSubscriptionOpRequest: {
          objectClass: checked.objectClass.type,
          eventFilter: encodeFilter(eventFilter),
          // Java omits the options of a subscription when the option map is empty.
          options: encodeOptions(options && options.size > 0 ? options : null),
        },
      },
      signal,
      checked.handler,
      (r) => {
        const part = r.connectorEventSubscriptionOpResponse;
        if (part === undefined) return undefined;
        if (part.connectorObject !== undefined)
          return { item: connectorObjectFromProto(part.connectorObject) };
        return { completed: part.completed };
      },
    );
  }

  async subscribeSyncEvents(
    objectClass: ObjectClass,
    token: SyncToken | null | undefined,
    handler: SyncEventHandler,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<void> {
    this.#check('SyncEventSubscriptionApiOp');
    const checked = checkSubscribeArguments(objectClass, handler);
    await this.#subscription(
      {
        syncEventSubscriptionOpRequest: {
          objectClass: checked.objectClass.type,
          ...(token ? { token: syncTokenToProto(token) } : {}),
          options: encodeOptions(options),
        },
      },
      signal,
      checked.handler,
      (r) => {
        const part = r.syncEventSubscriptionOpResponse;
        if (part === undefined) return undefined;
        if (part.syncDelta !== undefined) return { item: syncDeltaFromProto(part.syncDelta) };
        return { completed: part.completed };
      },
    );
  }

  toString(): string {
    return `RemoteConnectorFacade(${this.connectorInfo.connectorKey.toString()})`;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Plumbing

  async #update(
    method: UpdateMethod,
    objectClass: ObjectClass,
    uid: Uid,
    attributes: Iterable<Attribute>,
    options: OperationOptions | null | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Uid | null> {
    this.#check('UpdateApiOp');
    const checked = checkUpdateArguments(method, objectClass, uid, attributes);
    return this.#unary(
      'UpdateApiOp',
      {
        updateOpRequest: {
          objectClass: checked.objectClass.type,
          uid: uidToProto(checked.uid),
          updateType: updateTypeToProto(method),
          replaceAttributes: encodeAttributeSet(checked.attributes),
          options: encodeOptions(options),
        },
      },
      signal,
      (r) => (r.updateOpResponse === undefined ? NO_ANSWER : uidFromProto(r.updateOpResponse.uid)),
    );
  }

  #check(op: ApiOperation): void {
    if (!this.isSupported(op)) throw new UnsupportedOperationException(`Operation '${op}' not supported.`);
  }

  #request(init: RequestInit): OperationRequest {
    return create(OperationRequestSchema, { ...this.#base, ...init } as RequestInit);
  }

  #timeout(op: ApiOperation): number | undefined {
    return effectiveTimeout(this.apiConfiguration.getTimeout(op));
  }

  /** One request, one answer. */
  async #unary<T>(
    op: ApiOperation,
    init: RequestInit,
    signal: AbortSignal | undefined,
    read: (response: OperationResponse) => T | typeof NO_ANSWER,
  ): Promise<T> {
    signal?.throwIfAborted();
    const request = this.#request(init);
    const timeoutMs = this.#timeout(op);
    const outgoing = this.#channel.sendRequest(request, signal ? { signal } : {});
    const iterator = outgoing.responses[Symbol.asyncIterator]();
    let response: OperationResponse | undefined;
    try {
      response = await nextResponse(iterator, timeoutMs, signal);
    } catch (error) {
      // A deadline or an abort leaves the request running on the peer: cancel it. An error answer ended it there.
      if (error instanceof DeadlineExceeded || signal?.aborted) outgoing.cancel();
      if (error instanceof DeadlineExceeded) {
        throw new OperationTimeoutException(`${op} timed out after ${timeoutMs} ms`, { cause: error });
      }
      throw error;
    }
    if (response === undefined) {
      signal?.throwIfAborted();
      throw new ConnectionBrokenException(`${op}: the connection closed before the answer arrived`);
    }
    outgoing.complete();
    const value = read(response);
    if (value === NO_ANSWER) throw new ConnectorException(`${op}: unexpected response from the peer`);
    return value;
  }

  /** Search and sync: streamed parts in sequence order, then the final message (spec §5.6). */
  async #stream<T, R>(
    op: ApiOperation,
    init: RequestInit,
    signal: AbortSignal | undefined,
    handler: (item: T) => boolean | Promise<boolean>,
    parse: (response: OperationResponse) => Part<T, R> | undefined,
  ): Promise<R | null> {
    signal?.throwIfAborted();
    const request = this.#request(init);
    const timeoutMs = this.#timeout(op);
    const outgoing = this.#channel.sendRequest(request, signal ? { signal } : {});
    const iterator = outgoing.responses[Symbol.asyncIterator]();
    const buffer = new SequenceBuffer<T>();
    let result: R | null = null;
    let peerDone = false;
    try {
      for (;;) {
        for (let next = buffer.take(); next !== undefined; next = buffer.take()) {
          if ((await handler(next.item)) === false) {
            outgoing.cancel();
            return result;
          }
        }
        if (buffer.isComplete) {
          outgoing.complete();
          return result;
        }
        let response: OperationResponse | undefined;
        try {
          response = await nextResponse(iterator, timeoutMs, signal);
        } catch (error) {
          // An error answer from the peer ends the request on its side; a deadline or an abort does not.
          peerDone = !(error instanceof DeadlineExceeded) && !signal?.aborted;
          throw error;
        }
        if (response === undefined) {
          peerDone = true;
          signal?.throwIfAborted();
          throw new ConnectionBrokenException(`${op}: the connection closed before the operation completed`);
        }
        const part = parse(response);
        if (part === undefined) throw new ConnectorException(`${op}: unexpected response from the peer`);
        if (part.kind === 'item') {
          buffer.offer(part.sequence, part.item);
        } else if (!buffer.hasCount) {
          buffer.setCount(part.count);
          result = part.result;
        }
      }
    } catch (error) {
      if (!peerDone) outgoing.cancel();
      if (error instanceof DeadlineExceeded) {
        throw new OperationTimeoutException(`${op}: no response within ${timeoutMs} ms`, { cause: error });
      }
      throw error;
    }
  }

  /** Event subscriptions (spec §5.7): confirmation, events, `completed`. No timeout (Java has none either). */
  async #subscription<T>(
    init: RequestInit,
    signal: AbortSignal | undefined,
    handler: (item: T) => boolean | Promise<boolean>,
    parse: (response: OperationResponse) => { item: T } | { completed: boolean } | undefined,
  ): Promise<void> {
    if (signal?.aborted) return;
    const outgoing = this.#channel.sendRequest(this.#request(init), signal ? { signal } : {});
    const iterator = outgoing.responses[Symbol.asyncIterator]();
    let peerDone = false;
    try {
      for (;;) {
        let response: OperationResponse | undefined;
        try {
          response = await nextResponse(iterator, undefined, signal);
        } catch (error) {
          if (signal?.aborted) return;
          peerDone = true;
          throw error;
        }
        if (response === undefined) {
          peerDone = true;
          if (signal?.aborted) return;
          throw new ConnectionBrokenException('The connection closed while the subscription was open');
        }
        const part = parse(response);
        if (part === undefined)
          throw new ConnectorException('Subscription: unexpected response from the peer');
        if ('item' in part) {
          if ((await handler(part.item)) === false) return;
        } else if (part.completed) {
          peerDone = true;
          outgoing.complete();
          return;
        }
        // else: the empty confirmation that the subscription was made.
      }
    } finally {
      if (!peerDone) outgoing.cancel();
    }
  }
}
