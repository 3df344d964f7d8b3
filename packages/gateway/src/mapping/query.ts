/**
 * Queries on `/system/<name>/<objectType>` (spec framework.md F.5): the CREST filter → an ICF filter, the
 * query parameters → OperationOptions, and the response body from a SearchResult.
 *
 * Filter mapping ({@link toIcfFilter}):
 *
 * | CREST | ICF |
 * |---|---|
 * | `true` | no filter (everything) |
 * | `false` | match nothing: the query returns an empty result **without calling the connector** |
 * | `eq` `co` `sw` `ew` `gt` `ge` `lt` `le` | Equals, Contains, StartsWith, EndsWith, GreaterThan(OrEqual), LessThan(OrEqual) |
 * | `pr` | PresenceFilter on the native name; **an unknown property matches nothing** (IDM quirk kept) |
 * | `!` / `not` | NotFilter |
 * | `and` / `or` | n-ary And/Or (the wire writes them right-nested, as IDM builds them) |
 * | extended `ca` | ContainsAllValuesFilter |
 * | any other extended operator | 400 `ExtendedMatchFilter is not supported` (the seed's message) |
 *
 * `true`/`false` inside `and`/`or`/`!` are simplified logically (`x and false` = nothing, `x or true` = all).
 * Fields must be single-segment pointers; `_id` maps to `__UID__` (Uid); any other field must be a configured
 * property (else 400 `Attribute <x> does not exist as part of ObjectClass: <nativeType>`, the seed's message), and
 * its native name is used with the value converted to the property's native type.
 *
 * Options ({@link parseQueryRequest}):
 * - `_pageSize` > 0 → PAGE_SIZE; `_pagedResultsCookie` → PAGED_RESULTS_COOKIE;
 * - `_pagedResultsOffset` → PAGED_RESULTS_OFFSET, **always set, default 0** (IDM behaviour kept);
 * - `_sortKeys=a,-b` → SORT_KEYS; the last pointer segment is used and, unlike IDM, **translated to the native
 *   name** (`_id` → `__UID__`, a property → its nativeName; unknown names pass unchanged);
 * - `_fields` → ATTRS_TO_GET (native names); without `_fields` the returned-by-default properties (always set);
 * - `_totalPagedResultsPolicy` (NONE, ESTIMATE, EXACT) → TOTAL_PAGED_RESULTS_POLICY: **passed on** (IDM ignores it);
 * - any other `_` parameter → 400 `Unrecognized request parameter '<name>'`.
 *
 * Response ({@link toQueryResponse}): `result`, `resultCount`, `pagedResultsCookie`, `totalPagedResultsPolicy`,
 * `totalPagedResults`, `remainingPagedResults`. Unlike IDM, the connector's policy, total and remaining count are
 * **passed on** (IDM always answers `NONE`, -1, -1); a connector that reports nothing gives those same values.
 *
 * @packageDocumentation
 */
import {
  AndFilter,
  Attribute,
  AttributeBuilder,
  ContainsAllValuesFilter,
  ContainsFilter,
  type CountPolicy,
  EndsWithFilter,
  EqualsFilter,
  type Filter,
  GreaterThanFilter,
  GreaterThanOrEqualFilter,
  IllegalArgumentException,
  LessThanFilter,
  LessThanOrEqualFilter,
  NotFilter,
  type OperationOptions,
  OperationOptionsBuilder,
  OrFilter,
  PresenceFilter,
  type SearchResult,
  SortKey,
  StartsWithFilter,
  Uid,
} from '@rcskit/core';
import {
  checkRequestParameters,
  nonNegativeIntParam,
  paramValues,
  QUERY_PARAMETERS,
  type RequestParams,
  singleParam,
} from '../crest/params.js';
import {
  type ComparisonNode,
  type ExtendedNode,
  type FilterValue,
  type JsonPointer,
  parseQueryFilter,
  type QueryFilterNode,
} from '../crest/query-filter.js';
import { BadRequestError } from '../errors.js';
import {
  type FieldSelection,
  idsOnlySelection,
  type ObjectTypeModel,
  type PropertyModel,
  selectFields,
} from './object-types.js';
import { coerceToNative, type JsonObject } from './types.js';

