/**
 * The final result of a search (spec framework.md A.11, OpenICF fields) and the count policy a caller may ask
 * for with the `TOTAL_PAGED_RESULTS_POLICY` option.
 *
 * @packageDocumentation
 */
import { IllegalArgumentException } from '../errors.js';

/**
 * How a search should report the total number of results: `NONE` (no count, no overhead), `ESTIMATE` (an
 * estimate is fine; otherwise the connector reports EXACT or NONE and says which), `EXACT` (an exact count).
 */
export type CountPolicy = 'NONE' | 'ESTIMATE' | 'EXACT';

/** The {@link CountPolicy} names as constants (`CountPolicy.EXACT`). */
export const CountPolicy = {
  NONE: 'NONE',
  ESTIMATE: 'ESTIMATE',
  EXACT: 'EXACT',
} as const satisfies Record<CountPolicy, CountPolicy>;

/** Every count policy, in the Java enum's order. */
export const COUNT_POLICIES: readonly CountPolicy[] = Object.freeze(['NONE', 'ESTIMATE', 'EXACT']);

/** True when `value` is one of the three count-policy names. */
export function isCountPolicy(value: unknown): value is CountPolicy {
  return value === 'NONE' || value === 'ESTIMATE' || value === 'EXACT';
}

/**
 * A count policy as a Java enum value (`SearchResult.CountPolicy`), for places that hold untyped values: the
 * `TOTAL_PAGED_RESULTS_POLICY` entry of an options map stores one, so `javaTypeOf()` yields `CountPolicy` and the
 * serializer writes the enum. Use {@link CountPolicyValue.of}; the three instances are shared.
 */
export class CountPolicyValue {
  /** Java type tag: `CountPolicy`. */
  readonly javaType = 'CountPolicy' as const;
  static readonly NONE = new CountPolicyValue('NONE');
  static readonly ESTIMATE = new CountPolicyValue('ESTIMATE');
  static readonly EXACT = new CountPolicyValue('EXACT');

  private constructor(
    /** The enum constant name. */
    readonly value: CountPolicy,
  ) {}

  /**
   * The shared instance for a policy name (or the same instance when given one).
   *
   * @throws IllegalArgumentException for anything but `NONE`, `ESTIMATE` or `EXACT`.
   */
  static of(policy: CountPolicy | CountPolicyValue): CountPolicyValue {
    if (policy instanceof CountPolicyValue) return policy;
    switch (policy) {
      case 'NONE':
        return CountPolicyValue.NONE;
      case 'ESTIMATE':
        return CountPolicyValue.ESTIMATE;
      case 'EXACT':
        return CountPolicyValue.EXACT;
      default:
        throw new IllegalArgumentException(`Unknown CountPolicy: '${String(policy)}'`);
    }
  }

  equals(other: unknown): boolean {
    return other instanceof CountPolicyValue && other.value === this.value;
  }

  toString(): string {
    return this.value;
  }

  toJSON(): CountPolicy {
    return this.value;
  }
}

/** "No count": the value of `totalPagedResults` (and of an unknown `remainingPagedResults`). */
export const NO_COUNT = -1;

function checkInt(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -(2 ** 31) || value > 2 ** 31 - 1) {
    throw new IllegalArgumentException(`SearchResult ${what} must be a 32-bit integer: ${String(value)}`);
  }
  return value;
}

/**
 * What a connector reports at the end of a search (through `SearchResultsHandler.handleResult`): the cookie for
 * the next page (null on the last page), the count policy actually applied, the total count (-1 = none) and the
 * number of remaining results (-1 = unknown).
 */
export class SearchResult {
  /** -1: no count available. */
  static readonly NO_COUNT = NO_COUNT;

  /** Cookie for the next page, or null when there is none. */
  readonly pagedResultsCookie: string | null;
  /** The count policy the connector applied (null given → `NONE`). */
  readonly totalPagedResultsPolicy: CountPolicy;
  /** Total number of results, or -1 ({@link NO_COUNT}). */
  readonly totalPagedResults: number;
  /** Results left after this page, or -1 when unknown. */
  readonly remainingPagedResults: number;

  /** No cookie, policy NONE, no total, remaining unknown. */
  constructor();
  /** A cookie and a remaining count; policy NONE and no total. */
  constructor(pagedResultsCookie: string | null, remainingPagedResults: number);
  /** Every field. A null policy means NONE. */
  constructor(
    pagedResultsCookie: string | null,
    totalPagedResultsPolicy: CountPolicy | CountPolicyValue | null,
    totalPagedResults: number,
    remainingPagedResults: number,
  );
  /** @throws IllegalArgumentException for a non-string cookie, an unknown policy or non-int32 counts. */
  constructor(...args: unknown[]) {
    let cookie: unknown = null;
    let policy: unknown = null;
    let total: unknown = NO_COUNT;
    let remaining: unknown = -1;
    if (args.length === 2) [cookie, remaining] = args;
    else if (args.length === 4) [cookie, policy, total, remaining] = args;
    else if (args.length !== 0) {
      throw new IllegalArgumentException(`SearchResult takes 0, 2 or 4 arguments, not ${args.length}`);
    }
    if (cookie !== null && cookie !== undefined && typeof cookie !== 'string') {
      throw new IllegalArgumentException('SearchResult pagedResultsCookie must be a String or null.');
    }
    this.pagedResultsCookie = (cookie as string | null | undefined) ?? null;
    this.totalPagedResultsPolicy =
      policy === null || policy === undefined ? 'NONE' : CountPolicyValue.of(policy as CountPolicy).value;
    this.totalPagedResults = checkInt(total, 'totalPagedResults');
    this.remainingPagedResults = checkInt(remaining, 'remainingPagedResults');
  }

  /** All four fields equal. */
  equals(other: unknown): boolean {
    return (
      other instanceof SearchResult &&
      other.pagedResultsCookie === this.pagedResultsCookie &&
      other.totalPagedResultsPolicy === this.totalPagedResultsPolicy &&
      other.totalPagedResults === this.totalPagedResults &&
      other.remainingPagedResults === this.remainingPagedResults
    );
  }

  toString(): string {
    return (
      `SearchResult: {pagedResultsCookie=${this.pagedResultsCookie}, ` +
      `totalPagedResultsPolicy=${this.totalPagedResultsPolicy}, totalPagedResults=${this.totalPagedResults}, ` +
      `remainingPagedResults=${this.remainingPagedResults}}`
    );
  }

  /** JSON form with the four fields. */
  toJSON(): {
    pagedResultsCookie: string | null;
    totalPagedResultsPolicy: CountPolicy;
    totalPagedResults: number;
    remainingPagedResults: number;
  } {
    return {
      pagedResultsCookie: this.pagedResultsCookie,
      totalPagedResultsPolicy: this.totalPagedResultsPolicy,
      totalPagedResults: this.totalPagedResults,
      remainingPagedResults: this.remainingPagedResults,
    };
  }
}
