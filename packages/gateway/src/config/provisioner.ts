/**
 * `provisioner.openicf-<name>.json` (spec framework.md F.9): validation into a model, the secrets it holds, the
 * connector settings it gives (what `buildApiConfiguration` applies), and the per-operation policy of
 * `operationOptions` (F.4).
 *
 * Decisions on IDM's quirks:
 * - `bufferSize` is the producer buffer size, as in IDM; `producerBufferSize` (the key the samples and docs
 *   show, which IDM ignores) is **accepted as a fallback**.
 * - `operationOptions.<OP>.denied` gives 403 **whether or not `supportedObjectTypes` is set** (IDM honours it
 *   only together with `supportedObjectTypes`); `objectFeatures.<objectType>.denied` overrides it per type.
 *   `onDeny` is not read (as in IDM): a denied operation always fails.
 * - Static option values (`operationOptionInfo.properties`) have no effect, as in IDM.
 * - Unknown `configurationProperties` are skipped when the connector is configured (as IDM does).
 *
 * @packageDocumentation
 */
import {
  type ApiOperation,
  type ConnectorInfo,
  ObjectPoolConfiguration,
  type ObjectPoolConfigurationData,
  type ResultsHandlerConfigurationData,
} from '@rcskit/core';
import type { CreateFacadeOptions } from '@rcskit/transport';
import { BadRequestError, ForbiddenError, NotSupportedError, type ResourceError } from '../errors.js';
import { type ObjectTypeModel, parseObjectTypes } from '../mapping/object-types.js';
import { type ConnectorRef, checkConnectorRef } from './connector-ref.js';
import { type ConfigCrypto, isCryptoEnvelope } from './crypto.js';

/** IDM's operation names (`OperationType`), the keys of `operationTimeout` and `operationOptions`. */
export const OPERATION_TYPES = Object.freeze([
  'CREATE',
  'UPDATE',
  'DELETE',
  'TEST',
  'SCRIPT_ON_CONNECTOR',
  'SCRIPT_ON_RESOURCE',
  'GET',
  'RESOLVEUSERNAME',
  'AUTHENTICATE',
  'SEARCH',
  'VALIDATE',
  'SYNC',
  'SCHEMA',
] as const);

/** One of {@link OPERATION_TYPES}. */
export type OperationType = (typeof OPERATION_TYPES)[number];

/** IDM operation name → ICF API operation. */
export const OPERATION_TYPE_TO_API: Readonly<Record<OperationType, ApiOperation>> = Object.freeze({
  CREATE: 'CreateApiOp',
  UPDATE: 'UpdateApiOp',
  DELETE: 'DeleteApiOp',
  TEST: 'TestApiOp',
  SCRIPT_ON_CONNECTOR: 'ScriptOnConnectorApiOp',
  SCRIPT_ON_RESOURCE: 'ScriptOnResourceApiOp',
  GET: 'GetApiOp',
  RESOLVEUSERNAME: 'ResolveUsernameApiOp',
  AUTHENTICATE: 'AuthenticationApiOp',
  SEARCH: 'SearchApiOp',
  VALIDATE: 'ValidateApiOp',
  SYNC: 'SyncApiOp',
  SCHEMA: 'SchemaApiOp',
});

/** True for one of {@link OPERATION_TYPES}. */
export function isOperationType(value: unknown): value is OperationType {
  return typeof value === 'string' && (OPERATION_TYPES as readonly string[]).includes(value);
}

/** File-name prefix of provisioner configurations. */
export const PROVISIONER_FILE_PREFIX = 'provisioner.openicf-';
/** The configuration id prefix IDM uses (`/openidm/config/provisioner.openicf/<name>`). */
export const PROVISIONER_CONFIG_ID_PREFIX = 'provisioner.openicf/';

const NAME_PATTERN = /^[A-Za-z0-9]+$/;

/** True for a valid system name (letters and digits, the `/system/<name>` segment). */
export function isValidProvisionerName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