/** The mapped filter: everything, nothing, or an ICF filter. */
export type MappedFilter =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'filter'; readonly filter: Filter };

const ALL: MappedFilter = Object.freeze({ kind: 'all' });
const NONE: MappedFilter = Object.freeze({ kind: 'none' });

/** The ICF filter to pass to `search()` (null = everything); undefined means "do not call the connector". */
export function filterForSearch(mapped: MappedFilter): Filter | null | undefined {
  if (mapped.kind === 'none') return undefined;
  return mapped.kind === 'all' ? null : mapped.filter;
}

function fieldName(objectType: ObjectTypeModel, pointer: JsonPointer): string {
  if (pointer.segments.length !== 1 || pointer.segments[0] === '') {
    throw new BadRequestError(
      `Filter field ${pointer.text} is not supported on ObjectClass: ${objectType.nativeType}: only single-segment JSON pointers can be used`,
    );
  }
  return pointer.segments[0]!;
}

function unknownAttribute(objectType: ObjectTypeModel, name: string): BadRequestError {
  return new BadRequestError(
    `Attribute ${name} does not exist as part of ${objectType.objectClass.toString()}`,
  );
}

/** Runs a core constructor, turning its IllegalArgumentException into a 400. */
function build<T>(make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof IllegalArgumentException) throw new BadRequestError(e.message, { cause: e });
    throw e;
  }
}

/** Native types whose numeric assertion values are converted from the filter's source text. */
const FROM_SOURCE_TEXT: ReadonlySet<string> = new Set([
  'String',
  'Date',
  'Integer',
  'int',
  'Long',
  'long',
  'Byte',
  'byte',
  'BigInteger',
  'BigDecimal',
  'Double',
  'double',
  'Float',
  'float',
]);

function assertionAttribute(
  objectType: ObjectTypeModel,
  node: ComparisonNode | ExtendedNode,
): { attribute: Attribute; property: PropertyModel | undefined } {
  const name = fieldName(objectType, node.field);
  const value: FilterValue = node.value;
  if (name === '_id') {
    if (value === null) throw new BadRequestError('_id cannot be compared with null');
    return { attribute: build(() => new Uid(String(value))), property: undefined };
  }
  const property = objectType.property(name);
  if (!property) throw unknownAttribute(objectType, name);
  if (value === null) return { attribute: new Attribute(property.nativeName, [null]), property };
  // Numbers are converted from their source text so that Long and BigDecimal values stay exact.
  const numeric = typeof value === 'number' || typeof value === 'bigint';
  const input = numeric && FROM_SOURCE_TEXT.has(property.javaType) ? node.raw : value;
  const native = coerceToNative(input, property.javaType, property.name);
  return { attribute: build(() => AttributeBuilder.fromList(property.nativeName, [native])), property };
}

function comparison(objectType: ObjectTypeModel, node: ComparisonNode): Filter {
  const { attribute } = assertionAttribute(objectType, node);
  return build(() => {
    switch (node.operator) {
      case 'eq':
        return new EqualsFilter(attribute);
      case 'co':
        return new ContainsFilter(attribute);
      case 'sw':
        return new StartsWithFilter(attribute);
      case 'ew':
        return new EndsWithFilter(attribute);
      case 'gt':
        return new GreaterThanFilter(attribute);
      case 'ge':
        return new GreaterThanOrEqualFilter(attribute);
      case 'lt':
        return new LessThanFilter(attribute);
      case 'le':
        return new LessThanOrEqualFilter(attribute);
    }
  });
}

