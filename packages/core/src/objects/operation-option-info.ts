/**
 * Schema description of an operation option (spec framework.md A.8): a name and a Java type from the option
 * types (A.5).
 *
 * @packageDocumentation
 */
import { IllegalArgumentException, requireNonNull } from '../errors.js';
import { type JavaType, OPTION_TYPES } from '../values/java-type.js';

/** The JSON form of an {@link OperationOptionInfo}. */
export interface OperationOptionInfoJSON {
  name: string;
  type: JavaType;
}

function checkName(name: unknown): string {
  requireNonNull(name, 'name');
  if (typeof name !== 'string') {
    throw new IllegalArgumentException(`OperationOptionInfo name must be a string, got ${typeof name}.`);
  }
  return name;
}

function checkType(type: unknown): JavaType {
  requireNonNull(type, 'type');
  if (typeof type !== 'string' || !OPTION_TYPES.has(type)) {
    throw new IllegalArgumentException(
      `OperationOptionInfo type ${JSON.stringify(type)} is not a supported operation option type.`,
    );
  }
  return type as JavaType;
}

/** An immutable option description. Names compare case-sensitively; equality needs the same name and type. */
export class OperationOptionInfo {
  readonly name: string;
  readonly type: JavaType;

  /**
   * @throws NullPointerException for a missing name or type.
   * @throws IllegalArgumentException for a type outside the operation option types.
   */
  constructor(name: string, type: JavaType) {
    this.name = checkName(name);
    this.type = checkType(type);
    Object.freeze(this);
  }

  equals(other: unknown): boolean {
    return other instanceof OperationOptionInfo && other.name === this.name && other.type === this.type;
  }

  toString(): string {
    return `OperationOptionInfo(${this.name} ${this.type})`;
  }

  toJSON(): OperationOptionInfoJSON {
    return { name: this.name, type: this.type };
  }
}

/** Builds an {@link OperationOptionInfo}; the static shortcuts give the framework's standard options. */
export class OperationOptionInfoBuilder {
  #name: string | undefined;
  #type: JavaType | undefined;

  constructor(name?: string, type?: JavaType) {
    this.#name = name;
    this.#type = type;
  }

  /** Sets the name. */
  setName(name: string): this {
    this.#name = name;
    return this;
  }

  /** Sets the type. */
  setType(type: JavaType): this {
    this.#type = type;
    return this;
  }

  /** Builds the info (same checks as the {@link OperationOptionInfo} constructor). */
  build(): OperationOptionInfo {
    return new OperationOptionInfo(this.#name as string, this.#type as JavaType);
  }

  /** An option of the given name and type (`String` when omitted). */
  static build(name: string, type: JavaType = 'String'): OperationOptionInfo {
    return new OperationOptionInfo(name, type);
  }

  /** `ATTRS_TO_GET`: `String[]`. */
  static buildAttributesToGet(): OperationOptionInfo {
    return new OperationOptionInfo('ATTRS_TO_GET', 'String[]');
  }

  /** `RUN_WITH_PASSWORD`: `GuardedString`. */
  static buildRunWithPassword(): OperationOptionInfo {
    return new OperationOptionInfo('RUN_WITH_PASSWORD', 'GuardedString');
  }

  /** `RUN_AS_USER`: `String`. */
  static buildRunWithUser(): OperationOptionInfo {
    return new OperationOptionInfo('RUN_AS_USER', 'String');
  }

  /** `SCOPE`: `String` (`object`, `onelevel` or `subtree`). */
  static buildScope(): OperationOptionInfo {
    return new OperationOptionInfo('SCOPE', 'String');
  }

  /** `CONTAINER`: `QualifiedUid`. */
  static buildContainer(): OperationOptionInfo {
    return new OperationOptionInfo('CONTAINER', 'QualifiedUid');
  }

  /** `PAGED_RESULTS_COOKIE`: `String`. */
  static buildPagedResultsCookie(): OperationOptionInfo {
    return new OperationOptionInfo('PAGED_RESULTS_COOKIE', 'String');
  }

  /** `PAGED_RESULTS_OFFSET`: `Integer`. */
  static buildPagedResultsOffset(): OperationOptionInfo {
    return new OperationOptionInfo('PAGED_RESULTS_OFFSET', 'Integer');
  }

  /** `PAGE_SIZE`: `Integer`. */
  static buildPageSize(): OperationOptionInfo {
    return new OperationOptionInfo('PAGE_SIZE', 'Integer');
  }

  /** `SORT_KEYS`: declared as `SortKey` (the option value itself is a `SortKey[]`). */
  static buildSortKeys(): OperationOptionInfo {
    return new OperationOptionInfo('SORT_KEYS', 'SortKey');
  }
}
