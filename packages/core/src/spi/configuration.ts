/**
 * Connector configuration (spec framework.md C.1, C.2). Java discovers configuration properties by bean
 * reflection and reads `@ConfigurationProperty` annotations; TypeScript has neither, so a connector declares its
 * properties in a {@link ConfigurationClass} made with {@link defineConfiguration}. From that descriptor the
 * framework builds the application-side default ({@link configurationPropertiesOf}) and, per connector instance,
 * a configured object ({@link applyConfigurationProperties}).
 *
 * @packageDocumentation
 */
import {
  ConfigurationProperties,
  ConfigurationProperty,
  type ConfigValue,
  toConfigValue,
} from '../api/configuration-property.js';
import type { ConnectorMessages } from '../api/connector-messages.js';
import { type ApiOperation, isSpiOperation, type SpiOperation, spiToApi } from '../api/operations.js';
import { ConfigurationException, IllegalArgumentException, JavaException } from '../errors.js';
import { Script } from '../objects/script.js';
import { JavaCharacter, JavaDouble, JavaFloat, JavaInteger, JavaLong } from '../values/boxed.js';
import { GuardedByteArray, GuardedString } from '../values/guarded.js';
import { CONFIGURATION_TYPES, isPrimitiveType, type JavaType } from '../values/java-type.js';
import { JavaArray, JavaFile, JavaURI } from '../values/value.js';
import type { Awaitable } from './connector.js';

/**
 * A connector's configuration (`org.identityconnectors.framework.spi.Configuration`). The configuration
 * properties are plain fields of the object, named as in its {@link ConfigurationClass}.
 */
export interface Configuration {
  /**
   * Checks the values and throws (ConfigurationException, IllegalArgumentException…) when they are unusable.
   * Called **only** through the Validate API operation (IDM calls it once when a provisioner starts); `TestOp`
   * implementations usually call it themselves. Use {@link validateRequired} for required properties: the
   * framework does not enforce `required`.
   */
  validate(): Awaitable<void>;
  /** The connector's messages, set by the framework before the configuration is handed to the connector. */
  connectorMessages?: ConnectorMessages | undefined;
}

/**
 * A configuration the framework keeps for the whole life of a facade (spec C.1): one instance shared by every
 * connector instance, released when the facade is disposed. A stateless configuration is rebuilt from the stored
 * property values for each connector instance instead. Use it to hold compiled scripts, clients or pools.
 */
export interface StatefulConfiguration extends Configuration {
  /** Frees what the configuration holds; called once, when the facade is disposed. */
  release(): Awaitable<void>;
}

/** Whether a configuration is a {@link StatefulConfiguration} (has a `release` method). */
export function isStatefulConfiguration(
  configuration: Configuration,
): configuration is StatefulConfiguration {
  return typeof (configuration as Partial<StatefulConfiguration>).release === 'function';
}

/**
 * One declared configuration property: the stand-in for a bean property with its `@ConfigurationProperty`
 * annotation (spec C.2). Omitted fields take the annotation defaults.
 */
export interface ConfigurationPropertyMetadata {
  /** The property name: the field of the configuration object that holds the value. Case-sensitive. */
  readonly name: string;
  /** The Java type; must be one of `CONFIGURATION_TYPES` (String, int, GuardedString, String[], …). */
  readonly type: JavaType;
  /** Display order. Default -1 (the annotation default); ties keep declaration order. */
  readonly order?: number;
  /** Metadata only: the framework does not enforce it; see {@link validateRequired}. Default false. */
  readonly required?: boolean;
  /** Secret: masked by applications and never logged. Default false. */
  readonly confidential?: boolean;
  /** Default (also for `''`) `<name>.display`. */
  readonly displayMessageKey?: string;
  /** Default (also for `''`) `<name>.help`. */
  readonly helpMessageKey?: string;
  /** Default (also for `''`) `<name>.group`. */
  readonly groupMessageKey?: string;
  /**
   * SPI operations the property matters for, turned into API operations (`SearchOp` → SearchApiOp + GetApiOp).
   * Default: none, meaning all operations.
   */
  readonly operations?: readonly SpiOperation[];
  /**
   * The default value, in any form {@link toConfigValue} accepts. When omitted, the default is the value the field
   * has on a fresh object from `create()` — as Java takes the getter's value on a fresh bean.
   */
  readonly defaultValue?: unknown;
}

/** Describes a configuration type: its properties and how to make a fresh, unconfigured instance. */
export interface ConfigurationClass<C extends Configuration = Configuration> {
  /** The declared properties, in declaration order. */
  readonly properties: readonly ConfigurationPropertyMetadata[];
  /** A fresh instance with the connector's own defaults. */
  create(): C;
}

