/**
 * The handlers the framework puts between a connector and the caller of a search or sync (spec framework.md B.5,
 * B.3 step 4, B.7), and the attribute normalization they use.
 *
 * Search chain, built by {@link buildSearchChain} from the `ResultsHandlerConfiguration` switches; per object:
 *
 * ```text
 * connector → AttrsToGet → Filter → Normalize → caller
 * ```
 *
 * - **AttrsToGet** (`enableAttributesToGetSearchResultsHandler`, and only when `ATTRS_TO_GET` is non-empty): keeps
 *   `__UID__`, `__NAME__` and the requested attributes (case-insensitive); requested attributes that are absent
 *   are skipped. Because it runs first, the filter does not see attributes that were not requested (spec quirk,
 *   kept: IDM's results depend on it).
 * - **Filter** (`enableFilteredResultsHandler`): core's three-valued {@link filterAccepts}, case-insensitive with
 *   `enableCaseInsensitiveFilter`; a rejected object is skipped (the search goes on).
 * - **Normalize** (`enableNormalizingResultsHandler`, and only when the connector is an `AttributeNormalizer`;
 *   otherwise normalization is the identity): every attribute through `normalizeAttribute`. When the filter is
 *   also on, the filter's leaves are normalized too and the normalized filter is what the connector translates.
 *
 * @packageDocumentation
 */
import {
  AndFilter,
  type Attribute,
  AttributeFilter,
  type AttributeNormalizer,
  type Awaitable,
  type ConnectorObject,
  ConnectorObject as ConnectorObjectClass,
  ExtendedMatchFilter,
  type Filter,
  filterAccepts,
  Name,
  NotFilter,
  type ObjectClass,
  type OperationOptions,
  OrFilter,
  type ResultsHandlerConfiguration,
  SyncDelta,
  Uid,
} from '@rcskit/core';

/** Receives one object; `false` means stop. */
export type ObjectHandler = (object: ConnectorObject) => Awaitable<boolean>;

// ---------------------------------------------------------------------------------------------------------------
// Normalization

/**
 * `normalizer.normalizeAttribute(objectClass, attribute)`, keeping `__UID__` a {@link Uid} (with the original
 * revision) and `__NAME__` a {@link Name} when a normalizer returns plain attributes for them.
 */
export function normalizeAttribute(
  normalizer: AttributeNormalizer,
  objectClass: ObjectClass,
  attribute: Attribute,
): Attribute {
  const normalized = normalizer.normalizeAttribute(objectClass, attribute);
  if (normalized === attribute) return attribute;
  if (attribute instanceof Uid && !(normalized instanceof Uid)) {
    const value = normalized.value?.[0];
    return typeof value === 'string' ? new Uid(value, attribute.revision) : attribute;
  }
  if (attribute instanceof Name && !(normalized instanceof Name)) {
    const value = normalized.value?.[0];
    return typeof value === 'string' ? new Name(value) : attribute;
  }
  return normalized;
}

/** Every attribute of a list normalized; the same list when there is no normalizer. */
export function normalizeAttributes(
  normalizer: AttributeNormalizer | null,
  objectClass: ObjectClass,
  attributes: readonly Attribute[],
): readonly Attribute[] {
  if (normalizer === null) return attributes;
  return attributes.map((attribute) => normalizeAttribute(normalizer, objectClass, attribute));
}

/** A Uid normalized (still a Uid); the same Uid when there is no normalizer. */
export function normalizeUid(
  normalizer: AttributeNormalizer | null,
  objectClass: ObjectClass,
  uid: Uid,
): Uid {
  if (normalizer === null) return uid;
  return normalizeAttribute(normalizer, objectClass, uid) as Uid;
}

/** An object with every attribute normalized. */
export function normalizeObject(normalizer: AttributeNormalizer, object: ConnectorObject): ConnectorObject {
  const oc = object.objectClass;
  return new ConnectorObjectClass(
    oc,
    object.attributes.map((attribute) => normalizeAttribute(normalizer, oc, attribute)),
  );
}

/**
 * The same filter tree with every leaf attribute normalized (`ObjectNormalizerFacade.normalizeFilter`). Presence
 * filters have no attribute and stay as they are.
 */
export function normalizeFilter(
  normalizer: AttributeNormalizer,
  objectClass: ObjectClass,
  filter: Filter,
): Filter {
  if (filter instanceof AndFilter) {
    return new AndFilter(filter.filters.map((f) => normalizeFilter(normalizer, objectClass, f)));
  }
  if (filter instanceof OrFilter) {
    return new OrFilter(filter.filters.map((f) => normalizeFilter(normalizer, objectClass, f)));
  }
  if (filter instanceof NotFilter)
    return new NotFilter(normalizeFilter(normalizer, objectClass, filter.filter));
  if (filter instanceof AttributeFilter) {
    const attribute = normalizeAttribute(normalizer, objectClass, filter.attribute);
    if (attribute === filter.attribute) return filter;
    if (filter instanceof ExtendedMatchFilter) return new ExtendedMatchFilter(filter.operator, attribute);
    const Leaf = filter.constructor as new (attribute: Attribute) => Filter;
    return new Leaf(attribute);
  }
  return filter;
}

