/**
 * The identity of a connector (spec framework.md A.15, C.3): the bundle it ships in and its class name.
 *
 * @packageDocumentation
 */
import { requireNonBlank } from '../errors.js';

/** Plain form of a {@link ConnectorKey}, as in JSON and on the wire (wire-protocol.md §4.3.6). */
export interface ConnectorKeyData {
  readonly bundleName: string;
  readonly bundleVersion: string;
  readonly connectorName: string;
}

/**
 * `(bundleName, bundleVersion, connectorName)`: all three non-blank and compared with exact case.
 * `bundleName` and `bundleVersion` come from the bundle manifest (`ConnectorBundle-Name`, `ConnectorBundle-Version`);
 * `connectorName` is the connector's fully-qualified class name.
 */
export class ConnectorKey implements ConnectorKeyData {
  readonly bundleName: string;
  readonly bundleVersion: string;
  readonly connectorName: string;

  /** @throws IllegalArgumentException when any part is blank or not a string. */
  constructor(bundleName: string, bundleVersion: string, connectorName: string) {
    this.bundleName = requireNonBlank(bundleName, 'bundleName');
    this.bundleVersion = requireNonBlank(bundleVersion, 'bundleVersion');
    this.connectorName = requireNonBlank(connectorName, 'connectorName');
    Object.freeze(this);
  }

  /** Builds a key from its plain form (e.g. IDM's `connectorRef` with an exact version). */
  static from(data: ConnectorKeyData): ConnectorKey {
    return new ConnectorKey(data.bundleName, data.bundleVersion, data.connectorName);
  }

  /** Exact-case equality of all three parts. */
  equals(other: unknown): boolean {
    return (
      other instanceof ConnectorKey &&
      other.bundleName === this.bundleName &&
      other.bundleVersion === this.bundleVersion &&
      other.connectorName === this.connectorName
    );
  }

  /**
   * A string that is equal for equal keys and different otherwise, for use as a `Map` key (the parts are
   * JSON-quoted, so no choice of separator can make two keys collide).
   */
  get hashKey(): string {
    return JSON.stringify([this.bundleName, this.bundleVersion, this.connectorName]);
  }

  toString(): string {
    return `ConnectorKey(bundleName=${this.bundleName} bundleVersion=${this.bundleVersion} connectorName=${this.connectorName})`;
  }

  toJSON(): ConnectorKeyData {
    return {
      bundleName: this.bundleName,
      bundleVersion: this.bundleVersion,
      connectorName: this.connectorName,
    };
  }
}
