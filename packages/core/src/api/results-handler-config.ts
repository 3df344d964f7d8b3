/**
 * Which result handlers the framework puts around a search (spec framework.md B.5; wire-protocol.md §4.3.6
 * `ResultsHandlerConfiguration`; IDM's `resultsHandlerConfig`).
 *
 * @packageDocumentation
 */

/** Plain form of a {@link ResultsHandlerConfiguration}. */
export interface ResultsHandlerConfigurationData {
  /** Run every returned object (and the filter) through the connector's `AttributeNormalizer`. Default true. */
  readonly enableNormalizingResultsHandler: boolean;
  /** Re-check every returned object against the search filter in the framework. Default true. */
  readonly enableFilteredResultsHandler: boolean;
  /** Make that framework-side filter compare Strings and Characters ignoring case. Default false. */
  readonly enableCaseInsensitiveFilter: boolean;
  /** Strip attributes not named in `ATTRS_TO_GET` (keeping `__UID__` and `__NAME__`). Default true. */
  readonly enableAttributesToGetSearchResultsHandler: boolean;
}

const FIELDS = [
  'enableNormalizingResultsHandler',
  'enableFilteredResultsHandler',
  'enableCaseInsensitiveFilter',
  'enableAttributesToGetSearchResultsHandler',
] as const;

/** The search handler switches. Mutable like the Java bean; {@link clone} before sharing. */
export class ResultsHandlerConfiguration implements ResultsHandlerConfigurationData {
  /** The defaults of spec B.5. */
  static readonly DEFAULTS: ResultsHandlerConfigurationData = Object.freeze({
    enableNormalizingResultsHandler: true,
    enableFilteredResultsHandler: true,
    enableCaseInsensitiveFilter: false,
    enableAttributesToGetSearchResultsHandler: true,
  });

  enableNormalizingResultsHandler: boolean =
    ResultsHandlerConfiguration.DEFAULTS.enableNormalizingResultsHandler;
  enableFilteredResultsHandler: boolean = ResultsHandlerConfiguration.DEFAULTS.enableFilteredResultsHandler;
  enableCaseInsensitiveFilter: boolean = ResultsHandlerConfiguration.DEFAULTS.enableCaseInsensitiveFilter;
  enableAttributesToGetSearchResultsHandler: boolean =
    ResultsHandlerConfiguration.DEFAULTS.enableAttributesToGetSearchResultsHandler;

  /** Starts from the defaults and applies the given switches. */
  constructor(init: Partial<ResultsHandlerConfigurationData> = {}) {
    for (const field of FIELDS) {
      const value = init[field];
      if (value !== undefined) this[field] = Boolean(value);
    }
  }

  /** An independent copy. */
  clone(): ResultsHandlerConfiguration {
    return new ResultsHandlerConfiguration(this);
  }

  /** Same four switches. */
  equals(other: unknown): boolean {
    return (
      other instanceof ResultsHandlerConfiguration && FIELDS.every((field) => other[field] === this[field])
    );
  }

  toString(): string {
    return `ResultsHandlerConfiguration(${FIELDS.map((f) => `${f}=${this[f]}`).join(', ')})`;
  }

  toJSON(): ResultsHandlerConfigurationData {
    return {
      enableNormalizingResultsHandler: this.enableNormalizingResultsHandler,
      enableFilteredResultsHandler: this.enableFilteredResultsHandler,
      enableCaseInsensitiveFilter: this.enableCaseInsensitiveFilter,
      enableAttributesToGetSearchResultsHandler: this.enableAttributesToGetSearchResultsHandler,
    };
  }
}
