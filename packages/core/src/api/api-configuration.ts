/**
 * The application-side configuration of one connector facade (spec framework.md C.5, C.7; wire-protocol.md
 * §4.3.6 `APIConfiguration`). IDM starts from a connector's default configuration, copies it and sets the
 * properties, pool, handler and timeout values from its provisioner JSON.
 *
 * @packageDocumentation
 */
import { IllegalArgumentException } from '../errors.js';
import { ConfigurationProperties, type ConfigurationProperty } from './configuration-property.js';
import { type ApiOperation, isApiOperation } from './operations.js';
import { ObjectPoolConfiguration } from './pool-config.js';
import { ResultsHandlerConfiguration } from './results-handler-config.js';

/** `-1`: the operation has no timeout. */
export const NO_TIMEOUT = -1;

/** Default {@link APIConfiguration.producerBufferSize}. */
export const DEFAULT_PRODUCER_BUFFER_SIZE = 100;

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

function checkInt32(value: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < INT_MIN || value > INT_MAX) {
    throw new IllegalArgumentException(`${what} must be a 32-bit integer: ${String(value)}`);
  }
  return value;
}

/** Called with the properties a connector changed (spec C.1 `notifyConfigurationUpdate`). */
export type ConfigurationChangeListener = (changes: readonly ConfigurationProperty[]) => void;

/** What an {@link APIConfiguration} is built from; every field is optional and defaults as documented there. */
export interface APIConfigurationInit {
  readonly configurationProperties?: ConfigurationProperties;
  readonly connectorPoolingSupported?: boolean;
  readonly connectorPoolConfiguration?: ObjectPoolConfiguration;
  readonly resultsHandlerConfiguration?: ResultsHandlerConfiguration;
  readonly producerBufferSize?: number;
  readonly timeouts?: Iterable<readonly [ApiOperation, number]>;
  readonly supportedOperations?: Iterable<ApiOperation>;
}

/**
 * Mutable, builder-style settings of one connector facade. Never edit a connector's default in place: take
 * {@link clone} (or `ConnectorInfo.createDefaultAPIConfiguration()`), then set values on the copy.
 *
 * Defaults: no properties, pooling not supported, default pool and handler configurations, `producerBufferSize`
 * 100, no timeouts, no supported operations.
 */
export class APIConfiguration {
  /** The connector's configuration properties. */
  configurationProperties: ConfigurationProperties;
  /** True exactly when the connector is a PoolableConnector (set by the framework, not by the application). */
  connectorPoolingSupported: boolean;
  /** Pool settings, used only when {@link connectorPoolingSupported}. */
  connectorPoolConfiguration: ObjectPoolConfiguration;
  /** Which search handlers the framework adds (spec B.5). */
  resultsHandlerConfiguration: ResultsHandlerConfiguration;
  /**
   * Queue size between a streaming connector and the caller's handler (spec C.7); values below 1 mean 100 to the
   * runtime. IDM reads it from the JSON key `bufferSize`.
   */
  producerBufferSize: number;
  /**
   * Per-operation timeouts in milliseconds, as stored. Read them with {@link getTimeout}, which applies the
   * default and the `< -1 → -1` rule.
   */
  readonly timeouts: Map<ApiOperation, number>;
  /** The API operations the connector supports (always includes Validate and ScriptOnConnector for real ones). */
  supportedOperations: ReadonlySet<ApiOperation>;
  /** Receives configuration changes pushed by the connector; not copied by {@link clone}. */
  changeListener: ConfigurationChangeListener | null = null;

  /** @throws IllegalArgumentException for a non-integral buffer size or timeout, or an unknown operation name. */
  constructor(init: APIConfigurationInit = {}) {
    this.configurationProperties = init.configurationProperties ?? new ConfigurationProperties();
    this.connectorPoolingSupported = init.connectorPoolingSupported ?? false;
    this.connectorPoolConfiguration = init.connectorPoolConfiguration ?? new ObjectPoolConfiguration();
    this.resultsHandlerConfiguration = init.resultsHandlerConfiguration ?? new ResultsHandlerConfiguration();
    this.producerBufferSize = checkInt32(
      init.producerBufferSize ?? DEFAULT_PRODUCER_BUFFER_SIZE,
      'producerBufferSize',
    );
    this.timeouts = new Map();
    for (const [op, ms] of init.timeouts ?? []) this.setTimeout(op, ms);
    const supported = new Set<ApiOperation>();
    for (const op of init.supportedOperations ?? []) supported.add(checkOperation(op));
    this.supportedOperations = supported;
  }

