/**
 * The schema a connector reports (spec framework.md A.8): its object classes, its operation options, and which
 * of them each API operation supports. {@link SchemaBuilder} derives the default per-operation support from the
 * SPI operations the connector implements.
 *
 * @packageDocumentation
 */
import {
  API_OPERATIONS,
  type ApiOperation,
  apiOperationsFor,
  isApiOperation,
  isSpiOperation,
  OBJECT_CLASS_OPERATIONS,
  OPTION_OPERATIONS,
  type SpiOperation,
  spiOperationsOf,
  spiToApi,
} from '../api/operations.js';
import { IllegalArgumentException, IllegalStateException, requireNonNull } from '../errors.js';
import { namesEqual } from './names.js';
import { ObjectClassInfo, type ObjectClassInfoJSON } from './object-class-info.js';
import { OperationOptionInfo, type OperationOptionInfoJSON } from './operation-option-info.js';

/** The JSON form of a {@link Schema}; the per-operation maps list object-class types and option names. */
export interface SchemaJSON {
  objectClassInfo: ObjectClassInfoJSON[];
  operationOptionInfo: OperationOptionInfoJSON[];
  supportedObjectClassesByOperation: Partial<Record<ApiOperation, string[]>>;
  supportedOptionsByOperation: Partial<Record<ApiOperation, string[]>>;
}

/** Anything with a value equality, as the schema's info classes have. */
interface Equatable {
  equals(other: unknown): boolean;
}

/** Per-operation input: a map or entry list from API operation to its members. */
export type OperationSupport<T> =
  | ReadonlyMap<ApiOperation, Iterable<T>>
  | Iterable<readonly [ApiOperation, Iterable<T>]>;

const EMPTY: ReadonlySet<never> = Object.freeze(new Set<never>());

function uniqueByEquals<T extends Equatable>(
  items: Iterable<T>,
  cls: abstract new (...args: never[]) => T,
): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (!(item instanceof cls)) {
      throw new IllegalArgumentException(`Schema expects ${cls.name} values, got ${String(item)}.`);
    }
    if (!out.some((o) => o.equals(item))) out.push(item);
  }
  return out;
}

/**
 * Copies a per-operation map, replacing each member by the equal declared instance (so the sets hold the very
 * objects of the declared set) and ordering the operations as {@link API_OPERATIONS}.
 */
function resolveSupport<T extends Equatable>(
  support: OperationSupport<T>,
  declared: readonly T[],
  describe: (item: T) => string,
): ReadonlyMap<ApiOperation, ReadonlySet<T>> {
  const byOp = new Map<ApiOperation, ReadonlySet<T>>();
  for (const [op, members] of support) {
    if (!isApiOperation(op))
      throw new IllegalArgumentException(`Unknown API operation: ${JSON.stringify(op)}.`);
    const set = new Set<T>();
    for (const member of members) {
      const found = declared.find((d) => d.equals(member));
      if (!found) {
        throw new IllegalArgumentException(
          `${describe(member)} listed for ${op} is not declared in the schema.`,
        );
      }
      set.add(found);
    }
    byOp.set(op, set);
  }
  const ordered = new Map<ApiOperation, ReadonlySet<T>>();
  for (const op of API_OPERATIONS) {
    const set = byOp.get(op);
    if (set) ordered.set(op, set);
  }
  return ordered;
}

function setsEqual<T extends Equatable>(a: Iterable<T>, b: Iterable<T>): boolean {
  const left = [...a];
  const right = [...b];
  return left.length === right.length && left.every((x) => right.some((y) => y.equals(x)));
}

/** Equal maps, where a missing operation and an operation with an empty set mean the same. */
function supportEqual<T extends Equatable>(
  a: ReadonlyMap<ApiOperation, ReadonlySet<T>>,
  b: ReadonlyMap<ApiOperation, ReadonlySet<T>>,
): boolean {
  return API_OPERATIONS.every((op) => setsEqual(a.get(op) ?? EMPTY, b.get(op) ?? EMPTY));
}

function supportToJSON<T>(
  map: ReadonlyMap<ApiOperation, ReadonlySet<T>>,
  key: (item: T) => string,
): Partial<Record<ApiOperation, string[]>> {
  const out: Partial<Record<ApiOperation, string[]>> = {};
  for (const [op, set] of map) out[op] = [...set].map(key);
  return out;
}

