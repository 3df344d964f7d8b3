/**
 * The schema DSL of schema scripts (spec framework.md D.5; seed "Schema Script"). The `builder` binding's
 * `schema(…)` returns the Schema the script must return. Groovy's
 *
 * ```groovy
 * builder.schema {
 *   objectClass {
 *     type 'users'
 *     attribute 'active', Boolean.class, EnumSet.of(REQUIRED)
 *     attributes { displayName(); emails Map.class, MULTIVALUED, REQUIRED }
 *   }
 * }
 * ```
 *
 * becomes, in either of two equivalent styles:
 *
 * ```ts
 * return builder.schema(({ objectClass }) => {
 *   objectClass(({ type, attribute, attributes }) => {
 *     type('users');
 *     attribute('active', 'Boolean', ['REQUIRED']);
 *     attributes({ displayName: [], emails: ['Map', 'MULTIVALUED', 'REQUIRED'] });
 *   });
 * });
 *
 * return builder.schema({
 *   objectClasses: [{ type: 'users', attributes: { active: ['Boolean', 'REQUIRED'], displayName: [] } }],
 * });
 * ```
 *
 * An attribute is described by a name and any number of arguments in any order: at most one **type** — a Java
 * type name (`'String'`, `'Boolean'`, `'Integer'`, `'long'`, `'Map'`, `'byte[]'`, `'GuardedString'`, …) or one of
 * the constructors `String`, `Boolean`, `Map`, `Uint8Array`, `BigInt`, `GuardedString`, `GuardedByteArray` — and
 * **flags** (`'REQUIRED'`, `'MULTIVALUED'`, `'NOT_CREATABLE'`, `'NOT_UPDATEABLE'`, `'NOT_READABLE'`,
 * `'NOT_RETURNED_BY_DEFAULT'`, or `Flags.X`), alone or in arrays/Sets. The type defaults to `String`. In
 * `attributes({…})` the value may be one argument, an array of them, or `[]`/`true`/`null` for the defaults.
 *
 * As in the toolkit: `__NAME__` is added to every class automatically; a class is defined for every operation the
 * connector supports and then removed from each SPI operation listed in `disable` (`SearchOp` removes Search and
 * Get); the default type is `__ACCOUNT__`. Everything else of the framework's SchemaBuilder is reachable as
 * `builder` in the callback, plus `defineObjectClass(info, …ops)` and `defineOperationOption(info, …ops)`.
 *
 * @packageDocumentation
 */
import {
  type ApiOperation,
  ATTRIBUTE_INFO_FLAGS,
  ATTRIBUTE_TYPES,
  AttributeInfo,
  type AttributeInfoFlag,
  GuardedByteArray,
  GuardedString,
  IllegalArgumentException,
  isSpiOperation,
  type JavaType,
  OBJECT_CLASS_OPERATIONS,
  type ObjectClassInfo,
  ObjectClassInfoBuilder,
  OPTION_OPERATIONS,
  OperationOptionInfo,
  type Schema,
  SchemaBuilder,
  type SpiOperation,
  spiToApi,
} from '@rcskit/core';

/** A JS constructor accepted as an attribute type. */
export type AttributeTypeConstructor =
  | StringConstructor
  | BooleanConstructor
  | MapConstructor
  | Uint8ArrayConstructor
  | BigIntConstructor
  | typeof GuardedString
  | typeof GuardedByteArray;

/** One argument describing an attribute: a type or flag(s). */
export type AttributeArg =
  | JavaType
  | AttributeTypeConstructor
  | AttributeInfoFlag
  | readonly AttributeInfoFlag[]
  | ReadonlySet<AttributeInfoFlag>;

/** How `attributes({ name: … })` describes one attribute. */
export type AttributeSpec =
  | AttributeArg
  | readonly AttributeArg[]
  | { readonly type?: JavaType | AttributeTypeConstructor; readonly flags?: readonly AttributeInfoFlag[] }
  | true
  | null
  | undefined;

const FLAG_NAMES: ReadonlySet<string> = new Set(ATTRIBUTE_INFO_FLAGS);

function constructorType(value: unknown): JavaType | undefined {
  if (value === String) return 'String';
  if (value === Boolean) return 'Boolean';
  if (value === Map) return 'Map';
  if (value === Uint8Array) return 'byte[]';
  if (value === BigInt) return 'BigInteger';
  if (value === GuardedString) return 'GuardedString';
  if (value === GuardedByteArray) return 'GuardedByteArray';
  return undefined;
}

function describeArg(value: unknown): string {
  if (typeof value === 'function') return value.name || 'a function';
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}

