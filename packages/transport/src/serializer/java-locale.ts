/**
 * `java.util.Locale` on the wire (spec §4.3.1: `language`, `country`, `variant`).
 *
 * @packageDocumentation
 */

/** A Java locale. Core names locales by their `Locale.toString()` form (`en_US`); {@link toString} gives it. */
export class JavaLocale {
  readonly javaType = 'Locale' as const;

  constructor(
    readonly language = '',
    readonly country = '',
    readonly variant = '',
  ) {}

  /** From Java's `Locale.toString()` form (`''`, `en`, `en_US`, `en_US_POSIX`, `_US`); hyphens also accepted. */
  static parse(text: string): JavaLocale {
    if (text === '') return new JavaLocale();
    const [language = '', country = '', ...variant] = text.replaceAll('-', '_').split('_');
    return new JavaLocale(language, country, variant.join('_'));
  }

  /** Java's `Locale.toString()`: `language_COUNTRY_variant` without trailing empty parts. */
  toString(): string {
    if (this.variant !== '') return `${this.language}_${this.country}_${this.variant}`;
    if (this.country !== '') return `${this.language}_${this.country}`;
    return this.language;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof JavaLocale &&
      other.language === this.language &&
      other.country === this.country &&
      other.variant === this.variant
    );
  }

  toJSON(): string {
    return this.toString();
  }
}