/**
 * Checks and freezes a configuration descriptor.
 *
 * @throws IllegalArgumentException for a blank, duplicate or reserved (`connectorMessages`) name, a type that is
 *   not a configuration type, a non-integral order, an unknown SPI operation, or a default value that does not
 *   convert to the type.
 */
export function defineConfiguration<C extends Configuration>(definition: {
  readonly properties: readonly ConfigurationPropertyMetadata[];
  readonly create: () => C;
}): ConfigurationClass<C> {
  if (typeof definition.create !== 'function') {
    throw new IllegalArgumentException('A configuration class needs a create() function');
  }
  const seen = new Set<string>();
  const properties = definition.properties.map((meta) => {
    const name = meta.name;
    if (typeof name !== 'string' || name.trim() === '') {
      throw new IllegalArgumentException('Configuration property name must not be blank');
    }
    if (name === 'connectorMessages') {
      throw new IllegalArgumentException(
        "'connectorMessages' is reserved and cannot be a configuration property",
      );
    }
    if (seen.has(name)) throw new IllegalArgumentException(`Duplicate configuration property '${name}'`);
    seen.add(name);
    if (!CONFIGURATION_TYPES.has(meta.type)) {
      throw new IllegalArgumentException(
        `Configuration property '${name}' has type ${meta.type}, which is not a supported configuration type`,
      );
    }
    if (meta.order !== undefined && !Number.isInteger(meta.order)) {
      throw new IllegalArgumentException(
        `Configuration property '${name}' order must be an integer: ${meta.order}`,
      );
    }
    for (const op of meta.operations ?? []) {
      if (!isSpiOperation(op)) {
        throw new IllegalArgumentException(
          `Configuration property '${name}' names an unknown SPI operation: ${op}`,
        );
      }
    }
    if (meta.defaultValue !== undefined) toConfigValue(meta.type, meta.defaultValue, name, meta);
    return Object.freeze({
      ...meta,
      operations: meta.operations ? Object.freeze([...meta.operations]) : undefined,
    });
  });
  const create = definition.create;
  return Object.freeze({ properties: Object.freeze(properties), create: () => create() });
}

function apiOperationsOf(meta: ConfigurationPropertyMetadata): ApiOperation[] {
  return [...new Set((meta.operations ?? []).flatMap((op) => spiToApi(op)))];
}

function fieldOf(instance: object, name: string): unknown {
  return (instance as Record<string, unknown>)[name];
}

function buildProperties<C extends Configuration>(
  descriptor: ConfigurationClass<C>,
  valueFor: (meta: ConfigurationPropertyMetadata) => unknown,
): ConfigurationProperties {
  const built = descriptor.properties.map(
    (meta) =>
      new ConfigurationProperty({
        name: meta.name,
        type: meta.type,
        value: valueFor(meta),
        order: meta.order ?? -1,
        confidential: meta.confidential ?? false,
        required: meta.required ?? false,
        displayMessageKey: meta.displayMessageKey ?? '',
        helpMessageKey: meta.helpMessageKey ?? '',
        groupMessageKey: meta.groupMessageKey ?? '',
        operations: apiOperationsOf(meta),
      }),
  );
  // Array.prototype.sort is stable, so equal orders keep declaration order.
  return new ConfigurationProperties(built.sort((a, b) => a.order - b.order));
}

/**
 * The application-side properties of a configuration class with the current values of `instance` (e.g. to report
 * values a connector changed): each property's metadata with the defaults of spec C.2 (order -1;
 * `<name>.display`, `<name>.help`, `<name>.group`; not confidential, not required; no operations = all) and the
 * instance's field converted with {@link toConfigValue}. Sorted by order; ties keep declaration order.
 *
 * @throws IllegalArgumentException naming the property when a value does not convert to its type.
 */
export function configurationPropertiesFrom<C extends Configuration>(
  descriptor: ConfigurationClass<C>,
  instance: C,
): ConfigurationProperties {
  return buildProperties(descriptor, (meta) => fieldOf(instance, meta.name));
}

/**
 * The default application-side configuration properties of a configuration class (what a ConnectorInfo's default
 * APIConfiguration carries): metadata as in {@link configurationPropertiesFrom}, and as value the declared
 * `defaultValue`, or else the field of a fresh instance from `create()`.
 *
 * @param messages set as `connectorMessages` on the fresh instance before its values are read.
 * @throws IllegalArgumentException naming the property when a default does not convert to its type.
 */
export function configurationPropertiesOf<C extends Configuration>(
  descriptor: ConfigurationClass<C>,
  messages?: ConnectorMessages,
): ConfigurationProperties {
  const instance = descriptor.create();
  if (messages) instance.connectorMessages = messages;
  return buildProperties(descriptor, (meta) =>
    meta.defaultValue !== undefined ? meta.defaultValue : fieldOf(instance, meta.name),
  );
}