/**
 * Builds an attribute info from a name and type/flag arguments in any order (see the module notes).
 *
 * @throws IllegalArgumentException for an unknown type or flag, two types, or a combination the framework rejects.
 */
export function buildAttributeInfo(name: string, ...args: readonly unknown[]): AttributeInfo {
  let type: JavaType | undefined;
  const flags = new Set<AttributeInfoFlag>();
  const setType = (t: JavaType, raw: unknown) => {
    if (type !== undefined && type !== t) {
      throw new IllegalArgumentException(
        `Attribute '${name}' has two types: ${type} and ${describeArg(raw)}`,
      );
    }
    type = t;
  };
  const visit = (arg: unknown): void => {
    if (arg === null || arg === undefined || arg === true) return;
    if (Array.isArray(arg) || arg instanceof Set) {
      for (const item of arg as Iterable<unknown>) visit(item);
      return;
    }
    if (typeof arg === 'function') {
      if (arg === Number) {
        throw new IllegalArgumentException(
          `Attribute '${name}': Number is ambiguous; use 'Integer', 'Long', 'Double' or another Java type name`,
        );
      }
      const t = constructorType(arg);
      if (!t) {
        throw new IllegalArgumentException(
          `Attribute '${name}': ${describeArg(arg)} is not an attribute type`,
        );
      }
      setType(t, arg);
      return;
    }
    if (typeof arg === 'string') {
      if (FLAG_NAMES.has(arg)) flags.add(arg as AttributeInfoFlag);
      else if (ATTRIBUTE_TYPES.has(arg)) setType(arg as JavaType, arg);
      else {
        throw new IllegalArgumentException(
          `Attribute '${name}': '${arg}' is neither an attribute type (${[...ATTRIBUTE_TYPES].join(', ')}) ` +
            `nor a flag (${ATTRIBUTE_INFO_FLAGS.join(', ')})`,
        );
      }
      return;
    }
    if (typeof arg === 'object') {
      const spec = arg as { type?: unknown; flags?: unknown };
      if ('type' in spec || 'flags' in spec) {
        visit(spec.type);
        visit(spec.flags);
        return;
      }
    }
    throw new IllegalArgumentException(`Attribute '${name}': ${describeArg(arg)} is not a type or a flag`);
  };
  for (const arg of args) visit(arg);
  return new AttributeInfo(name, type ?? 'String', flags);
}

/** The declarative form of an object class. */
export interface ObjectClassSpec {
  /** Default `__ACCOUNT__`. */
  readonly type?: string;
  /** Objects of the class can contain others. */
  readonly container?: boolean;
  /** Attributes by name (see {@link AttributeSpec}), or ready infos. */
  readonly attributes?: Readonly<Record<string, AttributeSpec>> | Iterable<AttributeInfo>;
  /** SPI operations that do not support this class. */
  readonly disable?: readonly SpiOperation[];
}

/** The delegate of an object-class callback; every method also works destructured. */
export interface ObjectClassDelegate {
  /** Sets the type (default `__ACCOUNT__`). */
  type(type: string): void;
  /** Marks the class as a container (`container(false)` unmarks it). */
  container(isContainer?: boolean): void;
  /** Adds a ready AttributeInfo, or one built from a name and type/flag arguments. */
  attribute(info: AttributeInfo): void;
  attribute(name: string, ...args: AttributeArg[]): void;
  /** Adds several attributes: `{ name: spec }` (see {@link AttributeSpec}) or ready infos. */
  attributes(attributes: Readonly<Record<string, AttributeSpec>> | Iterable<AttributeInfo>): void;
  /** SPI operations that do not support this class. */
  disable(...operations: SpiOperation[]): void;
  /** The framework's builder, for anything else. */
  readonly builder: ObjectClassInfoBuilder;
}

/** What `objectClass(…)` accepts. */
export type ObjectClassInput = ObjectClassSpec | ((delegate: ObjectClassDelegate) => void);

function infosFrom(
  name: string,
  attributes: Readonly<Record<string, AttributeSpec>> | Iterable<AttributeInfo>,
): AttributeInfo[] {
  if (typeof (attributes as Iterable<AttributeInfo>)[Symbol.iterator] === 'function') {
    const out: AttributeInfo[] = [];
    for (const info of attributes as Iterable<AttributeInfo>) {
      if (!(info instanceof AttributeInfo)) {
        throw new IllegalArgumentException(
          `Object class '${name}': attributes(…) takes AttributeInfos or a { name: spec } record`,
        );
      }
      out.push(info);
    }
    return out;
  }
  return Object.entries(attributes as Record<string, AttributeSpec>).map(([attr, spec]) =>
    buildAttributeInfo(attr, spec),
  );
}

