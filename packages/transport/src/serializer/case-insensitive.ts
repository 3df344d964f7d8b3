/**
 * Case-insensitive Map and Set (the `caseInsensitive` flag of the `Map` and `Set` serial types, spec §4.3.1).
 * Keys compare the way Java's `String.CASE_INSENSITIVE_ORDER` does: code unit by code unit, upper- then
 * lower-cased. The first spelling of a key is kept.
 *
 * @packageDocumentation
 */

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The key two strings share when they are equal ignoring case. */
export function foldCase(text: string): string {
  if (isAscii(text)) return text.toLowerCase();
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const upper = c.toUpperCase();
    const u = upper.length === 1 ? upper : c;
    const lower = u.toLowerCase();
    out += lower.length === 1 ? lower : u;
  }
  return out;
}

/** A `Map` with String keys compared case-insensitively; serialized with `caseInsensitive = true`. */
export class CaseInsensitiveMap<V> extends Map<string, V> {
  readonly #keys = new Map<string, string>();

  constructor(entries?: Iterable<readonly [string, V]> | null) {
    super();
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  /** The key as first stored, for any spelling of it. */
  originalKey(key: string): string | undefined {
    return this.#keys.get(foldCase(key));
  }

  override get(key: string): V | undefined {
    const k = this.originalKey(key);
    return k === undefined ? undefined : super.get(k);
  }

  override has(key: string): boolean {
    return this.originalKey(key) !== undefined;
  }

  override set(key: string, value: V): this {
    if (typeof key !== 'string') throw new TypeError('CaseInsensitiveMap keys must be strings');
    const folded = foldCase(key);
    const existing = this.#keys.get(folded);
    if (existing === undefined) this.#keys.set(folded, key);
    return super.set(existing ?? key, value);
  }

  override delete(key: string): boolean {
    const folded = foldCase(key);
    const existing = this.#keys.get(folded);
    if (existing === undefined) return false;
    this.#keys.delete(folded);
    return super.delete(existing);
  }

  override clear(): void {
    this.#keys.clear();
    super.clear();
  }
}

/** A `Set` of Strings compared case-insensitively; serialized with `caseInsensitive = true`. */
export class CaseInsensitiveSet extends Set<string> {
  readonly #keys = new Map<string, string>();

  constructor(values?: Iterable<string> | null) {
    super();
    if (values) for (const v of values) this.add(v);
  }

  /** The element as first stored, for any spelling of it. */
  original(value: string): string | undefined {
    return this.#keys.get(foldCase(value));
  }

  override has(value: string): boolean {
    return this.original(value) !== undefined;
  }

  override add(value: string): this {
    if (typeof value !== 'string') throw new TypeError('CaseInsensitiveSet elements must be strings');
    const folded = foldCase(value);
    if (!this.#keys.has(folded)) {
      this.#keys.set(folded, value);
      super.add(value);
    }
    return this;
  }

  override delete(value: string): boolean {
    const folded = foldCase(value);
    const existing = this.#keys.get(folded);
    if (existing === undefined) return false;
    this.#keys.delete(folded);
    return super.delete(existing);
  }

  override clear(): void {
    this.#keys.clear();
    super.clear();
  }
}