function combine(kind: 'and' | 'or', operands: readonly MappedFilter[]): MappedFilter {
  const absorbing = kind === 'and' ? 'none' : 'all';
  if (operands.some((o) => o.kind === absorbing)) return kind === 'and' ? NONE : ALL;
  const filters = operands.flatMap((o) => (o.kind === 'filter' ? [o.filter] : []));
  if (filters.length === 0) return kind === 'and' ? ALL : NONE;
  if (filters.length === 1) return { kind: 'filter', filter: filters[0]! };
  // Flatten nested composites of the same kind: and(a, and(b, c)) = and(a, b, c).
  const Composite = kind === 'and' ? AndFilter : OrFilter;
  const flat = filters.flatMap((f) => (f instanceof Composite ? [...f.filters] : [f]));
  return { kind: 'filter', filter: new Composite(flat) };
}

/**
 * Maps a parsed CREST filter to an ICF filter for an object type (see the module notes).
 *
 * @throws BadRequestError for unknown properties, multi-segment pointers, unsupported extended operators and
 *   values that cannot be converted or used with the operator.
 */
export function toIcfFilter(objectType: ObjectTypeModel, node: QueryFilterNode): MappedFilter {
  switch (node.type) {
    case 'literal':
      return node.value ? ALL : NONE;
    case 'presence': {
      const name = fieldName(objectType, node.field);
      if (name === '_id') return ALL;
      const property = objectType.property(name);
      if (!property) return NONE;
      return { kind: 'filter', filter: new PresenceFilter(property.nativeName) };
    }
    case 'comparison':
      return { kind: 'filter', filter: comparison(objectType, node) };
    case 'extended': {
      if (node.operator.toLowerCase() !== 'ca')
        throw new BadRequestError('ExtendedMatchFilter is not supported');
      const { attribute } = assertionAttribute(objectType, node);
      return { kind: 'filter', filter: build(() => new ContainsAllValuesFilter(attribute)) };
    }
    case 'not': {
      const inner = toIcfFilter(objectType, node.operand);
      if (inner.kind === 'all') return NONE;
      if (inner.kind === 'none') return ALL;
      return { kind: 'filter', filter: new NotFilter(inner.filter) };
    }
    case 'and':
    case 'or':
      if (node.operands.length === 0) throw new BadRequestError(`An '${node.type}' filter needs operands`);
      return combine(
        node.type,
        node.operands.map((o) => toIcfFilter(objectType, o)),
      );
  }
}

/** The only `_queryId` system objects support. */
export const QUERY_ALL_IDS = 'query-all-ids';

/** A query request, checked and mapped. */
export interface QueryRequest {
  /** `filter` for `_queryFilter` / `_queryExpression`, `query-all-ids` for that query id. */
  readonly kind: 'filter' | 'query-all-ids';
  /** The parsed CREST filter (absent for `query-all-ids`). */
  readonly queryFilter: QueryFilterNode | undefined;
  /** The ICF filter; `none` means: answer an empty result without calling the connector. */
  readonly filter: MappedFilter;
  /** What to put in each result (pass it to `toJson`). */
  readonly fields: FieldSelection;
  /** The options for `search()`. */
  readonly options: OperationOptions;
}

function sortKeysOf(objectType: ObjectTypeModel, params: RequestParams): SortKey[] | undefined {
  const values = paramValues(params, '_sortKeys');
  if (values.length === 0) return undefined;
  const keys: SortKey[] = [];
  for (const entry of values.flatMap((v) => v.split(','))) {
    const text = entry.trim();
    const ascending = !text.startsWith('-');
    const pointer = text.startsWith('-') || text.startsWith('+') ? text.slice(1) : text;
    const field = pointer
      .split('/')
      .filter((s) => s !== '')
      .pop();
    if (field === undefined) throw new BadRequestError(`Invalid _sortKeys entry '${entry}'`);
    const native = field === '_id' ? Uid.NAME : (objectType.property(field)?.nativeName ?? field);
    keys.push(new SortKey(native, ascending));
  }
  return keys;
}