/** `provisioner.openicf-<name>.json`. */
export function provisionerFileName(name: string): string {
  return `${PROVISIONER_FILE_PREFIX}${name}.json`;
}

/** The name in a `provisioner.openicf-<name>.json` file name, or undefined for other files. */
export function provisionerNameOf(fileName: string): string | undefined {
  if (!fileName.startsWith(PROVISIONER_FILE_PREFIX) || !fileName.endsWith('.json')) return undefined;
  const name = fileName.slice(PROVISIONER_FILE_PREFIX.length, -'.json'.length);
  return name === '' ? undefined : name;
}

/** The per-operation settings of `operationOptions`. */
export interface OperationOptionSettings {
  readonly denied: boolean;
  readonly supportedObjectTypes: readonly string[] | undefined;
  /** Per object type (key of `objectTypes`) overrides of `denied`. */
  readonly objectFeatures: Readonly<Record<string, { readonly denied?: boolean }>>;
}

/** A validated provisioner configuration. */
export interface ProvisionerConfig {
  /** The system name (`/system/<name>`). */
  readonly name: string;
  /** Default true; a disabled provisioner is not started. */
  readonly enabled: boolean;
  readonly connectorRef: ConnectorRef;
  /** Object types by key, `__ALL__` included. */
  readonly objectTypes: ReadonlyMap<string, ObjectTypeModel>;
  readonly poolConfigOption: Partial<ObjectPoolConfigurationData> | undefined;
  /** Timeouts in ms by IDM operation name (-1 = none). */
  readonly operationTimeout: Readonly<Partial<Record<OperationType, number>>>;
  readonly resultsHandlerConfig: Partial<ResultsHandlerConfigurationData> | undefined;
  /** `bufferSize` (or `producerBufferSize`). */
  readonly bufferSize: number | undefined;
  /** Connector properties as stored (secrets are `$crypto` envelopes). */
  readonly configurationProperties: Readonly<Record<string, unknown>>;
  readonly operationOptions: Readonly<Partial<Record<OperationType, OperationOptionSettings>>>;
  /** `systemActions` as configured. */
  readonly systemActions: readonly Readonly<Record<string, unknown>>[];
  /** The whole configuration as given. */
  readonly json: Readonly<Record<string, unknown>>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const POOL_FIELDS = ['maxObjects', 'maxIdle', 'maxWait', 'minEvictableIdleTimeMillis', 'minIdle'] as const;
const RESULTS_HANDLER_FIELDS = [
  'enableNormalizingResultsHandler',
  'enableFilteredResultsHandler',
  'enableCaseInsensitiveFilter',
  'enableAttributesToGetSearchResultsHandler',
] as const;

function checkPool(json: unknown, problems: string[]): Partial<ObjectPoolConfigurationData> | undefined {
  if (json === undefined || json === null) return undefined;
  if (!isObject(json)) {
    problems.push('poolConfigOption must be an object');
    return undefined;
  }
  const out: Partial<Record<(typeof POOL_FIELDS)[number], number>> = {};
  for (const field of POOL_FIELDS) {
    const value = json[field];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      problems.push(`poolConfigOption.${field} must be an integer`);
    } else out[field] = value;
  }
  try {
    new ObjectPoolConfiguration(out).validate();
  } catch (e) {
    problems.push(`poolConfigOption: ${(e as Error).message}`);
  }
  return out;
}

function checkTimeouts(json: unknown, problems: string[]): Partial<Record<OperationType, number>> {
  const out: Partial<Record<OperationType, number>> = {};
  if (json === undefined || json === null) return out;
  if (!isObject(json)) {
    problems.push('operationTimeout must be an object');
    return out;
  }
  for (const [key, value] of Object.entries(json)) {
    if (!isOperationType(key)) {
      problems.push(`operationTimeout.${key} is not an operation (${OPERATION_TYPES.join(', ')})`);
    } else if (typeof value !== 'number' || !Number.isInteger(value) || value < -1 || value > 2 ** 31 - 1) {
      problems.push(`operationTimeout.${key} must be an integer number of milliseconds (-1 = none)`);
    } else out[key] = value;
  }
  return out;
}

