/**
 * Core objects ⇄ the protobuf messages of `CommonObjectMessages.proto` (spec wire-protocol.md §3.5).
 *
 * Note the three different object encodings (§3.5, last paragraph):
 *
 * - search results and connector events: the proto `ConnectorObject{objectClass, attributes = blob Set}`
 *   ({@link connectorObjectToProto});
 * - `GetOpResponse.connectorObject`: a blob of a full `ConnectorObject` (`encodeConnectorObjectBlob` in
 *   `blobs.ts`);
 * - `SyncDelta.connectorObject`: a blob of the attribute set only, the class being `SyncDelta.objectClass`
 *   ({@link syncDeltaToProto}).
 *
 * @packageDocumentation
 */
import { create } from '@bufbuild/protobuf';
import {
  ConnectorException,
  ConnectorKey,
  ConnectorObject,
  type CountPolicy,
  normalizeLocale,
  ObjectClass,
  ScriptContext,
  SearchResult,
  SyncDelta,
  type SyncDeltaType,
  SyncToken,
  Uid,
} from '@rcskit/core';
import {
  type ConnectorKey as ConnectorKeyMessage,
  ConnectorKeySchema,
  type ConnectorObject as ConnectorObjectMessage,
  ConnectorObjectSchema,
  type Locale as LocaleMessage,
  LocaleSchema,
  type ScriptContext as ScriptContextMessage,
  ScriptContextSchema,
  SearchResult_CountPolicy,
  type SearchResult as SearchResultMessage,
  SearchResultSchema,
  SyncDelta_SyncDeltaType,
  type SyncDelta as SyncDeltaMessage,
  SyncDeltaSchema,
  type SyncToken as SyncTokenMessage,
  SyncTokenSchema,
  type Uid as UidMessage,
  UidSchema,
} from '../gen/CommonObjectMessages_pb.js';
import { UpdateOpRequest_UpdateType } from '../gen/OperationMessages_pb.js';
import { optionalString } from '../messages.js';
import {
  decodeAttributeSet,
  decodeOptionalBlob,
  decodeScriptArguments,
  encodeAttributeSet,
  encodeBlob,
  encodeScriptArguments,
} from './blobs.js';

/** A message that does not hold what the protocol requires (missing field, unknown enum value, …). */
export class MalformedOperationMessageException extends ConnectorException {}

// ---------------------------------------------------------------------------------------------------------------
// Uid

/** `Uid{value, revision?}`: the revision is written only when the Uid has one. */
export function uidToProto(uid: Uid): UidMessage {
  return create(UidSchema, { value: uid.uidValue, revision: uid.revision ?? '' });
}

/** A missing message is null; a blank revision means "no revision" (spec §3.5). */
export function uidFromProto(message: UidMessage | undefined): Uid | null {
  if (message === undefined) return null;
  if (optionalString(message.value) === undefined) {
    throw new MalformedOperationMessageException('Uid message without a value');
  }
  return new Uid(message.value, optionalString(message.revision) ?? null);
}

/** Like {@link uidFromProto}, for fields the operation requires. */
export function requireUid(message: UidMessage | undefined, what: string): Uid {
  const uid = uidFromProto(message);
  if (uid === null) throw new MalformedOperationMessageException(`${what}: the uid is missing`);
  return uid;
}

// ---------------------------------------------------------------------------------------------------------------
// ConnectorKey

export function connectorKeyToProto(key: ConnectorKey): ConnectorKeyMessage {
  return create(ConnectorKeySchema, {
    bundleName: key.bundleName,
    bundleVersion: key.bundleVersion,
    connectorName: key.connectorName,
  });
}

/** @throws IllegalArgumentException (core) when a part is blank. */
export function connectorKeyFromProto(message: ConnectorKeyMessage): ConnectorKey {
  return new ConnectorKey(message.bundleName, message.bundleVersion, message.connectorName);
}

