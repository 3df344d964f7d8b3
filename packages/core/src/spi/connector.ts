/**
 * Connector lifecycle (spec framework.md C.1, C.3): what every connector implements, the poolable variant, and the
 * descriptor that stands in for Java's `@ConnectorClass` annotation.
 *
 * The SPI is async-first: every method may return its result directly or as a Promise ({@link Awaitable}); the
 * framework always awaits.
 *
 * @packageDocumentation
 */

import { ConnectorMessages, type MessageCatalogsInput } from '../api/connector-messages.js';
import { IllegalArgumentException, requireNonBlank } from '../errors.js';
import type { Configuration, ConfigurationClass } from './configuration.js';
import type { ConnectorContext } from './context.js';

/** A value or a Promise of it. SPI methods return this; the framework awaits the result either way. */
export type Awaitable<T> = T | Promise<T>;

/**
 * A connector (`org.identityconnectors.framework.spi.Connector`).
 *
 * A non-poolable connector gets **a new instance per API call**: the framework runs
 * `create → init(configuration, context) → operation → dispose()`. Operations are the interfaces of
 * `./operations.js`, detected on the instance by their method names.
 */
export interface Connector<C extends Configuration = Configuration> {
  /**
   * Receives the configuration (already built from the application's property values) before any operation.
   *
   * @param configuration - the configuration of this instance.
   * @param context - what the host offers besides: the {@link ConnectorContext.log | logger} to write to. Absent
   *   when the host has none (e.g. a test calling `init` directly); a connector may also leave the parameter out
   *   of its signature.
   */
  init(configuration: C, context?: ConnectorContext): Awaitable<void>;
  /** Releases every resource; the instance is not used afterwards. */
  dispose(): Awaitable<void>;
  /** The configuration given to {@link init}. */
  getConfiguration(): C;
}

/**
 * A connector whose instances the framework keeps in a pool (C.1, C.6). `checkAlive()` runs on every borrow: when
 * it throws on an idle instance the instance is disposed and the pool tries another; when it throws on a brand-new
 * instance the call fails with that error.
 */
export interface PoolableConnector<C extends Configuration = Configuration> extends Connector<C> {
  /** Throws (or rejects) when the instance can no longer be used, e.g. its connection dropped. */
  checkAlive(): Awaitable<void>;
}

/** Whether a connector is a {@link PoolableConnector} (has a `checkAlive` method). */
export function isPoolable<C extends Configuration>(
  connector: Connector<C>,
): connector is PoolableConnector<C> {
  return typeof (connector as Partial<PoolableConnector<C>>).checkAlive === 'function';
}

/**
 * A connector class as the framework registers it: the stand-in for Java's
 * `@ConnectorClass(configurationClass, displayNameKey, categoryKey, messageCatalogPaths)` (spec C.3).
 */
export interface ConnectorClass<C extends Configuration = Configuration> {
  /** The connector name of its ConnectorKey; conventionally a fully-qualified class name. */
  readonly connectorName: string;
  /** How configurations of this connector are described and built. */
  readonly configurationClass: ConfigurationClass<C>;
  /** Message key of the display name. */
  readonly displayNameKey: string;
  /** Message key of the category, if any. */
  readonly categoryKey?: string | undefined;
  /** The connector's message catalogues (locale `''` = root). */
  readonly messages: ConnectorMessages;
  /** A new, uninitialized instance. */
  create(): Connector<C>;
}

/** What {@link defineConnector} takes; `messages` may be a {@link ConnectorMessages} or raw catalogues. */
export interface ConnectorClassDefinition<C extends Configuration> {
  readonly connectorName: string;
  readonly configurationClass: ConfigurationClass<C>;
  readonly displayNameKey: string;
  readonly categoryKey?: string | undefined;
  readonly messages?: ConnectorMessages | MessageCatalogsInput;
  readonly create: () => Connector<C>;
}

/**
 * Checks and freezes a {@link ConnectorClass}.
 *
 * @throws IllegalArgumentException for a blank name or display-name key, or a missing `create` or configuration
 *   class.
 */
export function defineConnector<C extends Configuration>(
  definition: ConnectorClassDefinition<C>,
): ConnectorClass<C> {
  requireNonBlank(definition.connectorName, 'connectorName');
  requireNonBlank(definition.displayNameKey, 'displayNameKey');
  if (typeof definition.create !== 'function') {
    throw new IllegalArgumentException(`Connector '${definition.connectorName}' needs a create() function`);
  }
  if (!definition.configurationClass || typeof definition.configurationClass.create !== 'function') {
    throw new IllegalArgumentException(`Connector '${definition.connectorName}' needs a configuration class`);
  }
  const messages =
    definition.messages instanceof ConnectorMessages
      ? definition.messages
      : new ConnectorMessages(definition.messages ?? new Map());
  const create = definition.create;
  return Object.freeze({
    connectorName: definition.connectorName,
    configurationClass: definition.configurationClass,
    displayNameKey: definition.displayNameKey,
    categoryKey: definition.categoryKey || undefined,
    messages,
    create: () => create(),
  });
}
