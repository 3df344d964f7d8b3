/**
 * API configuration serial types (spec §4.3.6): `ObjectPoolConfiguration`, `ResultsHandlerConfiguration`,
 * `ConfigurationProperty`, `ConfigurationProperties`, `APIConfiguration`, `ConnectorMessages`, `ConnectorKey`,
 * `ConnectorInfo`. API operations travel as `Class` objects ({@link JavaClass}) and are core's `ApiOperation`
 * names once decoded.
 *
 * @packageDocumentation
 */
import {
  APIConfiguration,
  type ApiOperation,
  ConfigurationProperties,
  ConfigurationProperty,
  ConnectorInfo,
  ConnectorKey,
  ConnectorMessages,
  isApiOperation,
  JavaInteger,
  JavaLong,
  type JavaType,
  normalizeLocale,
  ObjectPoolConfiguration,
  ResultsHandlerConfiguration,
} from '@rcskit/core';
import { SerializationException } from '../errors.js';
import { JavaClass } from '../java-class.js';
import { JavaLocale } from '../java-locale.js';
import { describeValue, expectInstance, type ObjectReader, type TypeHandler } from '../registry.js';
import { collectionItems, mapOf, requireClass, requireString } from './field-helpers.js';

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** A JS number as an int64 (clamped to the Long range, so a Long.MAX_VALUE read back as a number round-trips). */
function toInt64(value: number, what: string): bigint {
  if (!Number.isInteger(value)) throw new SerializationException(`${what} must be an integer: ${value}`);
  const n = BigInt(value);
  return n < LONG_MIN ? LONG_MIN : n > LONG_MAX ? LONG_MAX : n;
}

/** An API operation from a decoded `Class` object. */
function operationOf(input: ObjectReader, value: unknown, what: string): ApiOperation {
  const op = expectInstance(input, value, JavaClass, what).typeName;
  if (!isApiOperation(op)) return input.fail(`${what} '${op}' is not an API operation`);
  return op;
}

/** A `Set` of `Class` objects naming API operations. */
function operationsOf(input: ObjectReader, field: string): ApiOperation[] {
  const items = collectionItems(input, input.readObjectField(field), `field '${field}'`) ?? [];
  return items.map((item, i) => operationOf(input, item, `${field}[${i}]`));
}

function operationSet(ops: Iterable<ApiOperation>): Set<JavaClass> {
  return new Set([...ops].map((op) => JavaClass.of(op)));
}

export const objectPoolConfigurationHandler: TypeHandler<ObjectPoolConfiguration> = {
  name: 'ObjectPoolConfiguration',
  classes: [ObjectPoolConfiguration],
  encode: (pool, out) => {
    out.writeIntField('maxObjects', pool.maxObjects);
    out.writeIntField('maxIdle', pool.maxIdle);
    out.writeLongField('maxWait', toInt64(pool.maxWait, 'maxWait'));
    out.writeLongField(
      'minEvictableIdleTimeMillis',
      toInt64(pool.minEvictableIdleTimeMillis, 'minEvictableIdleTimeMillis'),
    );
    out.writeIntField('minIdle', pool.minIdle);
  },
  decode: (input) => {
    const d = ObjectPoolConfiguration.DEFAULTS;
    return new ObjectPoolConfiguration({
      maxObjects: input.readIntField('maxObjects', d.maxObjects),
      maxIdle: input.readIntField('maxIdle', d.maxIdle),
      maxWait: Number(input.readLongField('maxWait', BigInt(d.maxWait))),
      minEvictableIdleTimeMillis: Number(
        input.readLongField('minEvictableIdleTimeMillis', BigInt(d.minEvictableIdleTimeMillis)),
      ),
      minIdle: input.readIntField('minIdle', d.minIdle),
    });
  },
};

const RESULTS_HANDLER_FIELDS = [
  'enableNormalizingResultsHandler',
  'enableFilteredResultsHandler',
  'enableCaseInsensitiveFilter',
  'enableAttributesToGetSearchResultsHandler',
] as const;

export const resultsHandlerConfigurationHandler: TypeHandler<ResultsHandlerConfiguration> = {
  name: 'ResultsHandlerConfiguration',
  classes: [ResultsHandlerConfiguration],
  encode: (config, out) => {
    for (const field of RESULTS_HANDLER_FIELDS) out.writeBooleanField(field, config[field]);
  },
  decode: (input) => {
    const config = new ResultsHandlerConfiguration();
    for (const field of RESULTS_HANDLER_FIELDS) config[field] = input.readBooleanField(field, config[field]);
    return config;
  },
};