function checkOperations(operations: readonly unknown[]): SpiOperation[] {
  for (const op of operations) {
    if (!isSpiOperation(op)) {
      throw new IllegalArgumentException(
        `Unknown SPI operation ${describeArg(op)}; use names such as 'SyncOp', 'AuthenticateOp', 'SearchOp'`,
      );
    }
  }
  return [...new Set(operations as SpiOperation[])];
}

/** An object class and the operations it is disabled for. */
interface ObjectClassResult {
  readonly info: ObjectClassInfo;
  readonly disabled: readonly SpiOperation[];
}

function objectClassFrom(input: ObjectClassInput): ObjectClassResult {
  const builder = new ObjectClassInfoBuilder();
  const disabled: SpiOperation[] = [];
  let type = '__ACCOUNT__';
  const label = () => type;
  if (typeof input === 'function') {
    const attribute = (first: string | AttributeInfo, ...args: AttributeArg[]): void => {
      if (first instanceof AttributeInfo) builder.addAttributeInfo(first);
      else builder.addAttributeInfo(buildAttributeInfo(first, ...args));
    };
    const delegate: ObjectClassDelegate = {
      type: (t) => {
        type = t;
        builder.setType(t);
      },
      container: (isContainer = true) => {
        builder.setContainer(isContainer !== false);
      },
      attribute: attribute as ObjectClassDelegate['attribute'],
      attributes: (attrs) => {
        builder.addAllAttributeInfo(infosFrom(label(), attrs));
      },
      disable: (...ops) => {
        disabled.push(...checkOperations(ops));
      },
      builder,
    };
    const result = (input as (d: ObjectClassDelegate) => unknown)(delegate);
    if (result && typeof (result as { then?: unknown }).then === 'function') {
      throw new IllegalArgumentException('The objectClass callback must be synchronous');
    }
  } else if (input && typeof input === 'object') {
    if (input.type !== undefined) {
      type = input.type;
      builder.setType(input.type);
    }
    if (input.container) builder.setContainer(true);
    if (input.attributes) builder.addAllAttributeInfo(infosFrom(label(), input.attributes));
    if (input.disable) disabled.push(...checkOperations(input.disable));
  } else {
    throw new IllegalArgumentException('objectClass(…) takes an object-class spec or a callback');
  }
  return { info: builder.build(), disabled: [...new Set(disabled)] };
}

/**
 * Builds an ObjectClassInfo from the object-class DSL, outside a schema (to share definitions between scripts,
 * as the seed's `SchemaDefinitions` class does). `__NAME__` is added when missing.
 */
export function buildObjectClassInfo(input: ObjectClassInput): ObjectClassInfo {
  return objectClassFrom(input).info;
}

/** The declarative form of an operation option. */
export interface OperationOptionSpec {
  readonly name: string;
  /** Default `String`. */
  readonly type?: JavaType;
  readonly disable?: readonly SpiOperation[];
}

/** The delegate of an operation-option callback. */
export interface OperationOptionDelegate {
  name(name: string): void;
  type(type: JavaType): void;
  /** Copies name and type from a ready info (e.g. `OperationOptionInfoBuilder.buildPageSize()`). */
  define(info: OperationOptionInfo): void;
  disable(...operations: SpiOperation[]): void;
}

/** What `operationOption(…)` accepts. */
export type OperationOptionInput = OperationOptionSpec | ((delegate: OperationOptionDelegate) => void);

function operationOptionFrom(input: OperationOptionInput): {
  info: OperationOptionInfo;
  disabled: SpiOperation[];
} {
  let name: string | undefined;
  let type: JavaType = 'String';
  const disabled: SpiOperation[] = [];
  if (typeof input === 'function') {
    input({
      name: (n) => {
        name = n;
      },
      type: (t) => {
        type = t;
      },
      define: (info) => {
        name = info.name;
        type = info.type;
      },
      disable: (...ops) => {
        disabled.push(...checkOperations(ops));
      },
    });
  } else if (input && typeof input === 'object') {
    name = input.name;
    if (input.type !== undefined) type = input.type;
    if (input.disable) disabled.push(...checkOperations(input.disable));
  }
  if (name === undefined) throw new IllegalArgumentException('operationOption(…) needs a name');
  return { info: new OperationOptionInfo(name, type), disabled: [...new Set(disabled)] };
}

