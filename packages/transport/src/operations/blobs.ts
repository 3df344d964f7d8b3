/**
 * The blob fields of the operation messages (spec wire-protocol.md §4.3.8): every `bytes` field of §3.4–3.5 holds
 * one self-contained binary-serialized object, and an empty field means "absent/null" (§3.2).
 *
 * Each helper checks the decoded value's type, so a peer sending the wrong object fails with a clear
 * `ConnectorException` instead of a `TypeError` deep in an operation.
 *
 * @packageDocumentation
 */
import {
  APIConfiguration,
  Attribute,
  ConnectorException,
  ConnectorInfo,
  ConnectorObject,
  Filter,
  GuardedString,
  OperationOptions,
  Schema,
} from '@rcskit/core';
import { optionalBlob } from '../messages.js';
import { deserializeBinary, serializeBinary } from '../serializer/index.js';

/** An empty `bytes` field: what the wire carries for "absent". */
export const EMPTY_BLOB: Uint8Array = new Uint8Array(0);

/** A blob decoded to a value of the wrong type. */
export class UnexpectedBlobException extends ConnectorException {}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}

/** Serializes any wire value (null included) as a blob. */
export function encodeBlob(value: unknown): Uint8Array {
  return serializeBinary(value);
}

/** Serializes a value, or returns an empty field for null/undefined (the "absent" encoding). */
export function encodeOptionalBlob(value: unknown): Uint8Array {
  return value === null || value === undefined ? EMPTY_BLOB : serializeBinary(value);
}

/** Decodes a blob; an empty or missing field (and a serialized null object) is `null`. */
export function decodeOptionalBlob(bytes: Uint8Array | undefined): unknown {
  const blob = optionalBlob(bytes);
  if (blob === undefined) return null;
  const value = deserializeBinary(blob);
  return value === undefined ? null : value;
}

function decodeTyped<T>(
  bytes: Uint8Array | undefined,
  cls: abstract new (...args: any[]) => T,
  what: string,
): T | null {
  const value = decodeOptionalBlob(bytes);
  if (value === null || value instanceof cls) return value;
  throw new UnexpectedBlobException(`Expected ${what} in the blob, got ${describe(value)}`);
}

/** `*.options`: null/undefined → empty field (Java sends options only when the caller passed some). */
export function encodeOptions(options: OperationOptions | null | undefined): Uint8Array {
  return encodeOptionalBlob(options);
}

/** `*.options`: empty field → null. */
export function decodeOptions(bytes: Uint8Array | undefined): OperationOptions | null {
  return decodeTyped(bytes, OperationOptions, 'OperationOptions');
}

/**
 * An attribute set (`createAttributes`, `replaceAttributes`, `ConnectorObject.attributes`,
 * `SyncDelta.connectorObject`): a `Set` of `Attribute`/`Uid`/`Name` objects.
 */
export function encodeAttributeSet(attributes: Iterable<Attribute>): Uint8Array {
  const set = new Set<Attribute>();
  for (const attribute of attributes) {
    if (!(attribute instanceof Attribute)) {
      throw new UnexpectedBlobException(`Attribute sets hold Attributes only, not ${describe(attribute)}`);
    }
    set.add(attribute);
  }
  return serializeBinary(set);
}

/**
 * Decodes an attribute set. An empty field is `null` (e.g. a DELETE delta without object); a `List` is accepted
 * as well as a `Set`.
 */
export function decodeAttributeSet(bytes: Uint8Array | undefined): Attribute[] | null {
  const value = decodeOptionalBlob(bytes);
  if (value === null) return null;
  if (!(value instanceof Set) && !Array.isArray(value)) {
    throw new UnexpectedBlobException(`Expected a Set of attributes in the blob, got ${describe(value)}`);
  }
  const out: Attribute[] = [];
  for (const item of value) {
    if (!(item instanceof Attribute)) {
      throw new UnexpectedBlobException(`Expected an Attribute in the attribute set, got ${describe(item)}`);
    }
    out.push(item);
  }
  return out;
}

/** `GetOpResponse.connectorObject`: a full `ConnectorObject` (not the proto message); null → empty field. */
export function encodeConnectorObjectBlob(object: ConnectorObject | null | undefined): Uint8Array {
  return encodeOptionalBlob(object);
}