/** A sync delta with its uids and object normalized (`normalizeSyncDelta`). */
export function normalizeSyncDelta(normalizer: AttributeNormalizer, delta: SyncDelta): SyncDelta {
  const oc = delta.objectClass ?? delta.object?.objectClass;
  if (oc === undefined || oc === null) return delta;
  return new SyncDelta({
    token: delta.token,
    deltaType: delta.deltaType,
    uid: normalizeUid(normalizer, oc, delta.uid),
    previousUid: delta.previousUid === null ? null : normalizeUid(normalizer, oc, delta.previousUid),
    objectClass: delta.objectClass,
    object: delta.object === null ? null : normalizeObject(normalizer, delta.object),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Attributes to get

/** The `ATTRS_TO_GET` names of the options, or null when absent or empty (nothing to reduce). */
export function attributesToGetOf(options: OperationOptions): readonly string[] | null {
  const names = options.attributesToGet;
  return names === null || names.length === 0 ? null : names;
}

/**
 * The object reduced to `__UID__`, `__NAME__` and the named attributes (names compared case-insensitively;
 * absent ones skipped), in the object's attribute order.
 */
export function reduceToAttributesToGet(object: ConnectorObject, names: readonly string[]): ConnectorObject {
  const wanted = new Set(names.map((n) => n.toUpperCase()));
  wanted.add(Uid.NAME);
  wanted.add(Name.NAME);
  const kept = object.attributes.filter((attribute) => wanted.has(attribute.name.toUpperCase()));
  if (kept.length === object.attributes.length) return object;
  return new ConnectorObjectClass(object.objectClass, kept);
}

/** A sync delta whose object is reduced as {@link reduceToAttributesToGet} does. */
export function reduceDeltaToAttributesToGet(delta: SyncDelta, names: readonly string[]): SyncDelta {
  if (delta.object === null) return delta;
  const object = reduceToAttributesToGet(delta.object, names);
  if (object === delta.object) return delta;
  return new SyncDelta({
    token: delta.token,
    deltaType: delta.deltaType,
    uid: delta.uid,
    previousUid: delta.previousUid,
    objectClass: delta.objectClass,
    object,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Handlers

/** AttrsToGet: passes the reduced object on. */
export function attributesToGetHandler(next: ObjectHandler, names: readonly string[]): ObjectHandler {
  return (object) => next(reduceToAttributesToGet(object, names));
}

/** Filter: passes accepted objects on (returning the downstream answer); rejected ones return true (go on). */
export function filteredHandler(
  next: ObjectHandler,
  filter: Filter | null,
  caseIgnore: boolean,
): ObjectHandler {
  if (filter === null) return next;
  return (object) => (filterAccepts(filter, object, caseIgnore) ? next(object) : true);
}

/** Normalize: passes the normalized object on. */
export function normalizingHandler(next: ObjectHandler, normalizer: AttributeNormalizer): ObjectHandler {
  return (object) => next(normalizeObject(normalizer, object));
}

/** What {@link buildSearchChain} needs. */
export interface SearchChainInput {
  readonly objectClass: ObjectClass;
  readonly filter: Filter | null;
  readonly options: OperationOptions;
  readonly configuration: ResultsHandlerConfiguration;
  /** The connector instance when it is an AttributeNormalizer, else null. */
  readonly normalizer: AttributeNormalizer | null;
  /** The caller's handler, last in the chain. */
  readonly handler: ObjectHandler;
}

/** The handler to give the connector and the filter to translate (spec B.5 steps 2–5). */
export interface SearchChain {
  readonly handler: ObjectHandler;
  readonly filter: Filter | null;
}

/** Builds the search chain of spec B.5; see the module notes. */
export function buildSearchChain(input: SearchChainInput): SearchChain {
  const { configuration, normalizer, objectClass } = input;
  let handler = input.handler;
  let filter = input.filter;
  if (configuration.enableNormalizingResultsHandler && normalizer !== null) {
    handler = normalizingHandler(handler, normalizer);
    if (configuration.enableFilteredResultsHandler) {
      filter = filter === null ? null : normalizeFilter(normalizer, objectClass, filter);
      handler = filteredHandler(handler, filter, configuration.enableCaseInsensitiveFilter);
    }
  } else if (configuration.enableFilteredResultsHandler) {
    handler = filteredHandler(handler, filter, configuration.enableCaseInsensitiveFilter);
  }
  const names = attributesToGetOf(input.options);
  if (configuration.enableAttributesToGetSearchResultsHandler && names !== null) {
    handler = attributesToGetHandler(handler, names);
  }
  return { handler, filter };
}

/**
 * Drops objects whose Uid value was already passed on (spec B.3 step 4: the framework's de-duplication when a
 * filter translates into several native queries).
 */
export function duplicateFilteringHandler(next: ObjectHandler): ObjectHandler {
  const seen = new Set<string>();
  return (object) => {
    const key = object.uid.uidValue;
    if (seen.has(key)) return true;
    seen.add(key);
    return next(object);
  };
}
