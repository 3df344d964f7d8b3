/**
 * Operation names of the framework (spec framework.md C.4, C.5, A.8; wire-protocol.md §4.3.2). Java identifies an
 * operation by its interface class; rcskit uses the simple class names, which are also the serial names of those
 * classes on the wire.
 *
 * - An {@link SpiOperation} is what a connector implements (`CreateOp`, `SearchOp`, …).
 * - An {@link ApiOperation} is what an application calls on a connector facade (`CreateApiOp`, `GetApiOp`, …).
 *
 * @packageDocumentation
 */
import { IllegalArgumentException } from '../errors.js';

/** The API operations, by their wire serial names (wire-protocol.md §4.3.2). */
export type ApiOperation =
  | 'AuthenticationApiOp'
  | 'ResolveUsernameApiOp'
  | 'SearchApiOp'
  | 'ValidateApiOp'
  | 'CreateApiOp'
  | 'SchemaApiOp'
  | 'UpdateApiOp'
  | 'DeleteApiOp'
  | 'GetApiOp'
  | 'TestApiOp'
  | 'ScriptOnResourceApiOp'
  | 'ScriptOnConnectorApiOp'
  | 'SyncApiOp'
  | 'BatchApiOp'
  | 'ConnectorEventSubscriptionApiOp'
  | 'SyncEventSubscriptionApiOp';

/** Every {@link ApiOperation}, in a fixed order (the order used for sets and maps built by rcskit). */
export const API_OPERATIONS: readonly ApiOperation[] = Object.freeze([
  'AuthenticationApiOp',
  'ResolveUsernameApiOp',
  'SearchApiOp',
  'ValidateApiOp',
  'CreateApiOp',
  'SchemaApiOp',
  'UpdateApiOp',
  'DeleteApiOp',
  'GetApiOp',
  'TestApiOp',
  'ScriptOnResourceApiOp',
  'ScriptOnConnectorApiOp',
  'SyncApiOp',
  'BatchApiOp',
  'ConnectorEventSubscriptionApiOp',
  'SyncEventSubscriptionApiOp',
] as const);

/** The SPI operations a connector can implement (spec C.4), by their Java interface names. */
export type SpiOperation =
  | 'AuthenticateOp'
  | 'ResolveUsernameOp'
  | 'CreateOp'
  | 'DeleteOp'
  | 'SearchOp'
  | 'UpdateOp'
  | 'UpdateAttributeValuesOp'
  | 'SchemaOp'
  | 'TestOp'
  | 'ScriptOnConnectorOp'
  | 'ScriptOnResourceOp'
  | 'SyncOp'
  | 'BatchOp'
  | 'ConnectorEventSubscriptionOp'
  | 'SyncEventSubscriptionOp';

/** The API operations each SPI operation provides (spec C.5). */
const SPI_TO_API: Readonly<Record<SpiOperation, readonly ApiOperation[]>> = {
  AuthenticateOp: ['AuthenticationApiOp'],
  ResolveUsernameOp: ['ResolveUsernameApiOp'],
  CreateOp: ['CreateApiOp'],
  DeleteOp: ['DeleteApiOp'],
  SearchOp: ['SearchApiOp', 'GetApiOp'],
  UpdateOp: ['UpdateApiOp'],
  UpdateAttributeValuesOp: ['UpdateApiOp'],
  SchemaOp: ['SchemaApiOp'],
  TestOp: ['TestApiOp'],
  ScriptOnConnectorOp: ['ScriptOnConnectorApiOp'],
  ScriptOnResourceOp: ['ScriptOnResourceApiOp'],
  SyncOp: ['SyncApiOp'],
  BatchOp: ['BatchApiOp'],
  ConnectorEventSubscriptionOp: ['ConnectorEventSubscriptionApiOp'],
  SyncEventSubscriptionOp: ['SyncEventSubscriptionApiOp'],
};

/** Every {@link SpiOperation}, in a fixed order. */
export const SPI_OPERATIONS: readonly SpiOperation[] = Object.freeze(
  Object.keys(SPI_TO_API) as SpiOperation[],
);

/** API operations every connector supports whatever it implements: validation and connector-side scripts. */
export const ALWAYS_SUPPORTED_API_OPERATIONS: readonly ApiOperation[] = Object.freeze([
  'ValidateApiOp',
  'ScriptOnConnectorApiOp',
] as const);

/**
 * The API operations that carry a per-object-class support list in a schema (spec A.8): Authentication, Create,
 * Delete, Get, ResolveUsername, Search, Sync and Update.
 */
export const OBJECT_CLASS_OPERATIONS: readonly ApiOperation[] = Object.freeze([
  'AuthenticationApiOp',
  'CreateApiOp',
  'DeleteApiOp',
  'GetApiOp',
  'ResolveUsernameApiOp',
  'SearchApiOp',
  'SyncApiOp',
  'UpdateApiOp',
] as const);