/** `GetOpResponse.connectorObject`: empty field → null (object not found). */
export function decodeConnectorObjectBlob(bytes: Uint8Array | undefined): ConnectorObject | null {
  return decodeTyped(bytes, ConnectorObject, 'a ConnectorObject');
}

/** `SearchOpRequest.filter`, `eventFilter`: a filter object; null → empty field (no filter). */
export function encodeFilter(filter: Filter | null | undefined): Uint8Array {
  return encodeOptionalBlob(filter);
}

/** `SearchOpRequest.filter`: empty field → null (no filter: all objects). */
export function decodeFilter(bytes: Uint8Array | undefined): Filter | null {
  return decodeTyped(bytes, Filter, 'a Filter');
}

/** `AuthenticateOpRequest.password`. */
export function encodeGuardedString(password: GuardedString): Uint8Array {
  return serializeBinary(password);
}

/** `AuthenticateOpRequest.password`: empty field → null. */
export function decodeGuardedString(bytes: Uint8Array | undefined): GuardedString | null {
  return decodeTyped(bytes, GuardedString, 'a GuardedString');
}

/** `SchemaOpResponse.schema`: null → empty field. */
export function encodeSchema(schema: Schema | null | undefined): Uint8Array {
  return encodeOptionalBlob(schema);
}

/** `SchemaOpResponse.schema`: empty field → null. */
export function decodeSchema(bytes: Uint8Array | undefined): Schema | null {
  return decodeTyped(bytes, Schema, 'a Schema');
}

/** `ScriptContext.scriptArguments`: a `Map` String → any. */
export function encodeScriptArguments(args: ReadonlyMap<string, unknown>): Uint8Array {
  return serializeBinary(new Map(args));
}

/** `ScriptContext.scriptArguments`: empty field → empty map. */
export function decodeScriptArguments(bytes: Uint8Array | undefined): Map<string, unknown> {
  const value = decodeOptionalBlob(bytes);
  if (value === null) return new Map();
  if (!(value instanceof Map)) {
    throw new UnexpectedBlobException(
      `Expected a Map of script arguments in the blob, got ${describe(value)}`,
    );
  }
  const out = new Map<string, unknown>();
  for (const [key, arg] of value) {
    if (typeof key !== 'string') {
      throw new UnexpectedBlobException(`Script argument names must be Strings, got ${describe(key)}`);
    }
    out.set(key, arg);
  }
  return out;
}

/** `ControlResponse.connectorInfos`: a `List` of `ConnectorInfo` (an empty list when there is none). */
export function encodeConnectorInfos(infos: Iterable<ConnectorInfo>): Uint8Array {
  return serializeBinary([...infos]);
}

/** `ControlResponse.connectorInfos`: empty field → empty list. */
export function decodeConnectorInfos(bytes: Uint8Array | undefined): ConnectorInfo[] {
  const value = decodeOptionalBlob(bytes);
  if (value === null) return [];
  if (!Array.isArray(value) && !(value instanceof Set)) {
    throw new UnexpectedBlobException(`Expected a List of ConnectorInfo in the blob, got ${describe(value)}`);
  }
  const out: ConnectorInfo[] = [];
  for (const item of value) {
    if (!(item instanceof ConnectorInfo)) {
      throw new UnexpectedBlobException(`Expected a ConnectorInfo in the list, got ${describe(item)}`);
    }
    out.push(item);
  }
  return out;
}

/**
 * The facade key of an API configuration (spec §5.4): Base64 (standard alphabet, padded, no line breaks) of the
 * serialized `APIConfiguration`. This is the full configuration, not a hash.
 */
export function facadeKeyOf(configuration: APIConfiguration): string {
  return Buffer.from(serializeBinary(configuration)).toString('base64');
}

/** Decodes a facade key's text back into the `APIConfiguration` it carries. */
export function apiConfigurationFromFacadeKey(facadeKey: string): APIConfiguration {
  const text = facadeKey.trim();
  if (text === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new ConnectorException('Malformed connector facade key: not a Base64 string');
  }
  const value = decodeOptionalBlob(Buffer.from(text, 'base64'));
  if (!(value instanceof APIConfiguration)) {
    throw new UnexpectedBlobException(
      `Expected an APIConfiguration in the facade key, got ${describe(value)}`,
    );
  }
  return value;
}
