/**
 * The `objectTypes` section of a provisioner configuration (spec framework.md F.9) as a model, and the mapping
 * between an object's JSON and ICF attributes (F.6, F.4).
 *
 * - {@link parseObjectTypes} / {@link parseObjectType}: the draft-03 JSON schema → {@link ObjectTypeModel}.
 *   `__ALL__` is added when no object type has that native type.
 * - {@link toAttributes}: request JSON → attributes for create or update.
 * - {@link selectFields}: `_fields` → the properties to return and the native `ATTRS_TO_GET`.
 * - {@link toJson}: a ConnectorObject → response JSON (`_id` first, `_rev` when the Uid has a revision).
 *
 * Property rules: `nativeName` defaults to the property name, `nativeType` to `type` (for an `array` to the
 * items' type); a property is multi-valued when its `type` is `array` or its flags hold `MULTIVALUED`. Flags
 * `NOT_CREATABLE`, `NOT_UPDATEABLE`, `NOT_READABLE`, `NOT_RETURNED_BY_DEFAULT` and `MULTIVALUED` take effect;
 * `AUDITED`, `NOT_QUERYABLE`, `PASSWORD`, `STORE_IN_REPOSITORY`, `IGNORE` and `REMOTE` are kept but have no
 * effect. A `REQUIRED` flag is read as `"required": true` (OpenIDM rejects it). `__UID__` cannot be mapped: it
 * is always `_id`.
 *
 * @packageDocumentation
 */
import {
  type Attribute,
  AttributeBuilder,
  type ConnectorObject,
  IllegalArgumentException,
  Name,
  ObjectClass,
  OperationalAttributes,
  Uid,
} from '@rcskit/core';
import { BadRequestError, InternalServerError } from '../errors.js';
import {
  coerceToNative,
  type JsonObject,
  type JsonValue,
  type NativeJavaType,
  nativeJavaType,
  toJsonValue,
} from './types.js';

/** The JSON-schema URI IDM writes in object types. */
export const DRAFT_03_SCHEMA = 'http://json-schema.org/draft-03/schema';

/** Flags that change how a property is mapped. */
export const EFFECTIVE_FLAGS = Object.freeze([
  'NOT_CREATABLE',
  'NOT_UPDATEABLE',
  'NOT_READABLE',
  'NOT_RETURNED_BY_DEFAULT',
  'MULTIVALUED',
] as const);

/** Flags accepted and kept, with no effect on the mapping. */
export const INERT_FLAGS = Object.freeze([
  'AUDITED',
  'NOT_QUERYABLE',
  'PASSWORD',
  'STORE_IN_REPOSITORY',
  'IGNORE',
  'REMOTE',
] as const);

const KNOWN_FLAGS: ReadonlySet<string> = new Set<string>([...EFFECTIVE_FLAGS, ...INERT_FLAGS, 'REQUIRED']);

/** One configured property of an object type. */
export interface PropertyModel {
  /** The JSON property name (what clients use). */
  readonly name: string;
  /** The ICF attribute name. */
  readonly nativeName: string;
  /** The configured JSON `type` (`string`, `array`, `integer`, …, or a `JAVA_TYPE_*` name). */
  readonly type: string;
  /** The IDM name of the (item) native type, e.g. `string`, `JAVA_TYPE_LONG`. */
  readonly nativeType: string;
  /** The Java type values are converted to. */
  readonly javaType: NativeJavaType;
  /** JSON type of one value on output (the `items.type` of an array, else `type`). */
  readonly valueJsonType: string | undefined;
  readonly multiValued: boolean;
  readonly required: boolean;
  /** The configured flags (REQUIRED excluded). */
  readonly flags: ReadonlySet<string>;
  readonly creatable: boolean;
  readonly updateable: boolean;
  readonly readable: boolean;
  readonly returnedByDefault: boolean;
  /** `"runAsUser": true`: updated with the end user's credentials (F.4). */
  readonly runAsUser: boolean;
  /** `key`: the value is returned encrypted with this key alias. */
  readonly encryptionKey: string | undefined;
  /** `cipher` used with {@link encryptionKey}. */
  readonly cipher: string | undefined;
  /** The property's configuration as given. */
  readonly json: Readonly<Record<string, unknown>>;
}

function nameKey(name: string): string {
  return name.toUpperCase();
}