  /** Whether `op` is among the {@link supportedOperations}. */
  isSupported(op: ApiOperation): boolean {
    return this.supportedOperations.has(op);
  }

  /**
   * The timeout of an operation in milliseconds: -1 ({@link NO_TIMEOUT}) when none is set, and any stored value
   * below -1 also reads as -1.
   */
  getTimeout(op: ApiOperation): number {
    const ms = this.timeouts.get(op);
    return ms === undefined || ms < NO_TIMEOUT ? NO_TIMEOUT : ms;
  }

  /**
   * Sets an operation's timeout in milliseconds (-1 = none). The value is stored as given.
   *
   * @throws IllegalArgumentException for an unknown operation or a value that is not a 32-bit integer.
   */
  setTimeout(op: ApiOperation, ms: number): this {
    this.timeouts.set(checkOperation(op), checkInt32(ms, `Timeout of ${op}`));
    return this;
  }

  /** Sets {@link producerBufferSize}. @throws IllegalArgumentException unless a 32-bit integer. */
  setProducerBufferSize(size: number): this {
    this.producerBufferSize = checkInt32(size, 'producerBufferSize');
    return this;
  }

  /** A deep, independent copy (properties with copied secrets, pool and handler settings, timeouts, operations). */
  clone(): APIConfiguration {
    return new APIConfiguration({
      configurationProperties: this.configurationProperties.clone(),
      connectorPoolingSupported: this.connectorPoolingSupported,
      connectorPoolConfiguration: this.connectorPoolConfiguration.clone(),
      resultsHandlerConfiguration: this.resultsHandlerConfiguration.clone(),
      producerBufferSize: this.producerBufferSize,
      timeouts: this.timeouts,
      supportedOperations: this.supportedOperations,
    });
  }

  /**
   * Equal settings: properties, pooling flag and pool, handler configuration, buffer size, effective timeouts
   * (as {@link getTimeout} reads them) and supported operations. Pools are keyed by this equality (spec C.6).
   */
  equals(other: unknown): boolean {
    if (!(other instanceof APIConfiguration)) return false;
    return (
      other.connectorPoolingSupported === this.connectorPoolingSupported &&
      other.producerBufferSize === this.producerBufferSize &&
      other.connectorPoolConfiguration.equals(this.connectorPoolConfiguration) &&
      other.resultsHandlerConfiguration.equals(this.resultsHandlerConfiguration) &&
      other.configurationProperties.equals(this.configurationProperties) &&
      sameSet(other.supportedOperations, this.supportedOperations) &&
      sameTimeouts(this, other)
    );
  }

  toJSON(): {
    configurationProperties: ReturnType<ConfigurationProperties['toJSON']>;
    connectorPoolingSupported: boolean;
    connectorPoolConfiguration: ReturnType<ObjectPoolConfiguration['toJSON']>;
    resultsHandlerConfiguration: ReturnType<ResultsHandlerConfiguration['toJSON']>;
    producerBufferSize: number;
    timeouts: Record<string, number>;
    supportedOperations: ApiOperation[];
  } {
    return {
      configurationProperties: this.configurationProperties.toJSON(),
      connectorPoolingSupported: this.connectorPoolingSupported,
      connectorPoolConfiguration: this.connectorPoolConfiguration.toJSON(),
      resultsHandlerConfiguration: this.resultsHandlerConfiguration.toJSON(),
      producerBufferSize: this.producerBufferSize,
      timeouts: Object.fromEntries(this.timeouts),
      supportedOperations: [...this.supportedOperations],
    };
  }
}

function checkOperation(op: ApiOperation): ApiOperation {
  if (!isApiOperation(op)) throw new IllegalArgumentException(`Unknown API operation: ${String(op)}`);
  return op;
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function sameTimeouts(a: APIConfiguration, b: APIConfiguration): boolean {
  const ops = new Set<ApiOperation>([...a.timeouts.keys(), ...b.timeouts.keys()]);
  return [...ops].every((op) => a.getTimeout(op) === b.getTimeout(op));
}
