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

/** The key used for case-insensitive lookups of attribute and object-class names. */
export function nameKey(name: string): string {
  return name.toUpperCase();
}

/** Case-insensitive name equality, as the framework compares attribute and object-class names. */
export function namesEqual(a: string, b: string): boolean {
  return a === b || a.toUpperCase() === b.toUpperCase();
}