/** One configured object type: its ICF object class and its properties in configuration order. */
export class ObjectTypeModel {
  /** The key in `objectTypes` (the URL segment). */
  readonly name: string;
  /** The ICF object class type (`nativeType`). */
  readonly nativeType: string;
  /** The configured `id`, if any. */
  readonly id: string | undefined;
  /** Properties in configuration order. */
  readonly properties: readonly PropertyModel[];
  /** The property mapped to `__NAME__`, if any. */
  readonly nameProperty: PropertyModel | undefined;
  /** The object type's configuration as given. */
  readonly json: Readonly<Record<string, unknown>>;
  readonly #byName: ReadonlyMap<string, PropertyModel>;
  readonly #byNative: ReadonlyMap<string, PropertyModel>;

  constructor(
    name: string,
    nativeType: string,
    properties: readonly PropertyModel[],
    json: Readonly<Record<string, unknown>> = {},
  ) {
    this.name = name;
    this.nativeType = nativeType;
    this.id = typeof json.id === 'string' ? json.id : undefined;
    this.properties = Object.freeze([...properties]);
    this.#byName = new Map(properties.map((p) => [p.name, p]));
    this.#byNative = new Map(properties.map((p) => [nameKey(p.nativeName), p]));
    this.nameProperty = this.#byNative.get(nameKey(Name.NAME));
    this.json = json;
    Object.freeze(this);
  }

  /** The ICF object class. */
  get objectClass(): ObjectClass {
    return new ObjectClass(this.nativeType);
  }

  /** The property with that JSON name (exact case), or undefined. */
  property(name: string): PropertyModel | undefined {
    return this.#byName.get(name);
  }

  /** The property mapped to that ICF attribute (case-insensitive), or undefined. */
  propertyByNativeName(nativeName: string): PropertyModel | undefined {
    return this.#byNative.get(nameKey(nativeName));
  }