function checkResultsHandler(
  json: unknown,
  problems: string[],
): Partial<ResultsHandlerConfigurationData> | undefined {
  if (json === undefined || json === null) return undefined;
  if (!isObject(json)) {
    problems.push('resultsHandlerConfig must be an object');
    return undefined;
  }
  const out: Partial<Record<(typeof RESULTS_HANDLER_FIELDS)[number], boolean>> = {};
  for (const field of RESULTS_HANDLER_FIELDS) {
    const value = json[field];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') problems.push(`resultsHandlerConfig.${field} must be a boolean`);
    else out[field] = value;
  }
  return out;
}

function checkOperationOptions(
  json: unknown,
  problems: string[],
): Partial<Record<OperationType, OperationOptionSettings>> {
  const out: Partial<Record<OperationType, OperationOptionSettings>> = {};
  if (json === undefined || json === null) return out;
  if (!isObject(json)) {
    problems.push('operationOptions must be an object');
    return out;
  }
  for (const [key, value] of Object.entries(json)) {
    if (!isOperationType(key)) {
      problems.push(`operationOptions.${key} is not an operation (${OPERATION_TYPES.join(', ')})`);
      continue;
    }
    if (!isObject(value)) {
      problems.push(`operationOptions.${key} must be an object`);
      continue;
    }
    if (value.denied !== undefined && typeof value.denied !== 'boolean') {
      problems.push(`operationOptions.${key}.denied must be a boolean`);
    }
    let supported: string[] | undefined;
    if (value.supportedObjectTypes !== undefined) {
      if (
        !Array.isArray(value.supportedObjectTypes) ||
        !value.supportedObjectTypes.every((t) => typeof t === 'string')
      ) {
        problems.push(`operationOptions.${key}.supportedObjectTypes must be an array of object class names`);
      } else supported = [...value.supportedObjectTypes];
    }
    const features: Record<string, { denied?: boolean }> = {};
    if (value.objectFeatures !== undefined) {
      if (!isObject(value.objectFeatures))
        problems.push(`operationOptions.${key}.objectFeatures must be an object`);
      else {
        for (const [type, feature] of Object.entries(value.objectFeatures)) {
          if (!isObject(feature)) {
            problems.push(`operationOptions.${key}.objectFeatures.${type} must be an object`);
          } else if (feature.denied !== undefined && typeof feature.denied !== 'boolean') {
            problems.push(`operationOptions.${key}.objectFeatures.${type}.denied must be a boolean`);
          } else features[type] = typeof feature.denied === 'boolean' ? { denied: feature.denied } : {};
        }
      }
    }
    out[key] = Object.freeze({
      denied: value.denied === true,
      supportedObjectTypes: supported,
      objectFeatures: Object.freeze(features),
    });
  }
  return out;
}

function checkSystemActions(json: unknown, problems: string[]): Record<string, unknown>[] {
  if (json === undefined || json === null) return [];
  if (!Array.isArray(json)) {
    problems.push('systemActions must be an array');
    return [];
  }
  json.forEach((action: unknown, i: number) => {
    if (!isObject(action)) problems.push(`systemActions[${i}] must be an object`);
    else {
      if (typeof action.scriptId !== 'string' || action.scriptId === '') {
        problems.push(`systemActions[${i}].scriptId is required`);
      }
      if (!Array.isArray(action.actions)) problems.push(`systemActions[${i}].actions must be an array`);
    }
  });
  return json.filter(isObject);
}

