/**
 * Connector pool settings (spec framework.md C.6, wire-protocol.md §4.3.6 `ObjectPoolConfiguration`; IDM's
 * `poolConfigOption`).
 *
 * @packageDocumentation
 */
import { IllegalArgumentException } from '../errors.js';

/** Plain form of an {@link ObjectPoolConfiguration}: the five settings, all in their wire units. */
export interface ObjectPoolConfigurationData {
  /** Maximum idle + active instances. Wire type int32. */
  readonly maxObjects: number;
  /** Maximum idle instances; below 1, returned instances are disposed. Wire type int32. */
  readonly maxIdle: number;
  /** Milliseconds to wait for a free instance; 0 = do not wait. Wire type int64. */
  readonly maxWait: number;
  /** Milliseconds after which a returned idle instance is disposed; 0 = never. Wire type int64. */
  readonly minEvictableIdleTimeMillis: number;
  /** Minimum idle instances. Wire type int32. */
  readonly minIdle: number;
}

const INT_MAX = 2 ** 31 - 1;

const FIELDS = ['maxObjects', 'maxIdle', 'maxWait', 'minEvictableIdleTimeMillis', 'minIdle'] as const;
const INT32_FIELDS: ReadonlySet<string> = new Set(['maxObjects', 'maxIdle', 'minIdle']);

/**
 * Pool settings of one connector facade. Mutable like the Java bean (IDM edits a copy of the default), so pools
 * are keyed by value: use {@link equals}, and {@link clone} before sharing.
 *
 * Defaults: `maxObjects` 10, `maxIdle` 10, `maxWait` 150000 ms, `minEvictableIdleTimeMillis` 120000 ms, `minIdle` 1.
 */
export class ObjectPoolConfiguration implements ObjectPoolConfigurationData {
  /** The defaults of spec C.6. */
  static readonly DEFAULTS: ObjectPoolConfigurationData = Object.freeze({
    maxObjects: 10,
    maxIdle: 10,
    maxWait: 150000,
    minEvictableIdleTimeMillis: 120000,
    minIdle: 1,
  });

  maxObjects: number = ObjectPoolConfiguration.DEFAULTS.maxObjects;
  maxIdle: number = ObjectPoolConfiguration.DEFAULTS.maxIdle;
  maxWait: number = ObjectPoolConfiguration.DEFAULTS.maxWait;
  minEvictableIdleTimeMillis: number = ObjectPoolConfiguration.DEFAULTS.minEvictableIdleTimeMillis;
  minIdle: number = ObjectPoolConfiguration.DEFAULTS.minIdle;

  /** Starts from the defaults and applies the given settings (not validated until {@link validate}). */
  constructor(init: Partial<ObjectPoolConfigurationData> = {}) {
    for (const field of FIELDS) {
      const value = init[field];
      if (value !== undefined) this[field] = value;
    }
  }

  /**
   * Checks the settings: every value a non-negative integer (int32 for the counts, a safe integer for the two
   * durations), `minIdle ≤ maxIdle` and `maxIdle ≤ maxObjects`.
   *
   * @throws IllegalArgumentException naming the offending field.
   */
  validate(): void {
    for (const field of FIELDS) {
      const value = this[field];
      const max = INT32_FIELDS.has(field) ? INT_MAX : Number.MAX_SAFE_INTEGER;
      if (typeof value !== 'number' || !Number.isInteger(value) || value > max) {
        throw new IllegalArgumentException(
          `ObjectPoolConfiguration.${field} must be an integer: ${String(value)}`,
        );
      }
      if (value < 0) {
        throw new IllegalArgumentException(`ObjectPoolConfiguration.${field} must not be negative: ${value}`);
      }
    }
    if (this.minIdle > this.maxIdle) {
      throw new IllegalArgumentException(
        `ObjectPoolConfiguration.minIdle (${this.minIdle}) must not be greater than maxIdle (${this.maxIdle})`,
      );
    }
    if (this.maxIdle > this.maxObjects) {
      throw new IllegalArgumentException(
        `ObjectPoolConfiguration.maxIdle (${this.maxIdle}) must not be greater than maxObjects (${this.maxObjects})`,
      );
    }
  }

  /** An independent copy. */
  clone(): ObjectPoolConfiguration {
    return new ObjectPoolConfiguration(this);
  }

  /** Same five values. */
  equals(other: unknown): boolean {
    return other instanceof ObjectPoolConfiguration && FIELDS.every((field) => other[field] === this[field]);
  }

  toString(): string {
    return `ObjectPoolConfiguration(${FIELDS.map((f) => `${f}=${this[f]}`).join(', ')})`;
  }

  toJSON(): ObjectPoolConfigurationData {
    return {
      maxObjects: this.maxObjects,
      maxIdle: this.maxIdle,
      maxWait: this.maxWait,
      minEvictableIdleTimeMillis: this.minEvictableIdleTimeMillis,
      minIdle: this.minIdle,
    };
  }
}