const describeClass = (info: ObjectClassInfo) => `ObjectClass '${info.type}'`;
const describeOption = (info: OperationOptionInfo) => `OperationOption '${info.name}'`;

/**
 * An immutable connector schema. Build one with {@link SchemaBuilder}; the constructor is public for decoders.
 * Equality compares the declared sets and the per-operation sets (members by value, order ignored; a missing
 * operation equals an empty set).
 */
export class Schema {
  /** The declared object classes, whatever operations support them. */
  readonly objectClassInfo: ReadonlySet<ObjectClassInfo>;
  /** The declared operation options, whatever operations support them. */
  readonly operationOptionInfo: ReadonlySet<OperationOptionInfo>;
  /** The object classes each API operation supports (members are instances of {@link objectClassInfo}). */
  readonly supportedObjectClassesByOperation: ReadonlyMap<ApiOperation, ReadonlySet<ObjectClassInfo>>;
  /** The options each API operation supports (members are instances of {@link operationOptionInfo}). */
  readonly supportedOptionsByOperation: ReadonlyMap<ApiOperation, ReadonlySet<OperationOptionInfo>>;

  /**
   * @throws IllegalArgumentException when a per-operation entry names an unknown operation or a class/option
   *   that is not declared.
   */
  constructor(
    objectClassInfo: Iterable<ObjectClassInfo>,
    operationOptionInfo: Iterable<OperationOptionInfo>,
    supportedObjectClassesByOperation: OperationSupport<ObjectClassInfo> = new Map(),
    supportedOptionsByOperation: OperationSupport<OperationOptionInfo> = new Map(),
  ) {
    const classes = uniqueByEquals(requireNonNull(objectClassInfo, 'objectClassInfo'), ObjectClassInfo);
    const options = uniqueByEquals(
      requireNonNull(operationOptionInfo, 'operationOptionInfo'),
      OperationOptionInfo,
    );
    this.objectClassInfo = new Set(classes);
    this.operationOptionInfo = new Set(options);
    this.supportedObjectClassesByOperation = resolveSupport(
      supportedObjectClassesByOperation,
      classes,
      describeClass,
    );
    this.supportedOptionsByOperation = resolveSupport(supportedOptionsByOperation, options, describeOption);
    Object.freeze(this);
  }

  /** The declared object class of that type (case-insensitive), or undefined. */
  findObjectClassInfo(type: string): ObjectClassInfo | undefined {
    requireNonNull(type, 'type');
    for (const info of this.objectClassInfo) if (info.is(type)) return info;
    return undefined;
  }

  /** The declared option of that name (case-sensitive), or undefined. */
  findOperationOptionInfo(name: string): OperationOptionInfo | undefined {
    requireNonNull(name, 'name');
    for (const info of this.operationOptionInfo) if (info.name === name) return info;
    return undefined;
  }

  /** The object classes an API operation supports; empty when the operation has no entry. */
  getSupportedObjectClassesByOperation(op: ApiOperation): ReadonlySet<ObjectClassInfo> {
    return this.supportedObjectClassesByOperation.get(op) ?? EMPTY;
  }

  /** The options an API operation supports; empty when the operation has no entry. */
  getSupportedOptionsByOperation(op: ApiOperation): ReadonlySet<OperationOptionInfo> {
    return this.supportedOptionsByOperation.get(op) ?? EMPTY;
  }

  equals(other: unknown): boolean {
    if (!(other instanceof Schema)) return false;
    if (other === this) return true;
    return (
      setsEqual(this.objectClassInfo, other.objectClassInfo) &&
      setsEqual(this.operationOptionInfo, other.operationOptionInfo) &&
      supportEqual(this.supportedObjectClassesByOperation, other.supportedObjectClassesByOperation) &&
      supportEqual(this.supportedOptionsByOperation, other.supportedOptionsByOperation)
    );
  }

  toString(): string {
    return `Schema: {objectClasses=[${[...this.objectClassInfo].map((i) => i.type).join(', ')}], options=[${[
      ...this.operationOptionInfo,
    ]
      .map((i) => i.name)
      .join(', ')}]}`;
  }

  toJSON(): SchemaJSON {
    return {
      objectClassInfo: [...this.objectClassInfo].map((i) => i.toJSON()),
      operationOptionInfo: [...this.operationOptionInfo].map((i) => i.toJSON()),
      supportedObjectClassesByOperation: supportToJSON(this.supportedObjectClassesByOperation, (i) => i.type),
      supportedOptionsByOperation: supportToJSON(this.supportedOptionsByOperation, (i) => i.name),
    };
  }
}