/** A configuration value as a connector's configuration object holds it; see {@link toPlainConfigValue}. */
export type PlainConfigValue =
  | string
  | number
  | boolean
  | GuardedString
  | GuardedByteArray
  | Script
  | readonly (PlainConfigValue | null)[];

/**
 * A canonical configuration value in the form a configuration object holds: Strings, Characters, URIs and Files
 * as `string`; Integer, Long, Double and Float as `number`; Booleans as `boolean`; arrays as JS arrays; Scripts
 * as they are; GuardedString and GuardedByteArray **kept guarded**, as copies (so a connector disposing its
 * secret does not clear the stored configuration).
 *
 * @throws ConfigurationException for a Long beyond ±2^53, which a JS number cannot hold exactly.
 */
export function toPlainConfigValue(value: ConfigValue | null, name = 'value'): PlainConfigValue | null {
  if (value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof GuardedString || value instanceof GuardedByteArray) return value.copy();
  if (value instanceof Script) return value;
  if (value instanceof JavaCharacter) return value.value;
  if (value instanceof JavaInteger || value instanceof JavaDouble || value instanceof JavaFloat)
    return value.value;
  if (value instanceof JavaLong) {
    if (value.value < BigInt(Number.MIN_SAFE_INTEGER) || value.value > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new ConfigurationException(
        `Configuration property '${name}' value ${value.value} is beyond ±2^53 and cannot be held as a number`,
      );
    }
    return Number(value.value);
  }
  if (value instanceof JavaURI) return value.value;
  if (value instanceof JavaFile) return value.path;
  if (value instanceof JavaArray) {
    return value.items.map((item, i) => toPlainConfigValue(item, `${name}[${i}]`));
  }
  throw new ConfigurationException(`Configuration property '${name}' has an unsupported value`);
}

/**
 * Builds a configured instance: a fresh object from `create()`, with each property's value from `properties`
 * converted to the declared type and then to its plain form ({@link toPlainConfigValue}) and assigned to the field
 * of the same name. Properties that are absent, and null values of primitive types, leave the instance's own
 * default in place. `messages` becomes the instance's `connectorMessages`.
 *
 * @throws ConfigurationException naming the property for an unknown property name or a value that does not
 *   convert to the declared type.
 */
export function applyConfigurationProperties<C extends Configuration>(
  descriptor: ConfigurationClass<C>,
  properties: ConfigurationProperties,
  messages?: ConnectorMessages,
): C {
  const declared = new Map(descriptor.properties.map((meta) => [meta.name, meta]));
  for (const name of properties.names) {
    if (!declared.has(name)) {
      throw new ConfigurationException(
        `Unknown configuration property '${name}'; valid properties are: ${[...declared.keys()].join(', ')}`,
      );
    }
  }
  const instance = descriptor.create();
  if (messages) instance.connectorMessages = messages;
  const fields = instance as Record<string, unknown>;
  for (const meta of descriptor.properties) {
    const property = properties.get(meta.name);
    if (!property) continue;
    let value: ConfigValue | null;
    try {
      value = toConfigValue(meta.type, property.value, meta.name, meta);
    } catch (e) {
      if (e instanceof JavaException) throw new ConfigurationException(e.message, { cause: e });
      throw e;
    }
    if (value === null && isPrimitiveType(meta.type)) continue;
    fields[meta.name] = toPlainConfigValue(value, meta.name);
  }
  return instance;
}

function isBlank(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (value instanceof JavaCharacter) return value.value.trim() === '';
  if (value instanceof JavaURI) return value.value.trim() === '';
  if (value instanceof JavaFile) return value.path.trim() === '';
  if (value instanceof GuardedString)
    return value.isDisposed() || value.access((clear) => clear.length === 0);
  if (value instanceof GuardedByteArray)
    return value.isDisposed() || value.access((clear) => clear.length === 0);
  if (value instanceof JavaArray) return value.length === 0;
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/**
 * Throws when a required property has no usable value — null/undefined, a blank string (also for Character, URI
 * and File), an empty or disposed secret, or an empty array. The framework never checks `required` itself
 * (spec C.2); call this from `validate()` with the configuration object itself, or with application-side
 * properties.
 *
 * @throws ConfigurationException naming every missing required property.
 */
export function validateRequired<C extends Configuration>(
  descriptor: ConfigurationClass<C>,
  target: C | ConfigurationProperties,
): void {
  const missing = descriptor.properties
    .filter((meta) => meta.required)
    .filter((meta) =>
      isBlank(
        target instanceof ConfigurationProperties ? target.get(meta.name)?.value : fieldOf(target, meta.name),
      ),
    )
    .map((meta) => `'${meta.name}'`);
  if (missing.length === 1) {
    throw new ConfigurationException(`Missing required configuration property: ${missing[0]}`);
  }
  if (missing.length > 1) {
    throw new ConfigurationException(`Missing required configuration properties: ${missing.join(', ')}`);
  }
}