/** The delegate of `builder.schema(callback)`; every method also works destructured. */
export interface SchemaDelegate {
  /** Defines an object class (for every supported operation except the disabled ones); returns its info. */
  objectClass(input: ObjectClassInput): ObjectClassInfo;
  /** Defines a ready ObjectClassInfo, for the given SPI operations or all supported ones. */
  defineObjectClass(info: ObjectClassInfo, ...operations: SpiOperation[]): void;
  /** Defines an operation option; returns its info. */
  operationOption(input: OperationOptionInput): OperationOptionInfo;
  /** Defines a ready OperationOptionInfo, for the given SPI operations or all supported ones. */
  defineOperationOption(info: OperationOptionInfo, ...operations: SpiOperation[]): void;
  /** The framework's SchemaBuilder, for everything else. */
  readonly builder: SchemaBuilder;
}

/** The declarative form of a whole schema. */
export interface SchemaSpec {
  readonly objectClasses?: readonly ObjectClassInput[];
  readonly operationOptions?: readonly OperationOptionInput[];
}

/** Removes support of a member for each disabled SPI operation the connector supports (once per API operation). */
function disableFor(
  builder: SchemaBuilder,
  disabled: readonly SpiOperation[],
  takes: readonly ApiOperation[],
  remove: (op: SpiOperation) => void,
): void {
  const removed = new Set<ApiOperation>();
  for (const op of disabled) {
    const apis = spiToApi(op).filter((api) => takes.includes(api));
    if (apis.length === 0) continue;
    if (!apis.every((api) => builder.defaultSupportedOperations.has(api))) continue;
    if (apis.every((api) => removed.has(api))) continue;
    remove(op);
    for (const api of apis) removed.add(api);
  }
}

/**
 * The `builder` binding of schema scripts (the toolkit's `ICFObjectBuilder`): builds the schema for a connector
 * that implements `spiOperations`, plus standalone helpers for shared definitions.
 */
export class ScriptSchemaBuilder {
  readonly #spiOperations: readonly SpiOperation[];

  /** @param spiOperations the SPI operations the connector implements (they decide per-operation support). */
  constructor(spiOperations: Iterable<SpiOperation>) {
    this.#spiOperations = Object.freeze([...spiOperations]);
  }

  /** The SPI operations the schema is built for. */
  get spiOperations(): readonly SpiOperation[] {
    return this.#spiOperations;
  }

  /**
   * Builds a schema with the DSL (a callback receiving a {@link SchemaDelegate}, or a {@link SchemaSpec}).
   *
   * @throws IllegalStateException when no object class was defined; IllegalArgumentException for malformed input.
   */
  schema(input: ((delegate: SchemaDelegate) => void) | SchemaSpec): Schema {
    const builder = new SchemaBuilder(this.#spiOperations);
    const objectClass = (spec: ObjectClassInput): ObjectClassInfo => {
      const { info, disabled } = objectClassFrom(spec);
      builder.defineObjectClass(info);
      disableFor(builder, disabled, OBJECT_CLASS_OPERATIONS, (op) =>
        builder.removeSupportedObjectClass(op, info),
      );
      return info;
    };
    const operationOption = (spec: OperationOptionInput): OperationOptionInfo => {
      const { info, disabled } = operationOptionFrom(spec);
      builder.defineOperationOption(info);
      disableFor(builder, disabled, OPTION_OPERATIONS, (op) =>
        builder.removeSupportedOperationOption(op, info),
      );
      return info;
    };
    if (typeof input === 'function') {
      const delegate: SchemaDelegate = {
        objectClass,
        defineObjectClass: (info, ...ops) => {
          builder.defineObjectClass(info, ...checkOperations(ops));
        },
        operationOption,
        defineOperationOption: (info, ...ops) => {
          builder.defineOperationOption(info, ...checkOperations(ops));
        },
        builder,
      };
      const result = (input as (d: SchemaDelegate) => unknown)(delegate);
      if (result && typeof (result as { then?: unknown }).then === 'function') {
        throw new IllegalArgumentException('The schema callback must be synchronous');
      }
    } else if (input && typeof input === 'object') {
      for (const spec of input.objectClasses ?? []) objectClass(spec);
      for (const spec of input.operationOptions ?? []) operationOption(spec);
    } else {
      throw new IllegalArgumentException('builder.schema(…) takes a callback or a { objectClasses } spec');
    }
    return builder.build();
  }

  /** An ObjectClassInfo from the object-class DSL (see {@link buildObjectClassInfo}). */
  objectClassInfo(input: ObjectClassInput): ObjectClassInfo {
    return buildObjectClassInfo(input);
  }

  /** An AttributeInfo from a name and type/flag arguments (see {@link buildAttributeInfo}). */
  attributeInfo(name: string, ...args: AttributeArg[]): AttributeInfo {
    return buildAttributeInfo(name, ...args);
  }

  toString(): string {
    return 'ScriptSchemaBuilder';
  }
}
