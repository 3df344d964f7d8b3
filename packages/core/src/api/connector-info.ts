/**
 * What the framework knows about one installed connector (spec framework.md C.3; wire-protocol.md §4.3.6
 * `ConnectorInfo`): its key, display and category message keys, messages and default API configuration.
 *
 * @packageDocumentation
 */
import { IllegalArgumentException, requireNonBlank } from '../errors.js';
import { APIConfiguration } from './api-configuration.js';
import { ConnectorKey } from './connector-key.js';
import { ConnectorMessages } from './connector-messages.js';

/** What a {@link ConnectorInfo} is built from. */
export interface ConnectorInfoInit {
  readonly connectorKey: ConnectorKey;
  /** Message key of the connector's display name (`@ConnectorClass(displayNameKey)`). */
  readonly connectorDisplayNameKey: string;
  /** Message key of the connector's category; absent or null when not set (the Java WebSocket server omits it). */
  readonly connectorCategoryKey?: string | null;
  /** The connector's messages; default: no catalogues. */
  readonly messages?: ConnectorMessages;
  /** The configuration a new facade starts from; {@link ConnectorInfo.createDefaultAPIConfiguration} copies it. */
  readonly defaultApiConfiguration: APIConfiguration;
}

/**
 * An installed connector. Immutable apart from the default configuration object, which callers never receive
 * directly through {@link createDefaultAPIConfiguration}: they get a copy to edit.
 */
export class ConnectorInfo {
  readonly connectorKey: ConnectorKey;
  readonly connectorDisplayNameKey: string;
  readonly connectorCategoryKey: string | null;
  readonly messages: ConnectorMessages;
  /** The stored default configuration. Do not edit it; use {@link createDefaultAPIConfiguration}. */
  readonly defaultApiConfiguration: APIConfiguration;

  /** @throws IllegalArgumentException for a missing key or default configuration or a blank display-name key. */
  constructor(init: ConnectorInfoInit) {
    if (!(init.connectorKey instanceof ConnectorKey)) {
      throw new IllegalArgumentException('ConnectorInfo needs a ConnectorKey');
    }
    if (!(init.defaultApiConfiguration instanceof APIConfiguration)) {
      throw new IllegalArgumentException('ConnectorInfo needs a default APIConfiguration');
    }
    this.connectorKey = init.connectorKey;
    this.connectorDisplayNameKey = requireNonBlank(init.connectorDisplayNameKey, 'connectorDisplayNameKey');
    this.connectorCategoryKey = init.connectorCategoryKey || null;
    this.messages = init.messages ?? new ConnectorMessages();
    this.defaultApiConfiguration = init.defaultApiConfiguration;
    Object.freeze(this);
  }

  /** A fresh, independent copy of the default configuration, for the caller to edit. */
  createDefaultAPIConfiguration(): APIConfiguration {
    return this.defaultApiConfiguration.clone();
  }

  /** The display name: {@link connectorDisplayNameKey} resolved through the messages (the key when missing). */
  get connectorDisplayName(): string {
    return this.messages.format(this.connectorDisplayNameKey, this.connectorDisplayNameKey);
  }

  /** The category name resolved through the messages, or null when there is no category key. */
  get connectorCategory(): string | null {
    return this.connectorCategoryKey === null
      ? null
      : this.messages.format(this.connectorCategoryKey, this.connectorCategoryKey);
  }

  toString(): string {
    return `ConnectorInfo(${this.connectorKey.toString()})`;
  }

  toJSON(): {
    connectorKey: ReturnType<ConnectorKey['toJSON']>;
    connectorDisplayNameKey: string;
    connectorCategoryKey: string | null;
    messages: ReturnType<ConnectorMessages['toJSON']>;
    defaultApiConfiguration: ReturnType<APIConfiguration['toJSON']>;
  } {
    return {
      connectorKey: this.connectorKey.toJSON(),
      connectorDisplayNameKey: this.connectorDisplayNameKey,
      connectorCategoryKey: this.connectorCategoryKey,
      messages: this.messages.toJSON(),
      defaultApiConfiguration: this.defaultApiConfiguration.toJSON(),
    };
  }
}