/**
 * Declared members plus per-operation support for one kind of schema entry (object classes or options). Both
 * kinds follow the same rules, only the operations that take them and the duplicate test differ.
 */
class SupportTable<T extends Equatable> {
  readonly declared: T[] = [];
  readonly byOp = new Map<ApiOperation, Set<T>>();

  constructor(
    private readonly kind: string,
    private readonly operations: readonly ApiOperation[],
    private readonly supported: ReadonlySet<ApiOperation>,
    private readonly key: (item: T) => string,
    private readonly sameKey: (a: T, b: T) => boolean,
  ) {}

  #label(item: T): string {
    return `${this.kind} '${this.key(item)}'`;
  }

  #takes(op: ApiOperation): boolean {
    return this.operations.includes(op);
  }

  #members(op: ApiOperation): Set<T> {
    let set = this.byOp.get(op);
    if (!set) {
      set = new Set();
      this.byOp.set(op, set);
    }
    return set;
  }

  define(item: T, spiOps: readonly SpiOperation[]): void {
    const clash = this.declared.find((d) => this.sameKey(d, item));
    if (clash) throw new IllegalStateException(`${this.kind} already defined: ${this.key(item)}`);
    for (const op of spiOps) checkSpi(op);
    const targets =
      spiOps.length === 0
        ? [...this.supported].filter((op) => this.#takes(op))
        : spiOps.flatMap(spiToApi).filter((op) => this.supported.has(op) && this.#takes(op));
    this.declared.push(item);
    for (const op of targets) this.#members(op).add(item);
  }

  /** Adds (`add = true`) or removes support of a declared member for the API operations of an SPI operation. */
  change(spiOp: SpiOperation, item: T, add: boolean): void {
    checkSpi(spiOp);
    const member = this.declared.find((d) => d.equals(item));
    if (!member) throw new IllegalArgumentException(`${this.#label(item)} not defined in schema.`);
    const apis = spiToApi(spiOp).filter((op) => this.#takes(op));
    if (apis.length === 0) {
      throw new IllegalArgumentException(`Operation ${spiOp} does not take a per-${this.kind} support list.`);
    }
    // Check every API operation before touching any, so a failure leaves the builder unchanged.
    for (const op of apis) {
      if (!this.supported.has(op)) {
        throw new IllegalArgumentException(`Operation ${spiOp} not implemented by connector.`);
      }
      const has = this.byOp.get(op)?.has(member) ?? false;
      if (add && has) {
        throw new IllegalArgumentException(`${this.#label(item)} already supported for operation ${spiOp}.`);
      }
      if (!add && !has) {
        throw new IllegalArgumentException(`${this.#label(item)} already removed for operation ${spiOp}.`);
      }
    }
    for (const op of apis) {
      if (add) this.#members(op).add(member);
      else this.#members(op).delete(member);
    }
  }

  clear(): void {
    for (const set of this.byOp.values()) set.clear();
  }
}

function checkSpi(op: unknown): asserts op is SpiOperation {
  requireNonNull(op, 'op');
  if (!isSpiOperation(op)) {
    throw new IllegalArgumentException(`Unknown SPI operation: ${JSON.stringify(op)}.`);
  }
}

/**
 * Builds a {@link Schema} for a connector. The builder starts from the API operations the connector supports
 * (from its SPI operations, see {@link apiOperationsFor}):
 *
 * - {@link defineObjectClass} with no operation list registers the class for every supported object-class
 *   operation ({@link OBJECT_CLASS_OPERATIONS}); with a list, only for the API operations of the SPI operations
 *   listed that the connector supports. Operations that take no object classes (SchemaOp, TestOp, the script
 *   operations, BatchOp, the subscriptions) are ignored in the list.
 * - {@link defineOperationOption} does the same over {@link OPTION_OPERATIONS} (which add the two script
 *   operations).
 * - The add/remove methods adjust one SPI operation's API operations: `SearchOp` covers both `SearchApiOp` and
 *   `GetApiOp`; `UpdateOp` and `UpdateAttributeValuesOp` both cover `UpdateApiOp`.
 */
export class SchemaBuilder {
  /** The API operations the connector supports, as computed from its SPI operations. */
  readonly defaultSupportedOperations: ReadonlySet<ApiOperation>;
  readonly #classes: SupportTable<ObjectClassInfo>;
  readonly #options: SupportTable<OperationOptionInfo>;

  /**
   * @param spiOps the SPI operations the connector implements (see {@link spiOperationsOf}).
   * @throws IllegalArgumentException for a name that is not an SPI operation.
   */
  constructor(spiOps: Iterable<SpiOperation>) {
    const ops = [...requireNonNull(spiOps, 'spiOps')];
    for (const op of ops) checkSpi(op);
    this.defaultSupportedOperations = apiOperationsFor(ops);
    this.#classes = new SupportTable<ObjectClassInfo>(
      'ObjectClass',
      OBJECT_CLASS_OPERATIONS,
      this.defaultSupportedOperations,
      (i) => i.type,
      (a, b) => namesEqual(a.type, b.type),
    );
    this.#options = new SupportTable<OperationOptionInfo>(
      'OperationOption',
      OPTION_OPERATIONS,
      this.defaultSupportedOperations,
      (i) => i.name,
      (a, b) => a.name === b.name,
    );
  }

  /** A builder for a connector object, its SPI operations found by duck typing ({@link spiOperationsOf}). */
  static forConnector(connector: object): SchemaBuilder {
    return new SchemaBuilder(spiOperationsOf(connector));
  }

  /**
   * Declares an object class and registers it for operations (all supported object-class operations when no SPI
   * operation is listed).
   *
   * @throws IllegalStateException when a class of the same type (case-insensitive) is already defined.
   */
  defineObjectClass(info: ObjectClassInfo, ...spiOps: SpiOperation[]): this {
    if (!(info instanceof ObjectClassInfo)) {
      throw new IllegalArgumentException('defineObjectClass expects an ObjectClassInfo.');
    }
    this.#classes.define(info, spiOps);
    return this;
  }

  /**
   * Declares an operation option and registers it for operations (all supported option operations when no SPI
   * operation is listed).
   *
   * @throws IllegalStateException when an option of the same name (case-sensitive) is already defined.
   */
  defineOperationOption(info: OperationOptionInfo, ...spiOps: SpiOperation[]): this {
    if (!(info instanceof OperationOptionInfo)) {
      throw new IllegalArgumentException('defineOperationOption expects an OperationOptionInfo.');
    }
    this.#options.define(info, spiOps);
    return this;
  }

  /**
   * Registers a defined class for the API operations of an SPI operation.
   *
   * @throws IllegalArgumentException when the class was not defined, the connector does not implement the
   *   operation, the operation takes no object classes, or the class is already supported there.
   */
  addSupportedObjectClass(spiOp: SpiOperation, info: ObjectClassInfo): this {
    this.#classes.change(spiOp, info, true);
    return this;
  }

  /**
   * Unregisters a defined class from the API operations of an SPI operation (`SearchOp` removes it from both
   * Search and Get).
   *
   * @throws IllegalArgumentException when the class was not defined, the connector does not implement the
   *   operation, the operation takes no object classes, or the class was already removed there.
   */
  removeSupportedObjectClass(spiOp: SpiOperation, info: ObjectClassInfo): this {
    this.#classes.change(spiOp, info, false);
    return this;
  }

  /** Registers a defined option for the API operations of an SPI operation; same errors as for classes. */
  addSupportedOperationOption(spiOp: SpiOperation, info: OperationOptionInfo): this {
    this.#options.change(spiOp, info, true);
    return this;
  }

  /** Unregisters a defined option from the API operations of an SPI operation; same errors as for classes. */
  removeSupportedOperationOption(spiOp: SpiOperation, info: OperationOptionInfo): this {
    this.#options.change(spiOp, info, false);
    return this;
  }

  /** Empties every operation's class set (the classes stay declared); re-add support with the add methods. */
  clearSupportedObjectClassesByOperation(): this {
    this.#classes.clear();
    return this;
  }

  /** Empties every operation's option set (the options stay declared). */
  clearSupportedOptionsByOperation(): this {
    this.#options.clear();
    return this;
  }

  /**
   * Builds the schema.
   *
   * @throws IllegalStateException when no object class was defined.
   */
  build(): Schema {
    if (this.#classes.declared.length === 0) {
      throw new IllegalStateException('Must be at least one ObjectClassInfo object!');
    }
    return new Schema(this.#classes.declared, this.#options.declared, this.#classes.byOp, this.#options.byOp);
  }
}