export const configurationPropertyHandler: TypeHandler<ConfigurationProperty> = {
  name: 'ConfigurationProperty',
  classes: [ConfigurationProperty],
  encode: (property, out) => {
    out.writeIntField('order', property.order);
    out.writeBooleanField('confidential', property.confidential);
    out.writeBooleanField('required', property.required);
    out.writeStringField('name', property.name);
    out.writeStringField('helpMessageKey', property.helpMessageKey);
    out.writeStringField('displayMessageKey', property.displayMessageKey);
    out.writeStringField('groupMessageKey', property.groupMessageKey);
    out.writeClassField('type', property.type);
    out.writeObjectField('value', property.value);
    out.writeObjectField('operations', operationSet(property.operations));
  },
  decode: (input) =>
    new ConfigurationProperty({
      name: requireString(input, 'name'),
      type: requireClass(input, 'type') as JavaType,
      value: input.readObjectField('value'),
      order: input.readIntField('order', 0),
      confidential: input.readBooleanField('confidential', false),
      required: input.readBooleanField('required', false),
      displayMessageKey: input.readStringField('displayMessageKey') ?? '',
      helpMessageKey: input.readStringField('helpMessageKey') ?? '',
      groupMessageKey: input.readStringField('groupMessageKey') ?? '',
      operations: operationsOf(input, 'operations'),
    }),
};

export const configurationPropertiesHandler: TypeHandler<ConfigurationProperties> = {
  name: 'ConfigurationProperties',
  classes: [ConfigurationProperties],
  encode: (properties, out) => {
    for (const property of properties.properties) out.writeObjectContents(property);
  },
  decode: (input) => {
    const properties: ConfigurationProperty[] = [];
    for (let i = 0; i < input.anonymousCount; i++) {
      properties.push(
        expectInstance(input, input.readObjectContents(i), ConfigurationProperty, `property #${i}`),
      );
    }
    return new ConfigurationProperties(properties);
  },
};

function timeoutOf(input: ObjectReader, value: unknown, op: string): number {
  if (value instanceof JavaInteger) return value.value;
  // Lenient: a Long that fits an int (Java would have sent an Integer).
  if (value instanceof JavaLong && value.value >= -(2n ** 31n) && value.value < 2n ** 31n)
    return Number(value.value);
  return input.fail(`timeout of ${op} must be an Integer, got ${describeValue(value)}`);
}

export const apiConfigurationHandler: TypeHandler<APIConfiguration> = {
  name: 'APIConfiguration',
  classes: [APIConfiguration],
  encode: (config, out) => {
    out.writeIntField('producerBufferSize', config.producerBufferSize);
    out.writeBooleanField('connectorPoolingSupported', config.connectorPoolingSupported);
    out.writeObjectField('connectorPoolConfiguration', config.connectorPoolConfiguration);
    out.writeObjectField('resultsHandlerConfiguration', config.resultsHandlerConfiguration);
    out.writeObjectField('ConfigurationProperties', config.configurationProperties);
    const timeouts = new Map<JavaClass, JavaInteger>();
    for (const [op, ms] of config.timeouts) timeouts.set(JavaClass.of(op), new JavaInteger(ms));
    out.writeObjectField('timeoutMap', timeouts);
    out.writeObjectField('SupportedOperations', operationSet(config.supportedOperations));
  },
  decode: (input) => {
    const timeouts: [ApiOperation, number][] = [];
    const map = mapOf(input, input.readObjectField('timeoutMap'), "field 'timeoutMap'");
    for (const [key, value] of map ?? []) {
      const op = operationOf(input, key, 'timeoutMap key');
      timeouts.push([op, timeoutOf(input, value, op)]);
    }
    const pool = input.readObjectField('connectorPoolConfiguration');
    const handlers = input.readObjectField('resultsHandlerConfiguration');
    const properties = input.readObjectField('ConfigurationProperties');
    return new APIConfiguration({
      producerBufferSize: input.readIntField('producerBufferSize', 100),
      connectorPoolingSupported: input.readBooleanField('connectorPoolingSupported', false),
      ...(pool !== null && {
        connectorPoolConfiguration: expectInstance(
          input,
          pool,
          ObjectPoolConfiguration,
          'connectorPoolConfiguration',
        ),
      }),
      ...(handlers !== null && {
        resultsHandlerConfiguration: expectInstance(
          input,
          handlers,
          ResultsHandlerConfiguration,
          'resultsHandlerConfiguration',
        ),
      }),
      ...(properties !== null && {
        configurationProperties: expectInstance(
          input,
          properties,
          ConfigurationProperties,
          'ConfigurationProperties',
        ),
      }),
      timeouts,
      supportedOperations: operationsOf(input, 'SupportedOperations'),
    });
  },
};

