/**
 * `ICF`: the static helpers of the toolkit's `ICFObjectBuilder` (`ICF.co { … }`, `ICF.delta { … }`), for
 * building objects without sending them — e.g. to share a mapping function between search and sync scripts.
 *
 * @packageDocumentation
 */
import { buildConnectorObject } from './dsl/connector-object.js';
import { buildAttributeInfo, buildObjectClassInfo } from './dsl/schema.js';
import { buildSyncDelta } from './dsl/sync-delta.js';

/** Static builders: `ICF.co(spec)`, `ICF.delta(spec)`, `ICF.objectClassInfo(spec)`, `ICF.attributeInfo(name, …)`. */
export const ICF = Object.freeze({
  /** A ConnectorObject from the connector-object DSL (class `__ACCOUNT__` unless the input sets one). */
  co: buildConnectorObject,
  /** A SyncDelta from the sync-delta DSL. */
  delta: buildSyncDelta,
  /** An ObjectClassInfo from the object-class DSL. */
  objectClassInfo: buildObjectClassInfo,
  /** An AttributeInfo from a name and type/flag arguments. */
  attributeInfo: buildAttributeInfo,
});
