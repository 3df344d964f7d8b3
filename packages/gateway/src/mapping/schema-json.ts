/**
 * JSON that IDM generates from connector metadata:
 *
 * - {@link schemaToJson}: a connector `Schema` → `{"objectTypes": …, "operationOptions": …}` (spec framework.md
 *   F.8), what `/system/<name>?_action=schema` answers and `createFullConfig` embeds;
 * - {@link coreConfigFor}: `/system?_action=createCoreConfig` (F.2): the request echoed with the connector's
 *   default pool, results-handler, timeout and configuration-property settings;
 * - {@link fullConfigFor}: `/system?_action=createFullConfig` (F.2) once the caller has run `test()` and
 *   `schema()`.
 *
 * Object types are keyed by the object class type; their properties by the native attribute name (the
 * generated configuration is usually edited afterwards to rename them). A property is
 * `{"type", ["items"], ["required": true], "nativeName", "nativeType", ["flags"]}` in that order, as in the
 * seed; a multi-valued attribute has `"type": "array"` with `items` and keeps the item type as `nativeType`;
 * `flags` lists every flag except MULTIVALUED and REQUIRED. `__UID__` infos are not rendered (the Uid is
 * always `_id`); `container` is not rendered either.
 *
 * Secrets: default values of confidential and Guarded* configuration properties are returned encrypted.
 *
 * @packageDocumentation
 */
import {
  type AttributeInfo,
  type ConfigValue,
  type ConnectorInfo,
  GuardedByteArray,
  GuardedString,
  isArrayType,
  JavaArray,
  JavaCharacter,
  type ObjectClassInfo,
  type OperationOptionInfo,
  type Schema,
  Script,
  Uid,
  valueToPlain,
} from '@rcskit/core';
import type { ConfigCrypto } from '../config/crypto.js';
import { OPERATION_TYPE_TO_API, OPERATION_TYPES, type OperationType } from '../config/provisioner.js';
import { DRAFT_03_SCHEMA } from './object-types.js';
import { idmTypeName, type JsonObject, type JsonValue, jsonTypeOf } from './types.js';

/** The JSON of one attribute info. */
export function attributeInfoToJson(info: AttributeInfo): JsonObject {
  const itemType = jsonTypeOf(info.type);
  const nativeType = idmTypeName(info.type);
  const out: JsonObject = {};
  if (info.isMultiValued) {
    out.type = 'array';
    out.items = { type: itemType, nativeType };
  } else {
    out.type = itemType;
  }
  if (info.isRequired) out.required = true;
  out.nativeName = info.name;
  out.nativeType = nativeType;
  const flags = [...info.flags].filter((f) => f !== 'MULTIVALUED' && f !== 'REQUIRED');
  if (flags.length > 0) out.flags = flags;
  return out;
}

/** The JSON of one object class (an entry of `objectTypes`). */
export function objectClassInfoToJson(info: ObjectClassInfo): JsonObject {
  const properties: JsonObject = {};
  for (const attribute of info.attributeInfos) {
    if (attribute.is(Uid.NAME)) continue;
    properties[attribute.name] = attributeInfoToJson(attribute);
  }
  return {
    $schema: DRAFT_03_SCHEMA,
    id: info.type,
    type: 'object',
    nativeType: info.type,
    properties,
  };
}

function optionInfoToJson(info: OperationOptionInfo): JsonObject {
  if (isArrayType(info.type)) {
    const component = info.type.slice(0, -2);
    const nativeType = idmTypeName(component);
    return { type: 'array', items: { type: jsonTypeOf(component), nativeType }, nativeType };
  }
  return { type: jsonTypeOf(info.type), nativeType: idmTypeName(info.type) };
}

/** `operationOptions` for a schema: every IDM operation, with the object classes and options it supports. */
export function operationOptionsToJson(schema: Schema): JsonObject {
  const out: JsonObject = {};
  for (const operation of OPERATION_TYPES) {
    const api = OPERATION_TYPE_TO_API[operation];
    const properties: JsonObject = {};
    for (const option of schema.getSupportedOptionsByOperation(api)) {
      properties[option.name] = optionInfoToJson(option);
    }
    const features: JsonObject = {};
    for (const info of schema.getSupportedObjectClassesByOperation(api)) {
      features[info.type] = {
        operationOptionInfo: {
          $schema: DRAFT_03_SCHEMA,
          id: 'FIX_ME',
          type: 'object',
          properties: { ...properties },
        },
      };
    }
    out[operation] = { objectFeatures: features };
  }
  return out;
}

