/**
 * The type registry (spec §4.3): serial type name ⇄ handler. A handler writes the fields of one JS value through an
 * {@link ObjectWriter} and reads them back through an {@link ObjectReader}, which has already split the object
 * into named fields (by name, order irrelevant, unknown names ignored) and anonymous fields (by position).
 *
 * @packageDocumentation
 */

import { SerializationException } from './errors.js';
import type { DecodeLimits } from './limits.js';

/** What a handler uses to write the body of one object. Field names and type names are interned by the writer. */
export interface ObjectWriter {
  /** Named field holding a complete nested object (a null object for `null`/`undefined`). */
  writeObjectField(name: string, value: unknown): void;
  /** Named string field; omitted when the value is `null`/`undefined` (as Java does). */
  writeStringField(name: string, value: string | null | undefined): void;
  writeBooleanField(name: string, value: boolean): void;
  writeByteField(name: string, value: number): void;
  writeIntField(name: string, value: number): void;
  writeLongField(name: string, value: bigint): void;
  /** float64; also used for Java `float` values (widened, spec §4.2). */
  writeDoubleField(name: string, value: number): void;
  /** Named class-spec field for a Java type name (`String`, `long`, `byte[]`, `String[]`, `CreateApiOp`…); omitted when null. */
  writeClassField(name: string, typeName: string | null | undefined): void;

  /** Anonymous field holding a complete nested object. */
  writeObjectContents(value: unknown): void;
  writeStringContents(value: string): void;
  writeBooleanContents(value: boolean): void;
  writeByteContents(value: number): void;
  writeIntContents(value: number): void;
  writeLongContents(value: bigint): void;
  writeDoubleContents(value: number): void;
  writeByteArrayContents(value: Uint8Array): void;
  writeClassContents(typeName: string): void;
}

/** What a handler uses to read the body of one object. Every read is bounds-checked. */
export interface ObjectReader {
  /** The serial type name being decoded (an alias such as `int` when that was on the wire). */
  readonly typeName: string;
  /** Number of anonymous fields. */
  readonly anonymousCount: number;
  /** The limits in force. */
  readonly limits: Readonly<Required<DecodeLimits>>;

  hasField(name: string): boolean;
  /** A nested object, or `null` when the field is absent. */
  readObjectField(name: string): unknown;
  /** A string, or `null` when the field is absent. */
  readStringField(name: string): string | null;
  readBooleanField(name: string, dflt: boolean): boolean;
  readByteField(name: string, dflt: number): number;
  readIntField(name: string, dflt: number): number;
  readLongField(name: string, dflt: bigint): bigint;
  readDoubleField(name: string, dflt: number): number;
  /** A Java type name from a class-spec (see {@link ObjectWriter.writeClassField}), or `null` when absent. */
  readClassField(name: string): string | null;

  /** Anonymous field `index` as a complete nested object; fails when there is no such field. */
  readObjectContents(index: number): unknown;
  readStringContents(index: number): string;
  readBooleanContents(index: number): boolean;
  readByteContents(index: number): number;
  readIntContents(index: number): number;
  readLongContents(index: number): bigint;
  readDoubleContents(index: number): number;
  readByteArrayContents(index: number): Uint8Array;
  readClassContents(index: number): string | null;

  /** Throws a {@link SerializationException} naming the type being decoded. */
  fail(message: string): never;
}

/** Serializes one kind of JS value under one serial type name. */
export interface TypeHandler<T = any> {
  /** Serial type name written in class-specs (e.g. `Attribute`). */
  readonly name: string;
  /** Extra names accepted when decoding and in class-specs (e.g. `int` for `Integer`). */
  readonly aliases?: readonly string[];
  /** Constructors whose instances this handler writes (exact match on `value.constructor`). */
  readonly classes?: readonly Function[];
  /**
   * Looser matching (subclasses, typeof tests), tried in registration order when no exact constructor matched —
   * like Java's "match subclasses" handlers (`Map`, `List`, `Set`, exceptions).
   */
  matches?(value: unknown): boolean;
  /** Writes the fields of `value`. */
  encode(value: T, out: ObjectWriter): void;
  /** Builds a value from the fields of one object. */
  decode(input: ObjectReader): T;
}

/** A set of handlers, looked up by serial name (decoding) and by JS value (encoding). */
export class SerializerRegistry {
  readonly #byName = new Map<string, TypeHandler>();
  readonly #byClass = new Map<Function, TypeHandler>();
  readonly #matchers: TypeHandler[] = [];
  readonly #handlers: TypeHandler[] = [];
  readonly #classNames = new Set<string>();
  #sealed = false;

  /** Refuses further registrations (the shared default registry is sealed; `copy()` it to extend). */
  seal(): this {
    this.#sealed = true;
    return this;
  }

  #checkOpen(): void {
    if (this.#sealed) throw new SerializationException('This registry is sealed; extend a copy() of it');
  }

  /** Adds handlers; a serial name or constructor registered twice is an error. */
  register(...handlers: TypeHandler[]): this {
    this.#checkOpen();
    for (const handler of handlers) {
      for (const name of [handler.name, ...(handler.aliases ?? [])]) {
        if (this.#byName.has(name) || this.#classNames.has(name)) {
          throw new SerializationException(`Serial type '${name}' is registered twice`);
        }
        this.#byName.set(name, handler);
      }
      for (const cls of handler.classes ?? []) {
        if (this.#byClass.has(cls))
          throw new SerializationException(`Class '${cls.name}' is registered twice`);
        this.#byClass.set(cls, handler);
      }
      if (handler.matches) this.#matchers.push(handler);
      this.#handlers.push(handler);
    }
    return this;
  }

  /** Adds names that may appear in class-specs but have no object body (`Object`, the API operation names). */
  registerClassNames(...names: string[]): this {
    this.#checkOpen();
    for (const name of names) {
      if (this.#byName.has(name))
        throw new SerializationException(`Serial type '${name}' is registered twice`);
      this.#classNames.add(name);
    }
    return this;
  }

  /** The handler for a serial type name, if any. */
  handlerForName(name: string): TypeHandler | undefined {
    return this.#byName.get(name);
  }

  /** The handler that writes a value: exact constructor first, then the loose matchers in order. */
  handlerForValue(value: unknown): TypeHandler | undefined {
    if (value === null || value === undefined) return undefined;
    const ctor = (value as { constructor?: unknown }).constructor;
    if (typeof ctor === 'function') {
      const exact = this.#byClass.get(ctor);
      if (exact) return exact;
    }
    for (const handler of this.#matchers) if (handler.matches!(value)) return handler;
    return undefined;
  }

  /** True when a serial name may appear in a class-spec (a registered type or a class-only name). */
  isClassName(name: string): boolean {
    return this.#byName.has(name) || this.#classNames.has(name);
  }

  /** An unsealed copy that can be extended without touching this registry. */
  copy(): SerializerRegistry {
    return new SerializerRegistry().register(...this.#handlers).registerClassNames(...this.#classNames);
  }
}

/** A class whose instances are `T` (any constructor, private ones included). */
export type ClassOf<T> = Function & { readonly prototype: T };

/** Checks that a decoded value is an instance of a class; fails with a clear message otherwise. */
export function expectInstance<T>(input: ObjectReader, value: unknown, cls: ClassOf<T>, what: string): T {
  if (value instanceof cls) return value as T;
  return input.fail(`${what} must be a ${cls.name}, got ${describeValue(value)}`);
}

/** Short description of a value's kind for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}