function isNormalizableLocale(locale: string): boolean {
  try {
    normalizeLocale(locale);
    return true;
  } catch {
    return false;
  }
}

export const connectorMessagesHandler: TypeHandler<ConnectorMessages> = {
  name: 'ConnectorMessages',
  classes: [ConnectorMessages],
  encode: (messages, out) => {
    const catalogs = new Map<JavaLocale, Map<string, string>>();
    for (const [locale, catalog] of messages.catalogs)
      catalogs.set(JavaLocale.parse(locale), new Map(catalog));
    out.writeObjectField('catalogs', catalogs);
  },
  decode: (input) => {
    const catalogs = new Map<string, Map<string, string>>();
    const map = mapOf(input, input.readObjectField('catalogs'), "field 'catalogs'");
    for (const [key, value] of map ?? []) {
      const locale = expectInstance(input, key, JavaLocale, 'catalogs key').toString();
      // A locale core cannot name (odd variant characters) loses its catalog rather than the whole object.
      if (!isNormalizableLocale(locale)) continue;
      const catalog = mapOf(input, value, `catalog '${locale}'`) ?? new Map();
      const messages = new Map<string, string>();
      for (const [k, v] of catalog) {
        if (typeof k !== 'string' || typeof v !== 'string') {
          input.fail(`catalog '${locale}' must map Strings to Strings`);
        }
        messages.set(k, v);
      }
      catalogs.set(locale, messages);
    }
    return new ConnectorMessages(catalogs);
  },
};

export const connectorKeyHandler: TypeHandler<ConnectorKey> = {
  name: 'ConnectorKey',
  classes: [ConnectorKey],
  encode: (key, out) => {
    out.writeStringField('bundleName', key.bundleName);
    out.writeStringField('bundleVersion', key.bundleVersion);
    out.writeStringField('connectorName', key.connectorName);
  },
  decode: (input) =>
    new ConnectorKey(
      requireString(input, 'bundleName'),
      requireString(input, 'bundleVersion'),
      requireString(input, 'connectorName'),
    ),
};

export const connectorInfoHandler: TypeHandler<ConnectorInfo> = {
  name: 'ConnectorInfo',
  classes: [ConnectorInfo],
  encode: (info, out) => {
    out.writeStringField('connectorDisplayNameKey', info.connectorDisplayNameKey);
    out.writeStringField('connectorCategoryKey', info.connectorCategoryKey);
    out.writeObjectField('ConnectorKey', info.connectorKey);
    out.writeObjectField('ConnectorMessages', info.messages);
    out.writeObjectField('APIConfiguration', info.defaultApiConfiguration);
  },
  decode: (input) => {
    const messages = input.readObjectField('ConnectorMessages');
    return new ConnectorInfo({
      connectorDisplayNameKey: requireString(input, 'connectorDisplayNameKey'),
      connectorCategoryKey: input.readStringField('connectorCategoryKey'),
      connectorKey: expectInstance(
        input,
        input.readObjectField('ConnectorKey'),
        ConnectorKey,
        'ConnectorKey',
      ),
      ...(messages !== null && {
        messages: expectInstance(input, messages, ConnectorMessages, 'ConnectorMessages'),
      }),
      defaultApiConfiguration: expectInstance(
        input,
        input.readObjectField('APIConfiguration'),
        APIConfiguration,
        'APIConfiguration',
      ),
    });
  },
};

/** The API configuration handlers, in registry order. */
export const API_CONFIGURATION_HANDLERS: readonly TypeHandler[] = [
  objectPoolConfigurationHandler,
  resultsHandlerConfigurationHandler,
  configurationPropertyHandler,
  configurationPropertiesHandler,
  apiConfigurationHandler,
  connectorMessagesHandler,
  connectorKeyHandler,
  connectorInfoHandler,
];
