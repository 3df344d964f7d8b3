/**
 * The registry with every built-in handler, in the order of spec §4.3 (primitives, operation names, API
 * configuration, filters, common objects, then `Object`). Order only matters for the loose matchers (`Map`,
 * `List`, `Set`): the first one that accepts a value wins. Exceptions match on their nearest class with a serial
 * type, so their order does not matter.
 *
 * @packageDocumentation
 */
import { SerializerRegistry } from './registry.js';
import { API_CONFIGURATION_HANDLERS } from './types/api-configuration.js';
import { COLLECTION_HANDLERS } from './types/collections.js';
import { OBJECT_HANDLERS } from './types/common-objects.js';
import { attributeInfoFlagHandler, syncDeltaTypeHandler } from './types/enums.js';
import { EXCEPTION_HANDLERS } from './types/exceptions.js';
import { FILTER_HANDLERS } from './types/filters.js';
import { GUARDED_HANDLERS } from './types/guarded.js';
import { OPERATION_OBJECT_HANDLERS } from './types/operation-objects.js';
import { PRIMITIVE_HANDLERS } from './types/primitives.js';
import { SCHEMA_HANDLERS } from './types/schema.js';

/** API operation class names (spec §4.3.2): valid in class-specs only. */
export const API_OPERATION_CLASS_NAMES: readonly string[] = Object.freeze([
  'BatchApiOp',
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
  'ConnectorEventSubscriptionApiOp',
  'SyncEventSubscriptionApiOp',
]);

/** A new registry holding every built-in handler. */
export function createDefaultRegistry(): SerializerRegistry {
  return new SerializerRegistry()
    .register(...PRIMITIVE_HANDLERS, ...COLLECTION_HANDLERS, ...GUARDED_HANDLERS)
    .registerClassNames(...API_OPERATION_CLASS_NAMES)
    .register(...API_CONFIGURATION_HANDLERS)
    .register(...FILTER_HANDLERS)
    .register(...OBJECT_HANDLERS, ...SCHEMA_HANDLERS, ...OPERATION_OBJECT_HANDLERS)
    .register(attributeInfoFlagHandler, syncDeltaTypeHandler)
    .register(...EXCEPTION_HANDLERS)
    .registerClassNames('Object');
}

/** The shared default registry, sealed: extend a `copy()` of it (or a `createDefaultRegistry()`). */
export const DEFAULT_REGISTRY: SerializerRegistry = createDefaultRegistry().seal();