function checkBufferSize(json: Record<string, unknown>, problems: string[]): number | undefined {
  const key = json.bufferSize !== undefined ? 'bufferSize' : 'producerBufferSize';
  const value = json[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) {
    problems.push(`${key} must be a non-negative integer`);
    return undefined;
  }
  return value;
}

/** Options of {@link checkProvisionerConfig}. */
export interface CheckProvisionerOptions {
  /** The name the configuration is stored under (from the file name or the URL); `name` must match it. */
  readonly name?: string;
}

/**
 * Validates a provisioner configuration; returns the model, or the list of problems. A missing `name` is taken
 * from `options.name`.
 */
export function checkProvisionerConfig(
  json: unknown,
  options: CheckProvisionerOptions = {},
): { config?: ProvisionerConfig; problems: string[] } {
  if (!isObject(json)) return { problems: ['a provisioner configuration must be a JSON object'] };
  const problems: string[] = [];
  const name = json.name ?? options.name;
  if (typeof name !== 'string' || !isValidProvisionerName(name)) {
    problems.push(
      `name is required and must be letters and digits only, got ${JSON.stringify(name ?? null)}`,
    );
  } else if (options.name !== undefined && name !== options.name) {
    problems.push(`name '${name}' does not match the configuration name '${options.name}'`);
  }
  if (json.enabled !== undefined && typeof json.enabled !== 'boolean')
    problems.push('enabled must be a boolean');
  const { ref, problems: refProblems } = checkConnectorRef(json.connectorRef);
  problems.push(...refProblems);
  let objectTypes: ReadonlyMap<string, ObjectTypeModel> | undefined;
  try {
    objectTypes = parseObjectTypes(json.objectTypes);
  } catch (e) {
    problems.push((e as Error).message);
  }
  const poolConfigOption = checkPool(json.poolConfigOption, problems);
  const operationTimeout = checkTimeouts(json.operationTimeout, problems);
  const resultsHandlerConfig = checkResultsHandler(json.resultsHandlerConfig, problems);
  const bufferSize = checkBufferSize(json, problems);
  const properties = json.configurationProperties ?? {};
  if (!isObject(properties)) problems.push('configurationProperties must be an object');
  const operationOptions = checkOperationOptions(json.operationOptions, problems);
  const systemActions = checkSystemActions(json.systemActions, problems);
  if (problems.length > 0 || !ref || !objectTypes) return { problems };
  return {
    config: Object.freeze({
      name: name as string,
      enabled: json.enabled !== false,
      connectorRef: ref,
      objectTypes,
      poolConfigOption,
      operationTimeout: Object.freeze(operationTimeout),
      resultsHandlerConfig,
      bufferSize,
      configurationProperties: properties as Record<string, unknown>,
      operationOptions: Object.freeze(operationOptions),
      systemActions: Object.freeze(systemActions),
      json,
    }),
    problems,
  };
}

/**
 * Validates a provisioner configuration.
 *
 * @throws BadRequestError listing every problem.
 */
export function parseProvisionerConfig(
  json: unknown,
  options: CheckProvisionerOptions = {},
): ProvisionerConfig {
  const { config, problems } = checkProvisionerConfig(json, options);
  if (!config) throw new BadRequestError(`Invalid provisioner configuration: ${problems.join('; ')}`);
  return config;
}

/**
 * The object-type names a status reports (`/system?_action=test`): `__ALL__` first, then the configured ones in
 * configuration order.
 */
export function objectTypeNames(config: ProvisionerConfig): string[] {
  const names = [...config.objectTypes.keys()];
  const all = names.filter((n) => config.objectTypes.get(n)?.nativeType.toUpperCase() === '__ALL__');
  return [...all, ...names.filter((n) => !all.includes(n))];
}

/** The object type of a request, or undefined (the route answers 404 `Not found: <type>`). */
export function findObjectType(config: ProvisionerConfig, objectType: string): ObjectTypeModel | undefined {
  return config.objectTypes.get(objectType);
}

