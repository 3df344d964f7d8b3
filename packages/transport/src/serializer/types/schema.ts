/**
 * Schema serial types (spec §4.3.4): `AttributeInfo`, `ObjectClassInfo`, `OperationOptionInfo`, `Schema`.
 *
 * @packageDocumentation
 */
import {
  type ApiOperation,
  AttributeInfo,
  type AttributeInfoFlag,
  isApiOperation,
  type JavaType,
  namesEqual,
  ObjectClassInfo,
  OperationOptionInfo,
  Schema,
} from '@rcskit/core';
import { JavaClass } from '../java-class.js';
import { JavaEnum } from '../java-enum.js';
import { expectInstance, type ObjectReader, type TypeHandler } from '../registry.js';
import { itemsOf, mapOf, requireClass, requireString, stringsOf } from './field-helpers.js';

export const attributeInfoHandler: TypeHandler<AttributeInfo> = {
  name: 'AttributeInfo',
  classes: [AttributeInfo],
  encode: (info, out) => {
    out.writeStringField('name', info.name);
    out.writeClassField('type', info.type);
    for (const flag of info.flags) out.writeObjectContents(JavaEnum.of('AttributeInfoFlag', flag));
  },
  decode: (input) => {
    const flags: AttributeInfoFlag[] = [];
    for (let i = 0; i < input.anonymousCount; i++) {
      const flag = expectInstance(input, input.readObjectContents(i), JavaEnum, `flag #${i}`);
      if (flag.javaType !== 'AttributeInfoFlag') input.fail(`flag #${i} is a ${flag.javaType}`);
      flags.push(flag.value as AttributeInfoFlag);
    }
    return new AttributeInfo(requireString(input, 'name'), requireClass(input, 'type') as JavaType, flags);
  },
};

export const objectClassInfoHandler: TypeHandler<ObjectClassInfo> = {
  name: 'ObjectClassInfo',
  classes: [ObjectClassInfo],
  encode: (info, out) => {
    out.writeStringField('type', info.type);
    out.writeBooleanField('container', info.isContainer);
    out.writeObjectField('AttributeInfos', new Set(info.attributeInfos));
  },
  decode: (input) =>
    new ObjectClassInfo(
      requireString(input, 'type'),
      itemsOf(input, 'AttributeInfos', AttributeInfo) ?? [],
      input.readBooleanField('container', false),
    ),
};

export const operationOptionInfoHandler: TypeHandler<OperationOptionInfo> = {
  name: 'OperationOptionInfo',
  classes: [OperationOptionInfo],
  encode: (info, out) => {
    out.writeStringField('name', info.name);
    out.writeClassField('type', info.type);
  },
  decode: (input) =>
    new OperationOptionInfo(requireString(input, 'name'), requireClass(input, 'type') as JavaType),
};

/** op → names, as the wire writes the per-operation maps (`Class` → `Set` of names). */
function supportToWire<T>(
  support: ReadonlyMap<ApiOperation, ReadonlySet<T>>,
  nameOf: (item: T) => string,
): Map<JavaClass, Set<string>> {
  const out = new Map<JavaClass, Set<string>>();
  for (const [op, items] of support) out.set(JavaClass.of(op), new Set([...items].map(nameOf)));
  return out;
}

/** Reads a per-operation map back, resolving names against the declared items. */
function supportFromWire<T>(
  input: ObjectReader,
  field: string,
  declared: readonly T[],
  nameOf: (item: T) => string,
  caseInsensitive: boolean,
): Map<ApiOperation, T[]> {
  const out = new Map<ApiOperation, T[]>();
  const map = mapOf(input, input.readObjectField(field), `field '${field}'`);
  for (const [key, value] of map ?? []) {
    const op = expectInstance(input, key, JavaClass, `${field} key`).typeName;
    if (!isApiOperation(op)) input.fail(`${field} key '${op}' is not an API operation`);
    const members = (stringsOf(input, value, `${field}[${op}]`) ?? []).map((name) => {
      const found =
        declared.find((d) => nameOf(d) === name) ??
        (caseInsensitive ? declared.find((d) => namesEqual(nameOf(d), name)) : undefined);
      if (found === undefined) input.fail(`${field}[${op}] names '${name}', which is not declared`);
      return found;
    });
    out.set(op, members);
  }
  return out;
}

export const schemaHandler: TypeHandler<Schema> = {
  name: 'Schema',
  classes: [Schema],
  encode: (schema, out) => {
    out.writeObjectField('ObjectClassInfos', new Set(schema.objectClassInfo));
    out.writeObjectField('OperationOptionInfos', new Set(schema.operationOptionInfo));
    out.writeObjectField(
      'objectClassesByOperation',
      supportToWire(schema.supportedObjectClassesByOperation, (i) => i.type),
    );
    out.writeObjectField(
      'optionsByOperation',
      supportToWire(schema.supportedOptionsByOperation, (i) => i.name),
    );
  },
  decode: (input) => {
    const classes = itemsOf(input, 'ObjectClassInfos', ObjectClassInfo) ?? [];
    const options = itemsOf(input, 'OperationOptionInfos', OperationOptionInfo) ?? [];
    return new Schema(
      classes,
      options,
      supportFromWire(input, 'objectClassesByOperation', classes, (i) => i.type, true),
      supportFromWire(input, 'optionsByOperation', options, (i) => i.name, false),
    );
  },
};

/** The schema handlers, in registry order. */
export const SCHEMA_HANDLERS: readonly TypeHandler[] = [
  attributeInfoHandler,
  objectClassInfoHandler,
  operationOptionInfoHandler,
  schemaHandler,
];
