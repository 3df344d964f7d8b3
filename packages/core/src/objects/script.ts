/**
 * Scripts (spec framework.md A.15): {@link Script} is a configuration-property and option value type;
 * {@link ScriptContext} is what `runScriptOnConnector` / `runScriptOnResource` receive.
 *
 * @packageDocumentation
 */
import { IllegalArgumentException, NullPointerException, UnsupportedOperationException } from '../errors.js';

/**
 * A `Map` that refuses every write once constructed (`set`, `delete` and `clear` throw
 * UnsupportedOperationException, as Java's unmodifiable maps do). It is still a `Map`, so code that recognises
 * maps with `instanceof Map` (the value model, the serializer) keeps working.
 */
export class ReadOnlyMap<K, V> extends Map<K, V> {
  readonly #sealed: boolean;

  /** Copies the entries of `entries` (first to last; a later duplicate key wins). */
  constructor(entries?: Iterable<readonly [K, V]> | null) {
    super();
    if (entries) for (const [k, v] of entries) super.set(k, v);
    this.#sealed = true;
  }

  /** @throws UnsupportedOperationException always (the map is read-only). */
  override set(key: K, value: V): this {
    if (this.#sealed) throw new UnsupportedOperationException('This map is read-only');
    return super.set(key, value);
  }

  /** @throws UnsupportedOperationException always (the map is read-only). */
  override delete(_key: K): boolean {
    throw new UnsupportedOperationException('This map is read-only');
  }

  /** @throws UnsupportedOperationException always (the map is read-only). */
  override clear(): void {
    throw new UnsupportedOperationException('This map is read-only');
  }
}

/** A script: its language (e.g. `Groovy`, `JavaScript`, `Shell`) and its text. */
export class Script {
  /** Java type tag, so configuration and option values are recognised (`Script`). */
  readonly javaType = 'Script' as const;
  readonly scriptLanguage: string;
  readonly scriptText: string;

  /**
   * @throws IllegalArgumentException for a blank language or a non-string text.
   * @throws NullPointerException when the text is null or undefined (an empty text is allowed).
   */
  constructor(scriptLanguage: string, scriptText: string) {
    if (typeof scriptLanguage !== 'string' || scriptLanguage.trim() === '') {
      throw new IllegalArgumentException("Parameter 'scriptLanguage' must not be blank.");
    }
    if (scriptText === null || scriptText === undefined) {
      throw new NullPointerException("Parameter 'scriptText' must not be null.");
    }
    if (typeof scriptText !== 'string') {
      throw new IllegalArgumentException("Parameter 'scriptText' must be a String.");
    }
    this.scriptLanguage = scriptLanguage;
    this.scriptText = scriptText;
  }

  /** Same language and text (both exact). */
  equals(other: unknown): boolean {
    return (
      other instanceof Script &&
      other.scriptLanguage === this.scriptLanguage &&
      other.scriptText === this.scriptText
    );
  }

  toString(): string {
    return `Script: ${this.scriptLanguage}: ${this.scriptText}`;
  }

  /** JSON form: `{scriptLanguage, scriptText}`. */
  toJSON(): { scriptLanguage: string; scriptText: string } {
    return { scriptLanguage: this.scriptLanguage, scriptText: this.scriptText };
  }
}

/** Script arguments as callers may pass them: a Map with String keys or a plain object. */
export type ScriptArgumentsInput = ReadonlyMap<string, unknown> | { readonly [name: string]: unknown };

/** Copies nested Maps and arrays, so later changes by the caller do not reach the context. */
function copyArgumentValue(value: unknown): unknown {
  if (value instanceof ReadOnlyMap) return value;
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, copyArgumentValue(v)]));
  if (Array.isArray(value)) return value.map(copyArgumentValue);
  return value;
}

function toArgumentMap(args: ScriptArgumentsInput | null | undefined): ReadOnlyMap<string, unknown> {
  if (args === null || args === undefined) return new ReadOnlyMap<string, unknown>();
  const entries: Iterable<readonly [unknown, unknown]> =
    args instanceof Map ? args.entries() : Object.entries(args);
  const out: [string, unknown][] = [];
  for (const [key, value] of entries) {
    if (typeof key !== 'string') throw new IllegalArgumentException('Script argument names must be Strings.');
    out.push([key, copyArgumentValue(value)]);
  }
  return new ReadOnlyMap(out);
}

