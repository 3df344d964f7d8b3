/**
 * A connector's localized messages (spec framework.md C.3, C.8; wire-protocol.md §4.3.6 `ConnectorMessages`):
 * message catalogues per locale and `format(key, dflt, ...args)`.
 *
 * @packageDocumentation
 */
import { IllegalArgumentException } from '../errors.js';

/** Catalogues as input: locale → (key → message), as a Map or a plain object. */
export type MessageCatalogsInput =
  | ReadonlyMap<string, ReadonlyMap<string, string> | Readonly<Record<string, string>>>
  | Readonly<Record<string, ReadonlyMap<string, string> | Readonly<Record<string, string>>>>;

const LOCALE_PART = /^[A-Za-z0-9]+$/;

/**
 * Normalizes a locale name to Java's `Locale.toString()` form: `''` (root), `en`, `en_US`, `en_US_POSIX`.
 * BCP-47 hyphens are accepted (`en-US` → `en_US`); the language is lower-cased and the country upper-cased.
 *
 * @throws IllegalArgumentException for a malformed name.
 */
export function normalizeLocale(locale: string): string {
  if (typeof locale !== 'string')
    throw new IllegalArgumentException(`Locale must be a string: ${String(locale)}`);
  if (locale === '') return '';
  const parts = locale.replaceAll('-', '_').split('_');
  // Empty language (`_US`) and empty country (`en__POSIX`) are valid Java locale strings.
  if (parts.some((p, i) => !(LOCALE_PART.test(p) || (i < 2 && p === '' && parts.length > i + 1)))) {
    throw new IllegalArgumentException(`Malformed locale: '${locale}'`);
  }
  const [language = '', country, ...variant] = parts;
  const out = [language.toLowerCase()];
  if (country !== undefined) out.push(country.toUpperCase());
  if (variant.length > 0) out.push(variant.join('_'));
  return out.join('_');
}

/**
 * The locales searched for a message, most specific first: the locale itself, then language + country, then the
 * language, then the root (`''`). `en_US_POSIX` → `en_US_POSIX`, `en_US`, `en`, `''`.
 */
export function localeSearchList(locale: string): string[] {
  const normalized = normalizeLocale(locale);
  const parts = normalized === '' ? [] : normalized.split('_');
  const out: string[] = [];
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join('_');
    // Skip forms with an empty trailing part (`en_` from `en__POSIX`, `` from `_US`).
    if (candidate !== '' && !candidate.endsWith('_') && !out.includes(candidate)) out.push(candidate);
  }
  out.push('');
  return out;
}

function stringify(arg: unknown): string {
  if (arg === null || arg === undefined) return 'null';
  if (typeof arg === 'string') return arg;
  return String(arg);
}

const PLACEHOLDER = /^\{\s*(\d+)\s*(?:,[^{}']*)?\}/;

/**
 * Formats a message with a safe subset of Java's `MessageFormat`:
 * - `{n}` (also `{n,type,style}`, formatted as plain text) is replaced by argument `n` as text (`null` for
 *   null/undefined). A placeholder without a matching argument stays as written.
 * - `''` is one apostrophe; `'` directly before `{` starts a quoted section, copied literally up to the next `'`.
 * - Anything else — other braces (`{"key": 1}`, `{name}`, a lone `}`), a lone apostrophe — is copied as is.
 *
 * It never throws, unlike `MessageFormat`, which rejects text such as JSON with braces.
 */
export function formatMessage(pattern: string, args: readonly unknown[] = []): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      if (pattern[i + 1] === '{') {
        const end = pattern.indexOf("'", i + 1);
        const stop = end < 0 ? pattern.length : end;
        out += pattern.slice(i + 1, stop);
        i = stop + 1;
        continue;
      }
      out += c;
      i++;
      continue;
    }
    if (c === '{') {
      const m = PLACEHOLDER.exec(pattern.slice(i));
      if (m) {
        const index = Number(m[1]);
        out += index < args.length ? stringify(args[index]) : m[0];
        i += m[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * Message catalogues by locale (`''` is the root catalogue) plus the locale used by {@link format}.
 * Immutable; {@link forLocale} gives a view with another locale over the same catalogues.
 */
export class ConnectorMessages {
  #catalogs: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** The locale {@link format} looks up, normalized (`''` = root only). */
  readonly locale: string;

  /**
   * @param catalogs locale → (key → message). Locale names are normalized ({@link normalizeLocale}); two names
   *   that normalize alike are merged, the later one winning per key.
   * @param locale the locale {@link format} uses; default root.
   * @throws IllegalArgumentException for a malformed locale or a non-string message.
   */
  constructor(catalogs: MessageCatalogsInput = new Map(), locale = '') {
    const out = new Map<string, Map<string, string>>();
    const entries = catalogs instanceof Map ? [...catalogs.entries()] : Object.entries(catalogs);
    for (const [rawLocale, catalog] of entries) {
      const key = normalizeLocale(rawLocale);
      const target = out.get(key) ?? new Map<string, string>();
      const pairs = catalog instanceof Map ? [...catalog.entries()] : Object.entries(catalog);
      for (const [k, v] of pairs) {
        if (typeof v !== 'string') {
          throw new IllegalArgumentException(`Message '${k}' of locale '${key}' must be a string`);
        }
        target.set(k, v);
      }
      out.set(key, target);
    }
    this.#catalogs = out;
    this.locale = normalizeLocale(locale);
  }

  /** The same catalogues, looked up for another locale. */
  forLocale(locale: string): ConnectorMessages {
    const view = new ConnectorMessages(new Map(), locale);
    view.#catalogs = this.#catalogs;
    return view;
  }

  /** The catalogues, by normalized locale. */
  get catalogs(): ReadonlyMap<string, ReadonlyMap<string, string>> {
    return this.#catalogs;
  }

  /** The raw message for `key`, searching {@link localeSearchList} of `locale` (default {@link locale}). */
  lookup(key: string, locale: string = this.locale): string | undefined {
    for (const candidate of localeSearchList(locale)) {
      const message = this.#catalogs.get(candidate)?.get(key);
      if (message !== undefined) return message;
    }
    return undefined;
  }

  /**
   * The message for `key` in {@link locale} (exact locale → language + country → language → root), formatted
   * with `args` by {@link formatMessage}. A missing key returns `dflt` unformatted, or the key itself when `dflt`
   * is null or undefined.
   */
  format(key: string, dflt?: string | null, ...args: unknown[]): string {
    const message = this.lookup(key);
    if (message === undefined) return dflt ?? key;
    return formatMessage(message, args);
  }

  /** Same catalogues (the locale of the view does not count). */
  equals(other: unknown): boolean {
    if (!(other instanceof ConnectorMessages)) return false;
    const a = this.#catalogs;
    const b = other.#catalogs;
    if (a.size !== b.size) return false;
    for (const [locale, catalog] of a) {
      const theirs = b.get(locale);
      if (!theirs || theirs.size !== catalog.size) return false;
      for (const [k, v] of catalog) if (theirs.get(k) !== v) return false;
    }
    return true;
  }

  /** JSON form: locale → (key → message). */
  toJSON(): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const [locale, catalog] of this.#catalogs) out[locale] = Object.fromEntries(catalog);
    return out;
  }
}