/** The text of a key as core's `ConnectorKey.toString()` writes it, also for a key with blank parts. */
export function describeConnectorKey(message: ConnectorKeyMessage | undefined): string {
  if (message === undefined) return 'null';
  return (
    `ConnectorKey(bundleName=${message.bundleName} bundleVersion=${message.bundleVersion} ` +
    `connectorName=${message.connectorName})`
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Locale

/**
 * A locale in Java's `Locale.toString()` form (`en`, `en_US`, `en_US_POSIX`; BCP-47 hyphens accepted) as the
 * `Locale{language, country, variant}` message. Empty parts are simply not written.
 */
export function localeToProto(locale: string): LocaleMessage {
  const normalized = normalizeLocale(locale);
  const [language = '', country = '', ...variant] = normalized === '' ? [] : normalized.split('_');
  return create(LocaleSchema, { language, country, variant: variant.join('_') });
}

/** The message as a Java `Locale.toString()` string (`''` for the root locale or a missing message). */
export function localeFromProto(message: LocaleMessage | undefined): string {
  if (message === undefined) return '';
  const { language, country, variant } = message;
  if (variant !== '') return `${language}_${country}_${variant}`;
  if (country !== '') return `${language}_${country}`;
  return language;
}

// ---------------------------------------------------------------------------------------------------------------
// ScriptContext

/** `ScriptContext{script{language, text}, scriptArguments = blob Map}`. */
export function scriptContextToProto(context: ScriptContext): ScriptContextMessage {
  return create(ScriptContextSchema, {
    script: { scriptLanguage: context.scriptLanguage, scriptText: context.scriptText },
    scriptArguments: encodeScriptArguments(context.scriptArguments),
  });
}

export function scriptContextFromProto(message: ScriptContextMessage | undefined): ScriptContext {
  if (message?.script === undefined) {
    throw new MalformedOperationMessageException('Script request without a script');
  }
  return new ScriptContext(
    message.script.scriptLanguage,
    message.script.scriptText,
    decodeScriptArguments(message.scriptArguments),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// SearchResult

const COUNT_POLICY_TO_PROTO: Readonly<Record<CountPolicy, SearchResult_CountPolicy>> = {
  NONE: SearchResult_CountPolicy.NONE,
  ESTIMATE: SearchResult_CountPolicy.ESTIMATE,
  EXACT: SearchResult_CountPolicy.EXACT,
};

function countPolicyFromProto(value: SearchResult_CountPolicy): CountPolicy {
  switch (value) {
    case SearchResult_CountPolicy.NONE:
      return 'NONE';
    case SearchResult_CountPolicy.ESTIMATE:
      return 'ESTIMATE';
    case SearchResult_CountPolicy.EXACT:
      return 'EXACT';
    default:
      throw new MalformedOperationMessageException(`Unknown CountPolicy value ${String(value)}`);
  }
}

/** `SearchResult`; the cookie is written only when non-null. */
export function searchResultToProto(result: SearchResult): SearchResultMessage {
  return create(SearchResultSchema, {
    pagedResultsCookie: result.pagedResultsCookie ?? '',
    totalPagedResultsPolicy: COUNT_POLICY_TO_PROTO[result.totalPagedResultsPolicy],
    totalPagedResults: result.totalPagedResults,
    remainingPagedResults: result.remainingPagedResults,
  });
}

/** An empty cookie reads as null (proto3 cannot tell them apart; Java writes the field only when non-null). */
export function searchResultFromProto(message: SearchResultMessage): SearchResult {
  return new SearchResult(
    message.pagedResultsCookie === '' ? null : message.pagedResultsCookie,
    countPolicyFromProto(message.totalPagedResultsPolicy),
    message.totalPagedResults,
    message.remainingPagedResults,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// SyncToken

/** `SyncToken{value = blob of the token value}`. */
export function syncTokenToProto(token: SyncToken): SyncTokenMessage {
  return create(SyncTokenSchema, { value: encodeBlob(token.value) });
}

/**
 * A missing message is null. A message whose value blob is empty or a null object also reads as null: a Java peer
 * refuses a null token value anyway (spec §5.5 notes).
 */
export function syncTokenFromProto(message: SyncTokenMessage | undefined): SyncToken | null {
  if (message === undefined) return null;
  const value = decodeOptionalBlob(message.value);
  if (value === null) return null;
  return new SyncToken(value as ConstructorParameters<typeof SyncToken>[0]);
}

// ---------------------------------------------------------------------------------------------------------------
// ConnectorObject (search results, connector events)

/** The proto `ConnectorObject{objectClass, attributes = blob Set}` used by search and connector events. */
export function connectorObjectToProto(object: ConnectorObject): ConnectorObjectMessage {
  return create(ConnectorObjectSchema, {
    objectClass: object.objectClass.type,
    attributes: encodeAttributeSet(object.attributes),
  });
}

/** @throws IllegalArgumentException (core) for a set without `__UID__`/`__NAME__`, or class `__ALL__`. */
export function connectorObjectFromProto(message: ConnectorObjectMessage): ConnectorObject {
  if (optionalString(message.objectClass) === undefined) {
    throw new MalformedOperationMessageException('ConnectorObject message without an object class');
  }
  const attributes = decodeAttributeSet(message.attributes);
  if (attributes === null) {
    throw new MalformedOperationMessageException('ConnectorObject message without attributes');
  }
  return new ConnectorObject(new ObjectClass(message.objectClass), attributes);
}

// ---------------------------------------------------------------------------------------------------------------
// SyncDelta

const DELTA_TYPE_TO_PROTO: Readonly<Record<SyncDeltaType, SyncDelta_SyncDeltaType>> = {
  CREATE_OR_UPDATE: SyncDelta_SyncDeltaType.CREATE_OR_UPDATE,
  DELETE: SyncDelta_SyncDeltaType.DELETE,
  CREATE: SyncDelta_SyncDeltaType.CREATE,
  UPDATE: SyncDelta_SyncDeltaType.UPDATE,
};

function deltaTypeFromProto(value: SyncDelta_SyncDeltaType): SyncDeltaType {
  switch (value) {
    case SyncDelta_SyncDeltaType.CREATE_OR_UPDATE:
      return 'CREATE_OR_UPDATE';
    case SyncDelta_SyncDeltaType.DELETE:
      return 'DELETE';
    case SyncDelta_SyncDeltaType.CREATE:
      return 'CREATE';
    case SyncDelta_SyncDeltaType.UPDATE:
      return 'UPDATE';
    default:
      throw new MalformedOperationMessageException(`Unknown SyncDeltaType value ${String(value)}`);
  }
}

/**
 * `SyncDelta{token, deltaType, previousUid?, objectClass?, uid, connectorObject = blob attribute Set?}`. The
 * object class is written whenever the delta has one (always when it has an object).
 */
export function syncDeltaToProto(delta: SyncDelta): SyncDeltaMessage {
  const objectClass = delta.objectClass ?? delta.object?.objectClass ?? null;
  return create(SyncDeltaSchema, {
    token: syncTokenToProto(delta.token),
    deltaType: DELTA_TYPE_TO_PROTO[delta.deltaType],
    previousUid: delta.previousUid === null ? undefined : uidToProto(delta.previousUid),
    objectClass: objectClass?.type ?? '',
    uid: uidToProto(delta.uid),
    connectorObject: delta.object === null ? new Uint8Array(0) : encodeAttributeSet(delta.object.attributes),
  });
}

/** @throws core exceptions when the delta breaks a SyncDelta rule (e.g. an object without an object class). */
export function syncDeltaFromProto(message: SyncDeltaMessage): SyncDelta {
  const token = syncTokenFromProto(message.token);
  if (token === null) throw new MalformedOperationMessageException('SyncDelta message without a token');
  const objectClassName = optionalString(message.objectClass);
  const objectClass = objectClassName === undefined ? null : new ObjectClass(objectClassName);
  const attributes = decodeAttributeSet(message.connectorObject);
  let object: ConnectorObject | null = null;
  if (attributes !== null) {
    if (objectClass === null) {
      throw new MalformedOperationMessageException('SyncDelta message with an object but no object class');
    }
    object = new ConnectorObject(objectClass, attributes);
  }
  return new SyncDelta({
    token,
    deltaType: deltaTypeFromProto(message.deltaType),
    previousUid: uidFromProto(message.previousUid),
    objectClass,
    uid: requireUid(message.uid, 'SyncDelta'),
    object,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// UpdateType

/** The three facade methods carried by `UpdateOpRequest` (spec §3.4). */
export type UpdateMethod = 'update' | 'addAttributeValues' | 'removeAttributeValues';

export function updateTypeToProto(method: UpdateMethod): UpdateOpRequest_UpdateType {
  switch (method) {
    case 'update':
      return UpdateOpRequest_UpdateType.REPLACE;
    case 'addAttributeValues':
      return UpdateOpRequest_UpdateType.ADD;
    case 'removeAttributeValues':
      return UpdateOpRequest_UpdateType.REMOVE;
  }
}

export function updateTypeFromProto(value: UpdateOpRequest_UpdateType): UpdateMethod {
  switch (value) {
    case UpdateOpRequest_UpdateType.REPLACE:
      return 'update';
    case UpdateOpRequest_UpdateType.ADD:
      return 'addAttributeValues';
    case UpdateOpRequest_UpdateType.REMOVE:
      return 'removeAttributeValues';
    default:
      throw new MalformedOperationMessageException(`Unknown UpdateType value ${String(value)}`);
  }
}

/** A required object-class name of a request (non-blank), as an {@link ObjectClass}. */
export function requireObjectClass(name: string, what: string): ObjectClass {
  if (optionalString(name) === undefined) {
    throw new MalformedOperationMessageException(`${what}: the object class is missing`);
  }
  return new ObjectClass(name);
}
