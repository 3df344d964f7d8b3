/**
 * Name rules of the framework (spec framework.md A.1): special names look like `__X__`, and attribute and
 * object-class names compare case-insensitively (both sides upper-cased).
 *
 * @packageDocumentation
 */
import { IllegalArgumentException } from '../errors.js';

/** Wraps a non-blank base in double underscores: `createSpecialName('ACCOUNT')` → `__ACCOUNT__`. */
export function createSpecialName(base: string): string {
  if (typeof base !== 'string' || base.trim() === '') {
    throw new IllegalArgumentException('Name parameter must not be blank!');
  }
  return `__${base}__`;
}

/** True when the name both starts and ends with `__`. */
export function isSpecialName(name: string): boolean {
  return name.startsWith('__') && name.endsWith('__');
}

// Attribute names repeat endlessly (every row of a search carries the same columns), so their upper-case keys
// are memoised; the bound keeps a connector that invents names from growing the cache without limit.
const KEY_CACHE_LIMIT = 10_000;
const keyCache = new Map<string, string>();

/** The key used for case-insensitive lookups of attribute and object-class names. */
export function nameKey(name: string): string {
  let key = keyCache.get(name);
  if (key === undefined) {
    key = name.toUpperCase();
    if (keyCache.size < KEY_CACHE_LIMIT) keyCache.set(name, key);
  }
  return key;
}

/** Case-insensitive name equality, as the framework compares attribute and object-class names. */
export function namesEqual(a: string, b: string): boolean {
  if (a === b) return true;
  // Fast reject without the key lookups (the hot case: an ordinary name against a special `__X__` name). Only
  // `_` itself upper-cases to a string that starts with `_` (checked over every code point), so when exactly one
  // of the names starts with `_` their keys cannot be equal.
  if ((a.charCodeAt(0) === 95) !== (b.charCodeAt(0) === 95)) return false;
  return nameKey(a) === nameKey(b);
}