  /** Readable properties not flagged NOT_RETURNED_BY_DEFAULT, in configuration order. */
  get defaultProperties(): readonly PropertyModel[] {
    return this.properties.filter((p) => p.readable && p.returnedByDefault);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Collects problems so that one error can list them all. */
class Problems {
  readonly list: string[] = [];
  add(message: string): void {
    this.list.push(message);
  }
}

function parseProperty(
  typeName: string,
  name: string,
  json: unknown,
  problems: Problems,
): PropertyModel | undefined {
  const where = `objectTypes.${typeName}.properties.${name}`;
  if (!isObject(json)) {
    problems.add(`${where} must be an object`);
    return undefined;
  }
  if (name === '_id' || name === '_rev') {
    problems.add(`${where}: _id and _rev are reserved (they are the object's __UID__ and its revision)`);
    return undefined;
  }
  const type = json.type === undefined ? 'string' : json.type;
  if (typeof type !== 'string') {
    problems.add(`${where}.type must be a string`);
    return undefined;
  }
  const items = isObject(json.items) ? json.items : undefined;
  if (json.items !== undefined && items === undefined) problems.add(`${where}.items must be an object`);
  const itemNativeType = typeof items?.nativeType === 'string' ? items.nativeType : undefined;
  const itemType = typeof items?.type === 'string' ? items.type : undefined;
  let nativeType: unknown = json.nativeType;
  if (nativeType === undefined)
    nativeType = type === 'array' ? (itemNativeType ?? itemType ?? 'string') : type;
  if (typeof nativeType !== 'string') {
    problems.add(`${where}.nativeType must be a string`);
    return undefined;
  }
  if (type === 'array' && nativeType === 'array') nativeType = itemNativeType ?? itemType ?? 'string';
  const javaType = nativeJavaType(nativeType as string);
  if (javaType === undefined) {
    problems.add(`${where}.nativeType '${nativeType}' is not a supported type`);
    return undefined;
  }
  const nativeName = json.nativeName === undefined ? name : json.nativeName;
  if (typeof nativeName !== 'string' || nativeName.trim() === '') {
    problems.add(`${where}.nativeName must be a non-empty string`);
    return undefined;
  }
  if (nameKey(nativeName) === nameKey(Uid.NAME)) {
    problems.add(`${where}: __UID__ cannot be mapped to a property, it is always _id`);
    return undefined;
  }
  const flags = new Set<string>();
  let flagRequired = false;
  if (json.flags !== undefined) {
    if (!Array.isArray(json.flags)) problems.add(`${where}.flags must be an array`);
    else {
      for (const flag of json.flags) {
        if (typeof flag !== 'string' || !KNOWN_FLAGS.has(flag)) {
          problems.add(`${where}.flags: unknown flag ${JSON.stringify(flag)}`);
        } else if (flag === 'REQUIRED') flagRequired = true;
        else flags.add(flag);
      }
    }
  }
  if (json.required !== undefined && typeof json.required !== 'boolean') {
    problems.add(`${where}.required must be a boolean`);
  }
  for (const key of ['key', 'cipher'] as const) {
    if (json[key] !== undefined && typeof json[key] !== 'string')
      problems.add(`${where}.${key} must be a string`);
  }
  const multiValued = type === 'array' || flags.has('MULTIVALUED');
  return Object.freeze({
    name,
    nativeName,
    type,
    nativeType: nativeType as string,
    javaType,
    valueJsonType: type === 'array' ? (itemType ?? undefined) : type,
    multiValued,
    required: json.required === true || flagRequired,
    flags,
    creatable: !flags.has('NOT_CREATABLE'),
    updateable: !flags.has('NOT_UPDATEABLE'),
    readable: !flags.has('NOT_READABLE'),
    returnedByDefault: !flags.has('NOT_RETURNED_BY_DEFAULT') && !flags.has('NOT_READABLE'),
    runAsUser: json.runAsUser === true,
    encryptionKey: typeof json.key === 'string' ? json.key : undefined,
    cipher: typeof json.cipher === 'string' ? json.cipher : undefined,
    json,
  });
}

function parseInto(name: string, json: unknown, problems: Problems): ObjectTypeModel | undefined {
  if (!isObject(json)) {
    problems.add(`objectTypes.${name} must be an object`);
    return undefined;
  }
  const nativeType = json.nativeType;
  if (typeof nativeType !== 'string' || nativeType.trim() === '') {
    problems.add(`objectTypes.${name}.nativeType is required (the ICF object class)`);
    return undefined;
  }
  const isAll = nativeType.toUpperCase() === ObjectClass.ALL_NAME;
  const properties: PropertyModel[] = [];
  if (json.properties !== undefined || !isAll) {
    if (!isObject(json.properties)) {
      problems.add(
        isAll
          ? `objectTypes.${name}: __ALL__ takes no properties`
          : `objectTypes.${name}.properties is required and must be an object`,
      );
      return undefined;
    }
    if (isAll && Object.keys(json.properties).length > 0) {
      problems.add(`objectTypes.${name}: __ALL__ takes no properties`);
    }
    const seen = new Map<string, string>();
    for (const [propName, propJson] of Object.entries(json.properties)) {
      const property = parseProperty(name, propName, propJson, problems);
      if (!property) continue;
      const other = seen.get(nameKey(property.nativeName));
      if (other !== undefined) {
        problems.add(
          `objectTypes.${name}: properties '${other}' and '${propName}' both map to native attribute ${property.nativeName}`,
        );
        continue;
      }
      seen.set(nameKey(property.nativeName), propName);
      properties.push(property);
    }
  }
  return new ObjectTypeModel(name, nativeType, properties, json);
}

/**
 * Parses one object type.
 *
 * @throws BadRequestError listing every problem found.
 */
export function parseObjectType(name: string, json: unknown): ObjectTypeModel {
  const problems = new Problems();
  const model = parseInto(name, json, problems);
  if (problems.list.length > 0 || !model) throw new BadRequestError(problems.list.join('; '));
  return model;
}

/**
 * Parses an `objectTypes` object (absent = none). Adds an `__ALL__` type (native type `__ALL__`, no properties)
 * unless one exists, as IDM does.
 *
 * @throws BadRequestError listing every problem found.
 */
export function parseObjectTypes(json: unknown): ReadonlyMap<string, ObjectTypeModel> {
  const problems = new Problems();
  const out = new Map<string, ObjectTypeModel>();
  if (json !== undefined && json !== null) {
    if (!isObject(json)) throw new BadRequestError('objectTypes must be an object');
    for (const [name, typeJson] of Object.entries(json)) {
      const model = parseInto(name, typeJson, problems);
      if (model) out.set(name, model);
    }
  }
  if (problems.list.length > 0) throw new BadRequestError(problems.list.join('; '));
  const hasAll = [...out.values()].some((t) => t.nativeType.toUpperCase() === ObjectClass.ALL_NAME);
  if (!hasAll && !out.has(ObjectClass.ALL_NAME)) {
    out.set(
      ObjectClass.ALL_NAME,
      new ObjectTypeModel(ObjectClass.ALL_NAME, ObjectClass.ALL_NAME, [], {
        $schema: DRAFT_03_SCHEMA,
        id: ObjectClass.ALL_NAME,
        type: 'object',
        nativeType: ObjectClass.ALL_NAME,
      }),
    );
  }
  return out;
}

/** Turns a `$crypto` envelope (or any JSON value) into the clear JSON value. */
export type Decryptor = (value: unknown) => unknown;

/**
 * Turns a clear JSON value into a `$crypto` envelope, for properties configured with a `key`; e.g.
 * `(value) => crypto.encrypt(value)`. The result must be plain JSON.
 */
export type Encryptor = (value: JsonValue, property: PropertyModel) => unknown;

/** Options of {@link toAttributes}. */
export interface ToAttributesOptions {
  /** `create`: drop NOT_CREATABLE, check required, fill `__NAME__` from `_id`. `update`: drop NOT_UPDATEABLE. */
  readonly mode: 'create' | 'update';
  /** Decrypts `$crypto` values before conversion (F.6); without it an envelope is converted as it is. */
  readonly decrypt?: Decryptor;
}

function isPasswordAttribute(nativeName: string): boolean {
  const key = nameKey(nativeName);
  return (
    key === nameKey(OperationalAttributes.PASSWORD_NAME) ||
    key === nameKey(OperationalAttributes.CURRENT_PASSWORD_NAME)
  );
}

function isEnvelope(value: unknown): boolean {
  return isObject(value) && Object.hasOwn(value, '$crypto');
}

function buildAttribute(nativeName: string, values: readonly unknown[] | null): Attribute {
  try {
    return AttributeBuilder.fromList(nativeName, values as never);
  } catch (e) {
    if (e instanceof IllegalArgumentException) throw new BadRequestError(e.message, { cause: e });
    throw e;
  }
}

function convert(property: PropertyModel, value: unknown, decrypt: Decryptor | undefined): unknown {
  const clear = decrypt && isEnvelope(value) ? decrypt(value) : value;
  if (clear === null || clear === undefined) return null;
  return coerceToNative(clear, property.javaType, property.name);
}

/**
 * Converts request JSON to ICF attributes (F.4/F.6). Keys that are configured properties are converted (a property
 * may well be called `__NAME__`); other keys starting with `_` (`_id`, `_rev`, …) are skipped; any other key gives
 * 400 `Target does not support attribute <key>`.
 *
 * - create: NOT_CREATABLE properties are dropped; a required property that is missing or null gives 400
 *   `Required attribute '<name>' value is null`; null values and empty lists are dropped; when no property maps
 *   `__NAME__`'s value, the body's `_id` becomes `__NAME__`.
 * - update: NOT_UPDATEABLE properties are dropped silently; null (or an empty list) clears the attribute (an
 *   attribute with an empty value list).
 * - A null `__PASSWORD__` / `__CURRENT_PASSWORD__` is always omitted.
 * - Multi-valued properties take an array (a single value counts as a one-element array); single-valued ones
 *   take one value (an array gives 400).
 *
 * @throws BadRequestError for unknown keys, missing required values and values that cannot be converted.
 */
export function toAttributes(
  objectType: ObjectTypeModel,
  json: Readonly<Record<string, unknown>>,
  options: ToAttributesOptions,
): Attribute[] {
  if (!isObject(json)) throw new BadRequestError('The request body must be a JSON object');
  const create = options.mode === 'create';
  const out: Attribute[] = [];
  for (const [key, raw] of Object.entries(json)) {
    const property = key === '_id' || key === '_rev' ? undefined : objectType.property(key);
    if (!property) {
      if (key.startsWith('_')) continue;
      throw new BadRequestError(`Target does not support attribute ${key}`);
    }
    if (create ? !property.creatable : !property.updateable) continue;
    const present = raw !== null && raw !== undefined && !(Array.isArray(raw) && raw.length === 0);
    if (!present) {
      if (isPasswordAttribute(property.nativeName)) continue;
      if (create) {
        if (property.required)
          throw new BadRequestError(`Required attribute '${property.name}' value is null`);
        continue;
      }
      out.push(buildAttribute(property.nativeName, []));
      continue;
    }
    if (property.multiValued) {
      const list = Array.isArray(raw) ? raw : [raw];
      out.push(
        buildAttribute(
          property.nativeName,
          list.map((item) => convert(property, item, options.decrypt)),
        ),
      );
    } else {
      if (Array.isArray(raw)) throw new BadRequestError(`Attribute ${property.name} is single-valued`);
      out.push(buildAttribute(property.nativeName, [convert(property, raw, options.decrypt)]));
    }
  }
  if (create) {
    const hasName = out.some((a) => nameKey(a.name) === nameKey(Name.NAME));
    if (!hasName && typeof json._id === 'string' && json._id !== '') out.push(new Name(json._id));
    for (const property of objectType.properties) {
      if (!property.required || !property.creatable) continue;
      if (out.some((a) => nameKey(a.name) === nameKey(property.nativeName))) continue;
      throw new BadRequestError(`Required attribute '${property.name}' value is null`);
    }
  }
  return out;
}

/** The Uid of a request: the id from the path and the revision from `If-Match` (`*` means none). */
export function uidOf(id: string, revision?: string | null): Uid {
  if (typeof id !== 'string' || id.trim() === '')
    throw new BadRequestError('The resource id must not be empty');
  const rev =
    revision === undefined || revision === null || revision === '' || revision === '*' ? undefined : revision;
  return new Uid(id, rev);
}

/** What to return for an object: the properties in output order and the native names to ask the connector for. */
export interface FieldSelection {
  /** Properties to put in the JSON, in configuration order. */
  readonly properties: readonly PropertyModel[];
  /** Native names for the `ATTRS_TO_GET` option. */
  readonly attributesToGet: readonly string[];
}

function fieldList(fields: string | readonly string[] | null | undefined): string[] | undefined {
  if (fields === undefined || fields === null) return undefined;
  const list = typeof fields === 'string' ? [fields] : [...fields];
  return list.flatMap((f) => f.split(',')).map((f) => f.trim());
}

/**
 * Resolves `_fields` (a comma-separated string, or a list of such strings):
 *
 * - absent, or containing an empty entry or `*`: every property returned by default;
 * - plus each listed property (by JSON name; a pointer `/a/b` names property `a`), including NOT_RETURNED_BY_DEFAULT
 *   ones, so `*,secondaryEmail` adds `secondaryEmail` to the defaults;
 * - `_id` and `_rev` are always returned and need not be listed; unknown and NOT_READABLE names are ignored.
 */
export function selectFields(
  objectType: ObjectTypeModel,
  fields?: string | readonly string[] | null,
): FieldSelection {
  const list = fieldList(fields);
  const wanted = new Set<PropertyModel>();
  const defaults = list === undefined || list.some((f) => f === '' || f === '*' || f === '/*');
  if (defaults) for (const p of objectType.defaultProperties) wanted.add(p);
  for (const field of list ?? []) {
    const first = (field.startsWith('/') ? field.slice(1) : field).split('/')[0] ?? '';
    const property = objectType.property(first);
    if (property?.readable) wanted.add(property);
  }
  const properties = objectType.properties.filter((p) => wanted.has(p));
  return Object.freeze({
    properties: Object.freeze(properties),
    attributesToGet: Object.freeze(properties.map((p) => p.nativeName)),
  });
}

/**
 * The selection of `_queryId=query-all-ids` (F.5): `ATTRS_TO_GET = [__UID__]`; the framework still returns
 * `__NAME__`, so the results carry `_id` plus the property mapped to `__NAME__`.
 */
export function idsOnlySelection(objectType: ObjectTypeModel): FieldSelection {
  const name = objectType.nameProperty;
  return Object.freeze({
    properties: Object.freeze(name?.readable ? [name] : []),
    attributesToGet: Object.freeze([Uid.NAME]),
  });
}

/** Options of {@link toJson}. */
export interface ToJsonOptions {
  /** Encrypts values of properties configured with a `key` (F.6); without it they are returned as they are. */
  readonly encrypt?: Encryptor;
}

/**
 * Converts a connector object to its JSON (F.6): `_id` (the Uid), `_rev` (its revision, when set), then each
 * selected readable property present on the object, in configuration order. Single-valued properties give one
 * value (null for an empty attribute); multi-valued ones give an array. GuardedStrings come out as clear text,
 * as in IDM; properties with a `key` are encrypted when an encryptor is given.
 *
 * @throws InternalServerError when a single-valued property holds several values (IDM fails the same way).
 */
export function toJson(
  objectType: ObjectTypeModel,
  object: ConnectorObject,
  selection: FieldSelection = selectFields(objectType),
  options: ToJsonOptions = {},
): JsonObject {
  const uid = object.uid;
  const out: JsonObject = { _id: uid.uidValue };
  if (uid.revision !== undefined) out._rev = uid.revision;
  for (const property of selection.properties) {
    if (!property.readable) continue;
    const attribute = object.getAttributeByName(property.nativeName);
    if (!attribute) continue;
    const values = attribute.value ?? [];
    let value: JsonValue;
    if (property.multiValued) {
      value = values.map((v) => toJsonValue(v, property.valueJsonType));
    } else if (values.length > 1) {
      throw new InternalServerError(
        `Attribute ${property.name} is single-valued in the configuration but the connector returned ${values.length} values`,
      );
    } else {
      value = toJsonValue(values[0] ?? null, property.valueJsonType);
    }
    out[property.name] =
      property.encryptionKey && options.encrypt ? (options.encrypt(value, property) as JsonValue) : value;
  }
  return out;
}
