/**
 * Enum serial types (spec §4.3.3): body `value` = the Java constant name.
 *
 * @packageDocumentation
 */
import { ATTRIBUTE_INFO_FLAGS } from '@rcskit/core';
import { JavaEnum } from '../java-enum.js';
import type { ObjectReader, ObjectWriter, TypeHandler } from '../registry.js';
import { requireString } from './field-helpers.js';

/** `SyncDeltaType` constants in Java declaration order. */
export const SYNC_DELTA_TYPE_CONSTANTS: readonly string[] = Object.freeze([
  'CREATE_OR_UPDATE',
  'DELETE',
  'CREATE',
  'UPDATE',
]);

/** Writes the body of an enum constant. */
export function writeEnumBody(out: ObjectWriter, constant: string): void {
  out.writeStringField('value', constant);
}

/** Reads the body of an enum constant, checking it is one of `constants`. */
export function readEnumBody<T extends string>(input: ObjectReader, constants: readonly T[]): T {
  const value = requireString(input, 'value');
  if (!(constants as readonly string[]).includes(value)) {
    input.fail(`'${value.slice(0, 60)}' is not a constant of ${input.typeName}`);
  }
  return value as T;
}

function javaEnumHandler(name: string, constants: readonly string[]): TypeHandler<JavaEnum> {
  return {
    name,
    matches: (value) => value instanceof JavaEnum && value.javaType === name,
    encode: (constant, out) => writeEnumBody(out, constant.value),
    decode: (input) => JavaEnum.of(name, readEnumBody(input, constants)),
  };
}

/** `AttributeInfo.Flags`. */
export const attributeInfoFlagHandler = javaEnumHandler('AttributeInfoFlag', ATTRIBUTE_INFO_FLAGS);
/** `SyncDeltaType`. */
export const syncDeltaTypeHandler = javaEnumHandler('SyncDeltaType', SYNC_DELTA_TYPE_CONSTANTS);