/** The schema JSON: `{"objectTypes": {<type>: …}, "operationOptions": {<OP>: …}}`. */
export function schemaToJson(schema: Schema): { objectTypes: JsonObject; operationOptions: JsonObject } {
  const objectTypes: JsonObject = {};
  for (const info of schema.objectClassInfo) objectTypes[info.type] = objectClassInfoToJson(info);
  return { objectTypes, operationOptions: operationOptionsToJson(schema) };
}

/** A configuration value as JSON (secrets in clear: encrypt before returning them). */
export function configValueToJson(value: ConfigValue | null | undefined): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof GuardedString) return value.access((clear) => clear);
  if (value instanceof GuardedByteArray) return value.access((clear) => Buffer.from(clear).toString('utf8'));
  if (value instanceof Script) return { scriptLanguage: value.scriptLanguage, scriptText: value.scriptText };
  if (value instanceof JavaCharacter) return value.value;
  if (value instanceof JavaArray)
    return value.items.map((item) => configValueToJson(item as ConfigValue | null));
  return valueToPlain(value) as JsonValue;
}

/** The default `configurationProperties` of a connector, secrets encrypted. */
export function defaultConfigurationProperties(info: ConnectorInfo, crypto: ConfigCrypto): JsonObject {
  const out: JsonObject = {};
  for (const property of info.defaultApiConfiguration.configurationProperties) {
    const value = configValueToJson(property.value);
    const secret = property.confidential || property.type.startsWith('Guarded');
    out[property.name] = secret && value !== null ? (crypto.encrypt(value) as unknown as JsonObject) : value;
  }
  return out;
}

/** The 13 `operationTimeout` entries of a connector's default configuration (-1 = none). */
export function defaultOperationTimeouts(info: ConnectorInfo): Record<OperationType, number> {
  const out = {} as Record<OperationType, number>;
  for (const operation of OPERATION_TYPES) {
    out[operation] = info.defaultApiConfiguration.getTimeout(OPERATION_TYPE_TO_API[operation]);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The `createCoreConfig` answer: the request body echoed, plus `poolConfigOption`, `resultsHandlerConfig`,
 * `operationTimeout` (all 13 operations) and `configurationProperties` (every property with its default, secrets
 * encrypted). The caller has looked up `info` from `body.connectorRef` (404 when there is none); a body without a
 * `connectorRef` object gives `{}` as in IDM.
 */
export function coreConfigFor(
  body: Readonly<Record<string, unknown>>,
  info: ConnectorInfo,
  crypto: ConfigCrypto,
): Record<string, unknown> {
  if (!isObject(body) || !isObject(body.connectorRef)) return {};
  const defaults = info.defaultApiConfiguration;
  return {
    ...body,
    poolConfigOption: { ...defaults.connectorPoolConfiguration.toJSON() },
    resultsHandlerConfig: { ...defaults.resultsHandlerConfiguration.toJSON() },
    operationTimeout: defaultOperationTimeouts(info),
    configurationProperties: defaultConfigurationProperties(info, crypto),
  };
}

/** Options of {@link fullConfigFor}. */
export interface FullConfigOptions {
  /** Encrypts the secret properties given in clear. */
  readonly crypto: ConfigCrypto;
  /** Names of the secret properties (e.g. `confidentialPropertyNames(info)`). */
  readonly confidential?: Iterable<string>;
}

/**
 * The `createFullConfig` answer from a core configuration filled in by the client and the connector's schema
 * (null when it has none, or when `schema()` failed with an InvalidCredentialException, which IDM swallows):
 * `connectorRef`, `poolConfigOption`, `resultsHandlerConfig`, `operationTimeout`, `configurationProperties`
 * (secrets encrypted), then `objectTypes` and `operationOptions` from the schema. A body without
 * `configurationProperties` gives `{}` as in IDM. Other keys of the body (e.g. `systemActions`) are kept.
 */
export function fullConfigFor(
  body: Readonly<Record<string, unknown>>,
  schema: Schema | null,
  options: FullConfigOptions,
): Record<string, unknown> {
  if (!isObject(body) || !isObject(body.configurationProperties)) return {};
  const confidential = new Set(options.confidential ?? []);
  const properties: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body.configurationProperties)) {
    properties[name] = confidential.has(name) ? options.crypto.protect(value) : value;
  }
  const { objectTypes: _objectTypes, operationOptions: _operationOptions, ...rest } = body;
  const out: Record<string, unknown> = { ...rest, configurationProperties: properties };
  if (schema) Object.assign(out, schemaToJson(schema));
  return out;
}