function countPolicyOf(params: RequestParams): CountPolicy | undefined {
  const text = singleParam(params, '_totalPagedResultsPolicy');
  if (text === undefined || text === '') return undefined;
  const upper = text.toUpperCase();
  if (upper === 'NONE' || upper === 'ESTIMATE' || upper === 'EXACT') return upper;
  throw new BadRequestError(
    `The request parameter '_totalPagedResultsPolicy' must be NONE, ESTIMATE or EXACT, not '${text}'`,
  );
}

/**
 * Checks and maps the parameters of a query on an object type (see the module notes). Exactly one of
 * `_queryFilter`, `_queryExpression` (parsed as a filter) and `_queryId` (only `query-all-ids`) is required.
 *
 * @param base options to start from (e.g. configured defaults); the query's own options override them.
 * @throws BadRequestError (400) for unknown `_` parameters, a missing/duplicate/unsupported query, malformed
 *   filters and invalid paging values.
 */
export function parseQueryRequest(
  objectType: ObjectTypeModel,
  params: RequestParams,
  base?: OperationOptions,
): QueryRequest {
  checkRequestParameters(params, QUERY_PARAMETERS);
  const filterText = singleParam(params, '_queryFilter');
  const expressionText = singleParam(params, '_queryExpression');
  const queryId = singleParam(params, '_queryId');
  const given = [filterText, expressionText, queryId].filter((v) => v !== undefined).length;
  if (given !== 1) {
    throw new BadRequestError(
      given === 0
        ? 'The query request must have one of _queryFilter, _queryId or _queryExpression'
        : 'The query request must have only one of _queryFilter, _queryId or _queryExpression',
    );
  }
  let kind: QueryRequest['kind'] = 'filter';
  let queryFilter: QueryFilterNode | undefined;
  let filter: MappedFilter = ALL;
  let fields: FieldSelection;
  if (queryId !== undefined) {
    if (queryId !== QUERY_ALL_IDS) throw new BadRequestError(`Unsupported _queryId: ${queryId}`);
    kind = 'query-all-ids';
    fields = idsOnlySelection(objectType);
  } else {
    queryFilter = parseQueryFilter((filterText ?? expressionText)!);
    filter = toIcfFilter(objectType, queryFilter);
    const fieldValues = paramValues(params, '_fields');
    fields = selectFields(objectType, fieldValues.length === 0 ? undefined : fieldValues);
  }

  const builder = new OperationOptionsBuilder(base ?? null);
  builder.setAttributesToGet([...fields.attributesToGet]);
  const pageSize = nonNegativeIntParam(params, '_pageSize');
  if (pageSize !== undefined && pageSize > 0) builder.setPageSize(pageSize);
  const cookie = singleParam(params, '_pagedResultsCookie');
  if (cookie !== undefined && cookie !== '') builder.setPagedResultsCookie(cookie);
  builder.setPagedResultsOffset(nonNegativeIntParam(params, '_pagedResultsOffset') ?? 0);
  const sortKeys = sortKeysOf(objectType, params);
  if (sortKeys !== undefined) builder.setSortKeys(sortKeys);
  const policy = countPolicyOf(params);
  if (policy !== undefined) builder.setTotalPagedResultsPolicy(policy);
  return Object.freeze({ kind, queryFilter, filter, fields, options: builder.build() });
}

/** The body of a query response. */
export interface QueryResponse {
  result: JsonObject[];
  resultCount: number;
  pagedResultsCookie: string | null;
  totalPagedResultsPolicy: CountPolicy;
  totalPagedResults: number;
  remainingPagedResults: number;
}

/**
 * The query response body from the mapped results and the connector's SearchResult (null when it reported none,
 * or when the connector was not called).
 */
export function toQueryResponse(
  result: JsonObject[],
  searchResult: SearchResult | null | undefined,
): QueryResponse {
  return {
    result,
    resultCount: result.length,
    pagedResultsCookie: searchResult?.pagedResultsCookie ?? null,
    totalPagedResultsPolicy: searchResult?.totalPagedResultsPolicy ?? 'NONE',
    totalPagedResults: searchResult?.totalPagedResults ?? -1,
    remainingPagedResults: searchResult?.remainingPagedResults ?? -1,
  };
}
