/**
 * Primitive serial types (spec §4.3.1): Boolean, Character, Integer, Long, Float, Double, String, URI, File,
 * BigDecimal, BigInteger, Byte, ByteArray and Class. Values are always boxed in the model, so the encoder writes
 * the boxed names; the primitive names (`int`, `long`, …) are accepted when decoding.
 *
 * @packageDocumentation
 */
import {
  JavaBigDecimal,
  JavaBigInteger,
  JavaByte,
  JavaCharacter,
  JavaDouble,
  JavaFile,
  JavaFloat,
  JavaInteger,
  JavaLong,
  JavaURI,
} from '@rcskit/core';
import { JavaClass } from '../java-class.js';
import { JavaLocale } from '../java-locale.js';
import type { ObjectReader, TypeHandler } from '../registry.js';

const DECIMAL = /^[+-]?\d+$/;

/** Parses a decimal integer as Java's `new BigInteger(String)` accepts it, within the digit limit. */
function parseDecimal(input: ObjectReader, text: string, what: string): bigint {
  if (text.length > input.limits.maxNumberDigits + 1) {
    input.fail(`${what} has more than ${input.limits.maxNumberDigits} digits`);
  }
  if (!DECIMAL.test(text)) input.fail(`${what} is not a decimal integer: '${text.slice(0, 40)}'`);
  return BigInt(text);
}

export const booleanHandler: TypeHandler<boolean> = {
  name: 'Boolean',
  aliases: ['boolean'],
  classes: [Boolean],
  encode: (value, out) => out.writeBooleanContents(value),
  decode: (input) => input.readBooleanContents(0),
};

export const characterHandler: TypeHandler<JavaCharacter> = {
  name: 'Character',
  aliases: ['char'],
  classes: [JavaCharacter],
  encode: (value, out) => out.writeStringContents(value.value),
  decode: (input) => {
    const text = input.readStringContents(0);
    if (text.length === 0) input.fail('empty string');
    // Java takes the first char of the string.
    return new JavaCharacter(text[0]!);
  },
};

export const integerHandler: TypeHandler<JavaInteger> = {
  name: 'Integer',
  aliases: ['int'],
  classes: [JavaInteger],
  encode: (value, out) => out.writeIntContents(value.value),
  decode: (input) => new JavaInteger(input.readIntContents(0)),
};

export const longHandler: TypeHandler<JavaLong> = {
  name: 'Long',
  aliases: ['long'],
  classes: [JavaLong],
  encode: (value, out) => out.writeLongContents(value.value),
  decode: (input) => new JavaLong(input.readLongContents(0)),
};

export const floatHandler: TypeHandler<JavaFloat> = {
  name: 'Float',
  aliases: ['float'],
  classes: [JavaFloat],
  // Widened to float64 for C# compatibility; narrowed back on decode.
  encode: (value, out) => out.writeDoubleContents(value.value),
  decode: (input) => new JavaFloat(input.readDoubleContents(0)),
};

export const doubleHandler: TypeHandler<JavaDouble> = {
  name: 'Double',
  aliases: ['double'],
  classes: [JavaDouble],
  encode: (value, out) => out.writeDoubleContents(value.value),
  decode: (input) => new JavaDouble(input.readDoubleContents(0)),
};

export const byteHandler: TypeHandler<JavaByte> = {
  name: 'Byte',
  aliases: ['byte'],
  classes: [JavaByte],
  encode: (value, out) => out.writeByteContents(value.value),
  decode: (input) => new JavaByte(input.readByteContents(0)),
};

export const stringHandler: TypeHandler<string> = {
  name: 'String',
  classes: [String],
  encode: (value, out) => out.writeStringContents(value),
  decode: (input) => input.readStringContents(0),
};

export const uriHandler: TypeHandler<JavaURI> = {
  name: 'URI',
  classes: [JavaURI],
  encode: (value, out) => out.writeStringContents(value.value),
  decode: (input) => new JavaURI(input.readStringContents(0)),
};

export const fileHandler: TypeHandler<JavaFile> = {
  name: 'File',
  classes: [JavaFile],
  encode: (value, out) => out.writeStringContents(value.path),
  decode: (input) => new JavaFile(input.readStringContents(0)),
};

export const bigIntegerHandler: TypeHandler<JavaBigInteger> = {
  name: 'BigInteger',
  classes: [JavaBigInteger],
  encode: (value, out) => out.writeStringContents(value.value.toString()),
  decode: (input) => new JavaBigInteger(parseDecimal(input, input.readStringContents(0), 'BigInteger')),
};

export const bigDecimalHandler: TypeHandler<JavaBigDecimal> = {
  name: 'BigDecimal',
  classes: [JavaBigDecimal],
  encode: (value, out) => {
    out.writeStringField('unscaled', value.unscaled.toString());
    out.writeIntField('scale', value.scale);
  },
  decode: (input) => {
    const unscaled = input.readStringField('unscaled');
    if (unscaled === null) return input.fail("missing field 'unscaled'");
    return new JavaBigDecimal(
      parseDecimal(input, unscaled, 'BigDecimal unscaled value'),
      input.readIntField('scale', 0),
    );
  },
};

export const byteArrayHandler: TypeHandler<Uint8Array> = {
  name: 'ByteArray',
  classes: [Uint8Array],
  // Buffer and other Uint8Array subclasses.
  matches: (value) => value instanceof Uint8Array,
  encode: (value, out) => out.writeByteArrayContents(value),
  decode: (input) => input.readByteArrayContents(0),
};

export const classHandler: TypeHandler<JavaClass> = {
  name: 'Class',
  classes: [JavaClass],
  encode: (value, out) => out.writeClassContents(value.typeName),
  decode: (input) => {
    const typeName = input.readClassContents(0);
    if (typeName === null) return input.fail('null class-spec');
    return JavaClass.of(typeName);
  },
};

export const localeHandler: TypeHandler<JavaLocale> = {
  name: 'Locale',
  classes: [JavaLocale],
  encode: (locale, out) => {
    out.writeStringField('language', locale.language);
    out.writeStringField('country', locale.country);
    out.writeStringField('variant', locale.variant);
  },
  decode: (input) =>
    new JavaLocale(
      input.readStringField('language') ?? '',
      input.readStringField('country') ?? '',
      input.readStringField('variant') ?? '',
    ),
};

/** The primitive handlers, in registry order. */
export const PRIMITIVE_HANDLERS: readonly TypeHandler[] = [
  booleanHandler,
  characterHandler,
  integerHandler,
  longHandler,
  floatHandler,
  doubleHandler,
  stringHandler,
  uriHandler,
  fileHandler,
  bigDecimalHandler,
  bigIntegerHandler,
  byteHandler,
  byteArrayHandler,
  classHandler,
  localeHandler,
];