/**
 * The API operations that carry a per-option support list in a schema (spec A.8): the
 * {@link OBJECT_CLASS_OPERATIONS} plus ScriptOnConnector and ScriptOnResource.
 */
export const OPTION_OPERATIONS: readonly ApiOperation[] = Object.freeze([
  ...OBJECT_CLASS_OPERATIONS,
  'ScriptOnConnectorApiOp',
  'ScriptOnResourceApiOp',
] as const);

const API_SET: ReadonlySet<string> = new Set(API_OPERATIONS);

/** True when the value is one of the {@link API_OPERATIONS} names. */
export function isApiOperation(value: unknown): value is ApiOperation {
  return typeof value === 'string' && API_SET.has(value);
}

/** True when the value is one of the {@link SPI_OPERATIONS} names. */
export function isSpiOperation(value: unknown): value is SpiOperation {
  return typeof value === 'string' && Object.hasOwn(SPI_TO_API, value);
}

/**
 * The API operations an SPI operation provides: `SearchOp` gives both `SearchApiOp` and `GetApiOp`, and
 * `UpdateOp` and `UpdateAttributeValuesOp` both give `UpdateApiOp`.
 *
 * @throws IllegalArgumentException for a name that is not an SPI operation.
 */
export function spiToApi(op: SpiOperation): ApiOperation[] {
  if (!isSpiOperation(op)) {
    throw new IllegalArgumentException(`Unknown SPI operation: ${JSON.stringify(op)}.`);
  }
  return [...SPI_TO_API[op]];
}

type MethodRule = readonly [SpiOperation, readonly string[]];

/**
 * Method names that reveal each SPI operation. Every listed method must be present. The two subscription
 * operations both use a single `subscribe` method, so they cannot be told apart and are not detected.
 */
const METHOD_RULES: readonly MethodRule[] = [
  ['AuthenticateOp', ['authenticate']],
  ['ResolveUsernameOp', ['resolveUsername']],
  ['CreateOp', ['create']],
  ['DeleteOp', ['delete']],
  ['SearchOp', ['createFilterTranslator', 'executeQuery']],
  ['UpdateOp', ['update']],
  ['UpdateAttributeValuesOp', ['addAttributeValues', 'removeAttributeValues']],
  ['SchemaOp', ['schema']],
  ['TestOp', ['test']],
  ['ScriptOnConnectorOp', ['runScriptOnConnector']],
  ['ScriptOnResourceOp', ['runScriptOnResource']],
  ['SyncOp', ['sync', 'getLatestSyncToken']],
  ['BatchOp', ['executeBatch']],
];

/**
 * The SPI operations a connector object implements, found by duck typing on its method names (own or inherited):
 *
 * | Methods | Operation |
 * |---|---|
 * | `authenticate` | AuthenticateOp |
 * | `resolveUsername` | ResolveUsernameOp |
 * | `create` | CreateOp |
 * | `delete` | DeleteOp |
 * | `createFilterTranslator` + `executeQuery` | SearchOp |
 * | `update` | UpdateOp |
 * | `addAttributeValues` + `removeAttributeValues` | UpdateAttributeValuesOp |
 * | `schema` | SchemaOp |
 * | `test` | TestOp |
 * | `runScriptOnConnector` | ScriptOnConnectorOp |
 * | `runScriptOnResource` | ScriptOnResourceOp |
 * | `sync` + `getLatestSyncToken` | SyncOp |
 * | `executeBatch` | BatchOp |
 *
 * `ConnectorEventSubscriptionOp` and `SyncEventSubscriptionOp` share the method name `subscribe` and are never
 * detected here; a connector offering them must declare them to the caller separately.
 *
 * @returns the operations in {@link SPI_OPERATIONS} order.
 */
export function spiOperationsOf(connector: object): SpiOperation[] {
  if (connector === null || (typeof connector !== 'object' && typeof connector !== 'function')) {
    throw new IllegalArgumentException('Connector must be an object.');
  }
  const target = connector as Record<string, unknown>;
  const found = new Set<SpiOperation>();
  for (const [op, methods] of METHOD_RULES) {
    if (methods.every((m) => typeof target[m] === 'function')) found.add(op);
  }
  return SPI_OPERATIONS.filter((op) => found.has(op));
}

/**
 * The API operations supported by a connector implementing the given SPI operations: the union of
 * {@link spiToApi} over them, plus `ValidateApiOp` and `ScriptOnConnectorApiOp`, which are always supported.
 *
 * @returns a set iterating in {@link API_OPERATIONS} order.
 */
export function apiOperationsFor(spiOps: Iterable<SpiOperation>): Set<ApiOperation> {
  const found = new Set<ApiOperation>(ALWAYS_SUPPORTED_API_OPERATIONS);
  for (const op of spiOps) for (const api of spiToApi(op)) found.add(api);
  return new Set(API_OPERATIONS.filter((op) => found.has(op)));
}
