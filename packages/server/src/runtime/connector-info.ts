/**
 * The `ConnectorInfo` the framework advertises for a TypeScript connector class (spec framework.md C.3, C.5), and
 * the "not found" error for a key nobody hosts (wire-protocol.md §5.4).
 *
 * @packageDocumentation
 */
import {
  APIConfiguration,
  apiOperationsFor,
  type ConnectorClass,
  ConnectorException,
  ConnectorInfo,
  ConnectorKey,
  configurationPropertiesOf,
  isPoolable,
  spiOperationsOf,
} from '@rcskit/core';

/** Where a connector class ships: the two bundle parts of its ConnectorKey. */
export interface BundleIdentity {
  /** `ConnectorBundle-Name`, conventionally `groupId.artifactId` (the npm package name for rcskit bundles). */
  readonly bundleName: string;
  /** `ConnectorBundle-Version`. */
  readonly bundleVersion: string;
}

/**
 * The `ConnectorInfo` the framework advertises for a connector class: key `(bundleName, bundleVersion,
 * connectorName)`, the class's display-name and category keys and messages, and a default `APIConfiguration` with
 * the configuration properties of `configurationPropertiesOf`, the API operations of the SPI operations a probe
 * instance implements (`create()` is called, but the probe is never initialized or used), and
 * `connectorPoolingSupported` when the instance has `checkAlive`.
 *
 * @throws IllegalArgumentException for blank bundle parts.
 */
export function connectorInfoOf(connectorClass: ConnectorClass, bundle: BundleIdentity): ConnectorInfo {
  const key = new ConnectorKey(bundle.bundleName, bundle.bundleVersion, connectorClass.connectorName);
  const probe = connectorClass.create();
  const defaultApiConfiguration = new APIConfiguration({
    configurationProperties: configurationPropertiesOf(
      connectorClass.configurationClass,
      connectorClass.messages,
    ),
    connectorPoolingSupported: isPoolable(probe),
    supportedOperations: apiOperationsFor(spiOperationsOf(probe)),
  });
  return new ConnectorInfo({
    connectorKey: key,
    connectorDisplayNameKey: connectorClass.displayNameKey,
    connectorCategoryKey: connectorClass.categoryKey ?? null,
    messages: connectorClass.messages,
    defaultApiConfiguration,
  });
}

/** The error for a connector key nobody hosts (the Java text, trailing space included). */
export function connectorNotFound(key: ConnectorKey): ConnectorException {
  return new ConnectorException(`Connector not found: ${key.toString()} `);
}
