/**
 * Common object serial types (spec §4.3.4) used by the operations: `OperationOptions`, `SortKey`,
 * `QualifiedUid`, `SearchResult` (+ the `CountPolicy` enum), `SyncToken`, `SyncDelta`, `Script`,
 * `ScriptContext`.
 *
 * @packageDocumentation
 */
import {
  type AttributeValueInput,
  COUNT_POLICIES,
  ConnectorObject,
  CountPolicyValue,
  ObjectClass,
  OperationOptions,
  QualifiedUid,
  Script,
  ScriptContext,
  SearchResult,
  SortKey,
  SyncDelta,
  type SyncDeltaType,
  SyncToken,
  Uid,
} from '@rcskit/core';
import { JavaEnum } from '../java-enum.js';
import {
  type ClassOf,
  describeValue,
  expectInstance,
  type ObjectReader,
  type TypeHandler,
} from '../registry.js';
import { readEnumBody, SYNC_DELTA_TYPE_CONSTANTS, writeEnumBody } from './enums.js';
import { mapOf, requireString } from './field-helpers.js';

/** A nested object field that must be an instance of `cls` or null/absent. */
function optionalObject<T>(input: ObjectReader, field: string, cls: ClassOf<T>): T | null {
  const value = input.readObjectField(field);
  return value === null ? null : expectInstance(input, value, cls, `field '${field}'`);
}

/** A nested object field that must be an instance of `cls`. */
function requiredObject<T>(input: ObjectReader, field: string, cls: ClassOf<T>): T {
  const value = input.readObjectField(field);
  if (value === null) return input.fail(`missing field '${field}'`);
  return expectInstance(input, value, cls, `field '${field}'`);
}

/** A nested `String` object field (Script texts are objects, not string fields). */
function stringObject(input: ObjectReader, field: string): string {
  const value = input.readObjectField(field);
  if (typeof value !== 'string')
    return input.fail(`field '${field}' must be a String, got ${describeValue(value)}`);
  return value;
}

export const countPolicyHandler: TypeHandler<CountPolicyValue> = {
  name: 'CountPolicy',
  classes: [CountPolicyValue],
  encode: (policy, out) => writeEnumBody(out, policy.value),
  decode: (input) => CountPolicyValue.of(readEnumBody(input, COUNT_POLICIES)),
};

export const operationOptionsHandler: TypeHandler<OperationOptions> = {
  name: 'OperationOptions',
  classes: [OperationOptions],
  encode: (options, out) => out.writeObjectField('options', new Map(options.options)),
  decode: (input) => {
    const map = mapOf(input, input.readObjectField('options'), "field 'options'");
    if (map) {
      for (const key of map.keys()) {
        if (typeof key !== 'string') input.fail(`option name must be a String, got ${describeValue(key)}`);
      }
    }
    return new OperationOptions(map as ReadonlyMap<string, unknown> | null);
  },
};

export const sortKeyHandler: TypeHandler<SortKey> = {
  name: 'SortKey',
  classes: [SortKey],
  encode: (key, out) => {
    out.writeStringField('field', key.field);
    out.writeBooleanField('isAscending', key.isAscendingOrder);
  },
  decode: (input) => new SortKey(requireString(input, 'field'), input.readBooleanField('isAscending', true)),
};

export const qualifiedUidHandler: TypeHandler<QualifiedUid> = {
  name: 'QualifiedUid',
  classes: [QualifiedUid],
  encode: (qualified, out) => {
    out.writeObjectField('ObjectClass', qualified.objectClass);
    out.writeObjectField('Uid', qualified.uid);
  },
  decode: (input) =>
    new QualifiedUid(requiredObject(input, 'ObjectClass', ObjectClass), requiredObject(input, 'Uid', Uid)),
};

export const searchResultHandler: TypeHandler<SearchResult> = {
  name: 'SearchResult',
  classes: [SearchResult],
  encode: (result, out) => {
    out.writeStringField('pagedResultsCookie', result.pagedResultsCookie);
    out.writeIntField('totalPagedResults', result.totalPagedResults);
    out.writeIntField('remainingPagedResults', result.remainingPagedResults);
    out.writeObjectField('CountPolicy', CountPolicyValue.of(result.totalPagedResultsPolicy));
  },
  decode: (input) =>
    new SearchResult(
      input.readStringField('pagedResultsCookie'),
      optionalObject(input, 'CountPolicy', CountPolicyValue),
      input.readIntField('totalPagedResults', SearchResult.NO_COUNT),
      input.readIntField('remainingPagedResults', -1),
    ),
};

export const syncTokenHandler: TypeHandler<SyncToken> = {
  name: 'SyncToken',
  classes: [SyncToken],
  encode: (token, out) => out.writeObjectField('value', token.value),
  decode: (input) => new SyncToken(input.readObjectField('value') as AttributeValueInput),
};

export const syncDeltaHandler: TypeHandler<SyncDelta> = {
  name: 'SyncDelta',
  classes: [SyncDelta],
  encode: (delta, out) => {
    out.writeObjectField('SyncDeltaType', JavaEnum.of('SyncDeltaType', delta.deltaType));
    out.writeObjectField('SyncToken', delta.token);
    out.writeObjectField('PreviousUid', delta.previousUid);
    out.writeObjectField('ObjectClass', delta.objectClass);
    out.writeObjectField('Uid', delta.uid);
    out.writeObjectField('ConnectorObject', delta.object);
  },
  decode: (input) => {
    const type = requiredObject(input, 'SyncDeltaType', JavaEnum);
    if (type.javaType !== 'SyncDeltaType' || !SYNC_DELTA_TYPE_CONSTANTS.includes(type.value)) {
      input.fail(`field 'SyncDeltaType' holds a ${type.javaType}`);
    }
    return new SyncDelta({
      deltaType: type.value as SyncDeltaType,
      token: requiredObject(input, 'SyncToken', SyncToken),
      previousUid: optionalObject(input, 'PreviousUid', Uid),
      objectClass: optionalObject(input, 'ObjectClass', ObjectClass),
      uid: requiredObject(input, 'Uid', Uid),
      object: optionalObject(input, 'ConnectorObject', ConnectorObject),
    });
  },
};

export const scriptHandler: TypeHandler<Script> = {
  name: 'Script',
  classes: [Script],
  encode: (script, out) => {
    out.writeStringField('scriptLanguage', script.scriptLanguage);
    out.writeObjectField('scriptText', script.scriptText);
  },
  decode: (input) => new Script(requireString(input, 'scriptLanguage'), stringObject(input, 'scriptText')),
};

export const scriptContextHandler: TypeHandler<ScriptContext> = {
  name: 'ScriptContext',
  classes: [ScriptContext],
  encode: (context, out) => {
    out.writeStringField('scriptLanguage', context.scriptLanguage);
    out.writeObjectField('scriptArguments', new Map(context.scriptArguments));
    out.writeObjectField('scriptText', context.scriptText);
  },
  decode: (input) => {
    const args = mapOf(input, input.readObjectField('scriptArguments'), "field 'scriptArguments'");
    return new ScriptContext(
      requireString(input, 'scriptLanguage'),
      stringObject(input, 'scriptText'),
      args as ReadonlyMap<string, unknown> | null,
    );
  },
};

/** The operation-object handlers, in registry order. */
export const OPERATION_OBJECT_HANDLERS: readonly TypeHandler[] = [
  countPolicyHandler,
  operationOptionsHandler,
  sortKeyHandler,
  qualifiedUidHandler,
  searchResultHandler,
  syncTokenHandler,
  syncDeltaHandler,
  scriptHandler,
  scriptContextHandler,
];
