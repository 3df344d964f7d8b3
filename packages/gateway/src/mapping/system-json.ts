/**
 * JSON bodies of the `/system` actions that describe connectors and systems (spec framework.md F.2, F.3):
 *
 * - {@link availableConnectorJson}: one entry of `/system?_action=availableConnectors`;
 * - {@link provisionerStatusJson}: the status of `/system?_action=test` and `/system/<name>?_action=test`.
 *
 * Key order follows the seeds' examples.
 *
 * @packageDocumentation
 */
import type { ConnectorInfo } from '@rcskit/core';
import { LOCAL_HOST_REF } from '../config/connector-ref.js';
import { objectTypeNames, type ProvisionerConfig } from '../config/provisioner.js';
import type { JsonObject } from './types.js';

/** `systemType` of every OpenICF connector and connector server. */
export const SYSTEM_TYPE = 'provisioner.openicf';

/** One `availableConnectors` entry: `connectorHostRef` is omitted for local connectors (`#LOCAL` or undefined). */
export function availableConnectorJson(info: ConnectorInfo, connectorHostRef?: string): JsonObject {
  const out: JsonObject = {};
  if (connectorHostRef !== undefined && connectorHostRef !== LOCAL_HOST_REF)
    out.connectorHostRef = connectorHostRef;
  out.displayName = info.connectorDisplayName;
  out.bundleVersion = info.connectorKey.bundleVersion;
  out.systemType = SYSTEM_TYPE;
  out.bundleName = info.connectorKey.bundleName;
  out.connectorName = info.connectorKey.connectorName;
  return out;
}

/** What the caller found out about a system for its status. */
export interface ProvisionerStatusInput {
  /** The connector's display name, when the connector was found. */
  readonly displayName?: string | undefined;
  /** True only when `test()` succeeded. */
  readonly ok: boolean;
  /**
   * Why not: `connector not available`, `TEST UnsupportedOperation`, `Connection Error` (an
   * InvalidCredentialException), or the exception's message.
   */
  readonly error?: string | undefined;
}

/**
 * A system's status: `{name, enabled, config, objectTypes, connectorRef, displayName, ok[, error]}` with
 * `config` = `config/provisioner.openicf/<name>`, the object types with `__ALL__` first, and the configured
 * `connectorRef` as bundle name, connector name and bundle version.
 */
export function provisionerStatusJson(config: ProvisionerConfig, input: ProvisionerStatusInput): JsonObject {
  const out: JsonObject = {
    name: config.name,
    enabled: config.enabled,
    config: `config/provisioner.openicf/${config.name}`,
    objectTypes: objectTypeNames(config),
    connectorRef: {
      bundleName: config.connectorRef.bundleName,
      connectorName: config.connectorRef.connectorName,
      bundleVersion: config.connectorRef.bundleVersion,
    },
  };
  if (input.displayName !== undefined) out.displayName = input.displayName;
  out.ok = input.ok;
  if (input.error !== undefined) out.error = input.error;
  return out;
}