/** Names of the configuration properties of a connector that are secrets (confidential or Guarded*). */
export function confidentialPropertyNames(info: ConnectorInfo): string[] {
  return info.defaultApiConfiguration.configurationProperties.properties
    .filter((p) => p.confidential || p.type.startsWith('Guarded'))
    .map((p) => p.name);
}

/**
 * A copy of a provisioner configuration whose secret `configurationProperties` (by name) are encrypted; values
 * already encrypted and null values are left as they are.
 */
export function protectProvisionerSecrets(
  json: Readonly<Record<string, unknown>>,
  confidential: Iterable<string>,
  crypto: ConfigCrypto,
): Record<string, unknown> {
  const properties = json.configurationProperties;
  if (!isObject(properties)) return { ...json };
  const names = new Set(confidential);
  const protectedProps: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    protectedProps[key] = names.has(key) ? crypto.protect(value) : value;
  }
  return { ...json, configurationProperties: protectedProps };
}

/** The settings of {@link connectorSettings}: the subset of transport's `CreateFacadeOptions` a config gives. */
export type ConnectorSettings = Pick<
  CreateFacadeOptions,
  | 'configurationProperties'
  | 'ignoreUnknownProperties'
  | 'poolConfiguration'
  | 'timeouts'
  | 'producerBufferSize'
  | 'resultsHandlerConfiguration'
>;

/**
 * What a provisioner configuration asks of its connector, for `buildApiConfiguration` /
 * `RemoteConnectorInfoManager.createFacade`: the **decrypted** configuration properties (unknown ones skipped),
 * pool settings, per-operation timeouts (IDM names mapped to API operations), producer buffer size and results
 * handler switches. Call it only when building the facade; never keep or log the result.
 */
export function connectorSettings(config: ProvisionerConfig, crypto: ConfigCrypto): ConnectorSettings {
  const timeouts: Partial<Record<ApiOperation, number>> = {};
  for (const [op, ms] of Object.entries(config.operationTimeout)) {
    if (ms !== undefined) timeouts[OPERATION_TYPE_TO_API[op as OperationType]] = ms;
  }
  const settings: {
    -readonly [K in keyof ConnectorSettings]: ConnectorSettings[K];
  } = {
    configurationProperties: crypto.revealDeep(config.configurationProperties) as Record<string, unknown>,
    ignoreUnknownProperties: true,
    timeouts,
  };
  if (config.poolConfigOption !== undefined) settings.poolConfiguration = config.poolConfigOption;
  if (config.bufferSize !== undefined) settings.producerBufferSize = config.bufferSize;
  if (config.resultsHandlerConfig !== undefined)
    settings.resultsHandlerConfiguration = config.resultsHandlerConfig;
  return settings;
}

/** True when a stored value is encrypted. */
export function isProtected(value: unknown): boolean {
  return isCryptoEnvelope(value);
}

/**
 * Applies `operationOptions` to an operation on an object type (F.4 steps 3 and 4): 501 when
 * `supportedObjectTypes` is set and lacks the type's native type, 403 when the operation is denied (for the
 * whole operation, or for this object type through `objectFeatures`). Returns undefined when allowed.
 */
export function operationPolicy(
  config: ProvisionerConfig,
  operation: OperationType,
  objectType: ObjectTypeModel,
): ResourceError | undefined {
  const settings = config.operationOptions[operation];
  if (!settings) return undefined;
  const supported = settings.supportedObjectTypes;
  if (supported && !supported.some((t) => t.toUpperCase() === objectType.nativeType.toUpperCase())) {
    return new NotSupportedError(
      `Operation ${operation} is not supported for ObjectClass ${objectType.nativeType} on system/${config.name}`,
    );
  }
  const feature = settings.objectFeatures[objectType.name];
  const denied = feature?.denied ?? settings.denied;
  if (denied) {
    return new ForbiddenError(`Operation ${operation} is denied on system/${config.name}/${objectType.name}`);
  }
  return undefined;
}