/**
 * What a script operation runs: language, text and named arguments. The arguments are copied on construction
 * (nested Maps and arrays too) and exposed as a read-only Map: writes throw UnsupportedOperationException.
 */
export class ScriptContext {
  readonly scriptLanguage: string;
  readonly scriptText: string;
  /** The arguments by name (read-only; the order is the order given). */
  readonly scriptArguments: ReadonlyMap<string, unknown>;

  /**
   * @param scriptArguments a Map or plain object of arguments; null/undefined means none.
   * @throws IllegalArgumentException for a blank language or text, or a non-String argument name.
   */
  constructor(scriptLanguage: string, scriptText: string, scriptArguments?: ScriptArgumentsInput | null) {
    if (typeof scriptLanguage !== 'string' || scriptLanguage.trim() === '') {
      throw new IllegalArgumentException("Parameter 'scriptLanguage' must not be blank.");
    }
    if (typeof scriptText !== 'string' || scriptText.trim() === '') {
      throw new IllegalArgumentException("Parameter 'scriptText' must not be blank.");
    }
    this.scriptLanguage = scriptLanguage;
    this.scriptText = scriptText;
    this.scriptArguments = toArgumentMap(scriptArguments);
  }

  /** Same language, text and arguments (arguments compared by reference or their own `equals`). */
  equals(other: unknown): boolean {
    if (!(other instanceof ScriptContext)) return false;
    if (other.scriptLanguage !== this.scriptLanguage || other.scriptText !== this.scriptText) return false;
    if (other.scriptArguments.size !== this.scriptArguments.size) return false;
    for (const [k, v] of this.scriptArguments) {
      if (!other.scriptArguments.has(k)) return false;
      const w = other.scriptArguments.get(k);
      const eq = (v as { equals?: (o: unknown) => boolean } | null)?.equals;
      if (!(v === w || (typeof eq === 'function' && eq.call(v, w)))) return false;
    }
    return true;
  }

  toString(): string {
    return `ScriptContext: {language=${this.scriptLanguage}, text=${this.scriptText}, arguments=[${[
      ...this.scriptArguments.keys(),
    ].join(', ')}]}`;
  }

  /** JSON form: `{scriptLanguage, scriptText, scriptArguments}` (arguments as a plain object). */
  toJSON(): { scriptLanguage: string; scriptText: string; scriptArguments: Record<string, unknown> } {
    return {
      scriptLanguage: this.scriptLanguage,
      scriptText: this.scriptText,
      scriptArguments: Object.fromEntries(this.scriptArguments),
    };
  }
}

/** Builds a {@link ScriptContext} step by step. */
export class ScriptContextBuilder {
  #language: string | undefined;
  #text: string | undefined;
  readonly #args = new Map<string, unknown>();

  /** Optionally starts with a language and text. */
  constructor(scriptLanguage?: string, scriptText?: string) {
    this.#language = scriptLanguage;
    this.#text = scriptText;
  }

  setScriptLanguage(scriptLanguage: string): this {
    this.#language = scriptLanguage;
    return this;
  }

  setScriptText(scriptText: string): this {
    this.#text = scriptText;
    return this;
  }

  /** Adds (or replaces) one argument. */
  addScriptArgument(name: string, value: unknown): this {
    if (typeof name !== 'string') {
      throw new IllegalArgumentException('Script argument names must be Strings.');
    }
    this.#args.set(name, value);
    return this;
  }

  /** Removes one argument. */
  removeScriptArgument(name: string): this {
    this.#args.delete(name);
    return this;
  }

  /** Replaces all arguments. */
  setScriptArguments(args: ScriptArgumentsInput | null): this {
    this.#args.clear();
    for (const [k, v] of toArgumentMap(args)) this.#args.set(k, v);
    return this;
  }

  /** @throws IllegalArgumentException when language or text is blank. */
  build(): ScriptContext {
    return new ScriptContext(this.#language as string, this.#text as string, this.#args);
  }
}
