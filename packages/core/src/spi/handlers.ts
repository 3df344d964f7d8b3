/**
 * Result handlers and the optional attribute normalizer (spec framework.md C.1, C.4, B.5).
 *
 * @packageDocumentation
 */
import type { Attribute } from '../objects/attribute.js';
import type { ConnectorObject } from '../objects/connector-object.js';
import type { ObjectClass } from '../objects/object-class.js';
import type { SearchResult } from '../objects/search-result.js';
import type { SyncDelta, SyncToken } from '../objects/sync.js';
import type { Awaitable } from './connector.js';

/**
 * Receives search results one at a time. Return (or resolve to) `false` to stop: the connector must then stop
 * sending objects and return.
 */
export type ResultsHandler = (object: ConnectorObject) => Awaitable<boolean>;

/**
 * What `SearchOp.executeQuery` really receives: a results handler that can also take the final
 * {@link SearchResult} (paging cookie, counts).
 */
export interface SearchResultsHandler {
  /** One object; `false` means stop. */
  handle(object: ConnectorObject): Awaitable<boolean>;
  /** Called at most once, after the last object, when the connector reports paging information. */
  handleResult(result: SearchResult): Awaitable<void>;
}

/**
 * What `SyncOp.sync` receives (Java's `SyncResultsHandler` / `SyncTokenResultsHandler`): deltas one at a time,
 * then the final token.
 */
export interface SyncResultsHandler {
  /** One change; `false` means stop. */
  handle(delta: SyncDelta): Awaitable<boolean>;
  /**
   * The token to resume from: the connector calls it once at the end of a sync (spec C.4), so the caller can
   * advance even past changes that produced no delta.
   */
  handleResult?(token: SyncToken | null): Awaitable<void>;
}

/**
 * Lets a connector normalize attribute values (e.g. lower-case DNs) so that the framework compares them
 * consistently (spec B.5): applied to every attribute of every search result and to the leaves of the search
 * filter. Synchronous, as it runs per attribute.
 */
export interface AttributeNormalizer {
  /** The normalized form of `attribute` (return it unchanged when nothing applies). */
  normalizeAttribute(objectClass: ObjectClass, attribute: Attribute): Attribute;
}

/** Whether a connector is an {@link AttributeNormalizer} (has a `normalizeAttribute` method). */
export function isAttributeNormalizer(connector: object): connector is AttributeNormalizer {
  return typeof (connector as Partial<AttributeNormalizer>).normalizeAttribute === 'function';
}

/** A {@link SearchResultsHandler} from callbacks; without `onResult` the search result is ignored. */
export function searchResultsHandler(
  onObject: ResultsHandler,
  onResult: (result: SearchResult) => Awaitable<void> = () => {},
): SearchResultsHandler {
  return { handle: (object) => onObject(object), handleResult: (result) => onResult(result) };
}

/** The handler itself when it already is a {@link SearchResultsHandler}; a plain function is wrapped. */
export function asSearchResultsHandler(handler: ResultsHandler | SearchResultsHandler): SearchResultsHandler {
  return typeof handler === 'function' ? searchResultsHandler(handler) : handler;
}

/** A {@link SyncResultsHandler} from callbacks. */
export function syncResultsHandler(
  onDelta: (delta: SyncDelta) => Awaitable<boolean>,
  onToken?: (token: SyncToken | null) => Awaitable<void>,
): SyncResultsHandler {
  const handler: SyncResultsHandler = { handle: (delta) => onDelta(delta) };
  if (onToken) handler.handleResult = (token) => onToken(token);
  return handler;
}

/** A search handler that keeps what it receives, see {@link collectSearchResults}. */
export interface CollectingSearchResultsHandler extends SearchResultsHandler {
  /** The objects received, in order. */
  readonly objects: readonly ConnectorObject[];
  /** The search result, or null when the connector reported none. */
  readonly result: SearchResult | null;
}

/**
 * A search handler that collects objects (stopping after `limit` when given, as `GetApiOp` does with 1) and
 * keeps the search result.
 */
export function collectSearchResults(limit = Number.POSITIVE_INFINITY): CollectingSearchResultsHandler {
  const objects: ConnectorObject[] = [];
  let result: SearchResult | null = null;
  return {
    objects,
    get result() {
      return result;
    },
    handle(object) {
      objects.push(object);
      return objects.length < limit;
    },
    handleResult(r) {
      result = r;
    },
  };
}

/** A sync handler that keeps what it receives, see {@link collectSyncDeltas}. */
export interface CollectingSyncResultsHandler extends SyncResultsHandler {
  /** The deltas received, in order. */
  readonly deltas: readonly SyncDelta[];
  /** The final token, or undefined when `handleResult` was not called. */
  readonly token: SyncToken | null | undefined;
}

/** A sync handler that collects every delta and the final token. */
export function collectSyncDeltas(): CollectingSyncResultsHandler {
  const deltas: SyncDelta[] = [];
  let token: SyncToken | null | undefined;
  return {
    deltas,
    get token() {
      return token;
    },
    handle(delta) {
      deltas.push(delta);
      return true;
    },
    handleResult(t) {
      token = t;
    },
  };
}
