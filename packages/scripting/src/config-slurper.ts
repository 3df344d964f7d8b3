/**
 * A parser for the subset of Groovy `ConfigSlurper` syntax that `customConfiguration` and
 * `customSensitiveConfiguration` use (spec framework.md D.2; seed "customConfiguration and
 * customSensitiveConfiguration"). The text is data, never code: nothing is evaluated.
 *
 * Supported:
 *
 * - assignments `key = value`, dotted keys `a.b.c = value`, nested blocks `a { b = 1; c.d = 2 }` (a block on an
 *   existing map adds to it);
 * - statements separated by `;` or new lines; empty statements are ignored;
 * - values: single-, double- and triple-quoted strings with the escapes `\n \r \t \b \f \\ \' \" \$ \/ \uXXXX`;
 *   integers (decimal, `0x` hex, `_` separators, suffixes `L`/`G`/`I` ignored); decimals with fraction and/or
 *   exponent (suffixes `D`/`F`/`G` ignored); `true`, `false`, `null`; lists `[1, 'x']`; maps `[k: v, 'k 2': v]`
 *   and the empty map `[:]` — nested freely, with new lines allowed inside brackets;
 * - keys: identifiers or quoted strings;
 * - comments `// …` and `/* … *\/`.
 *
 * Not supported (a {@link ConfigurationException} points at the position): GString interpolation `"${x}"`,
 * references to other keys or any other expression, method calls, `environments { }` sections.
 *
 * Numbers become JS numbers (an integer beyond 2^53 becomes a `bigint`), maps become plain objects, lists arrays.
 *
 * @packageDocumentation
 */
import { ConfigurationException } from '@rcskit/core';

/** A parsed configuration value. */
export type ConfigSlurperValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | ConfigSlurperValue[]
  | { [key: string]: ConfigSlurperValue };

/** A parsed configuration: nested plain objects. */
export type ConfigSlurperObject = { [key: string]: ConfigSlurperValue };

/** Options of {@link parseConfigSlurper}. */
export interface ConfigSlurperOptions {
  /** Names the source in error messages (e.g. `customConfiguration`). Default `configuration`. */
  readonly label?: string;
  /**
   * When true (the default), error messages may quote the offending text. Set to false for secrets: messages
   * then give only the position and what was expected.
   */
  readonly revealText?: boolean;
}

/** Sets an own property, safe for any key (`__proto__` included). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** True for a plain object (the kind this parser makes for maps and blocks). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[A-Za-z0-9_$]/;

class Parser {
  #pos = 0;
  readonly #text: string;
  readonly #label: string;
  readonly #reveal: boolean;

  constructor(text: string, options: ConfigSlurperOptions) {
    this.#text = text;
    this.#label = options.label ?? 'configuration';
    this.#reveal = options.revealText ?? true;
  }

  parse(): ConfigSlurperObject {
    const root: ConfigSlurperObject = {};
    this.#statements(root, false);
    return root;
  }

  // ---- errors ------------------------------------------------------------------------------------------------

  #position(at: number): { line: number; column: number } {
    let line = 1;
    let column = 1;
    for (let i = 0; i < at && i < this.#text.length; i++) {
      if (this.#text[i] === '\n') {
        line++;
        column = 1;
      } else column++;
    }
    return { line, column };
  }

  #describeHere(at: number): string {
    if (at >= this.#text.length) return 'end of input';
    if (!this.#reveal) return 'a character';
    const snippet = this.#text.slice(at, at + 12).split('\n')[0] ?? '';
    return `'${snippet}'`;
  }

  #fail(problem: string, at = this.#pos, withFound = true): never {
    const { line, column } = this.#position(at);
    const found = withFound ? ` but found ${this.#describeHere(at)}` : '';
    throw new ConfigurationException(
      `${this.#label}: syntax error at line ${line}, column ${column}: ${problem}${found}`,
    );
  }

  // ---- lexical helpers ---------------------------------------------------------------------------------------

  #peek(offset = 0): string {
    return this.#text[this.#pos + offset] ?? '';
  }

  #atEnd(): boolean {
    return this.#pos >= this.#text.length;
  }

  /** Skips blanks and comments; new lines too when `newlines` is true. Returns whether a new line was skipped. */
  #skip(newlines: boolean): boolean {
    let sawNewline = false;
    for (;;) {
      const c = this.#peek();
      if (
        c === ' ' ||
        c === '\t' ||
        c === '\r' ||
        c === '\f' ||
        c === '\v' ||
        c === '\u00a0' ||
        c === '\ufeff'
      ) {
        this.#pos++;
      } else if (
        c === '\\' &&
        (this.#peek(1) === '\n' || (this.#peek(1) === '\r' && this.#peek(2) === '\n'))
      ) {
        // Line continuation.
        this.#pos += this.#peek(1) === '\n' ? 2 : 3;
      } else if (c === '\n') {
        if (!newlines) return sawNewline;
        sawNewline = true;
        this.#pos++;
      } else if (c === '/' && this.#peek(1) === '/') {
        while (!this.#atEnd() && this.#peek() !== '\n') this.#pos++;
      } else if (c === '/' && this.#peek(1) === '*') {
        const start = this.#pos;
        const end = this.#text.indexOf('*/', this.#pos + 2);
        if (end < 0) this.#fail('unterminated comment', start, false);
        if (this.#text.slice(this.#pos, end).includes('\n')) sawNewline = true;
        this.#pos = end + 2;
      } else if (c === '#' && this.#peek(1) === '!' && this.#pos === 0) {
        while (!this.#atEnd() && this.#peek() !== '\n') this.#pos++;
      } else {
        return sawNewline;
      }
    }
  }

  #identifier(): string | null {
    if (!IDENT_START.test(this.#peek())) return null;
    const start = this.#pos;
    while (IDENT_PART.test(this.#peek())) this.#pos++;
    return this.#text.slice(start, this.#pos);
  }

  // ---- statements --------------------------------------------------------------------------------------------

  /** Statements up to the end of input, or up to the closing `}` of a block when `inBlock`. */
  #statements(target: ConfigSlurperObject, inBlock: boolean): void {
    for (;;) {
      this.#skip(true);
      while (this.#peek() === ';') {
        this.#pos++;
        this.#skip(true);
      }
      if (this.#atEnd()) {
        if (inBlock) this.#fail("expected '}' to close the block", this.#pos, false);
        return;
      }
      if (this.#peek() === '}') {
        if (!inBlock) this.#fail("unexpected '}'", this.#pos, false);
        this.#pos++;
        return;
      }
      this.#statement(target);
      // A statement ends at ';', a new line, '}' or the end of input.
      const newline = this.#skip(false);
      const c = this.#peek();
      if (c === ';' || c === '\n' || c === '}' || this.#atEnd() || newline) continue;
      this.#fail("expected ';' or a new line after the statement");
    }
  }

  #key(): string {
    const c = this.#peek();
    if (c === "'" || c === '"') return this.#string();
    const name = this.#identifier();
    if (name === null) this.#fail('expected a key (a name or a quoted string)');
    return name;
  }

  #statement(target: ConfigSlurperObject): void {
    const start = this.#pos;
    const path = [this.#key()];
    for (;;) {
      this.#skip(false);
      if (this.#peek() !== '.') break;
      this.#pos++;
      this.#skip(false);
      path.push(this.#key());
    }
    this.#skip(false);
    const c = this.#peek();
    if (c === '=') {
      this.#pos++;
      this.#skip(false);
      const value = this.#value();
      this.#assign(target, path, value, start);
    } else if (c === '{') {
      this.#pos++;
      const block = this.#blockTarget(target, path, start);
      this.#statements(block, true);
    } else {
      this.#fail(`expected '=' or '{' after '${this.#reveal ? path.join('.') : 'the key'}'`);
    }
  }

  /** The map at `path`, made when missing. */
  #blockTarget(target: ConfigSlurperObject, path: readonly string[], at: number): ConfigSlurperObject {
    let current = target;
    for (let i = 0; i < path.length; i++) {
      const key = path[i]!;
      const existing = Object.hasOwn(current, key) ? current[key] : undefined;
      if (existing === undefined || existing === null) {
        const fresh: ConfigSlurperObject = {};
        setOwn(current, key, fresh);
        current = fresh;
      } else if (isPlainObject(existing)) {
        current = existing as ConfigSlurperObject;
      } else {
        const name = this.#reveal ? `'${path.slice(0, i + 1).join('.')}'` : 'a key';
        this.#fail(`${name} already holds a value and cannot also be a block`, at, false);
      }
    }
    return current;
  }

  #assign(target: ConfigSlurperObject, path: readonly string[], value: ConfigSlurperValue, at: number): void {
    const parent = this.#blockTarget(target, path.slice(0, -1), at);
    setOwn(parent, path[path.length - 1]!, value);
  }

  // ---- values ------------------------------------------------------------------------------------------------

  #value(): ConfigSlurperValue {
    const c = this.#peek();
    if (c === "'" || c === '"') return this.#string();
    if (c === '[') return this.#listOrMap();
    if (/[0-9]/.test(c) || ((c === '-' || c === '+') && /[0-9.]/.test(this.#peek(1))) || c === '.') {
      return this.#number();
    }
    const start = this.#pos;
    const word = this.#identifier();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (word !== null) {
      this.#fail(
        this.#reveal
          ? `unsupported value '${word}': only strings, numbers, booleans, null, lists and maps are allowed`
          : 'unsupported value: only strings, numbers, booleans, null, lists and maps are allowed',
        start,
        false,
      );
    }
    this.#fail('expected a value');
  }

  #string(): string {
    const quote = this.#peek();
    const start = this.#pos;
    const triple = this.#peek(1) === quote && this.#peek(2) === quote;
    this.#pos += triple ? 3 : 1;
    let out = '';
    for (;;) {
      if (this.#atEnd()) this.#fail('unterminated string', start, false);
      const c = this.#peek();
      if (triple && c === quote && this.#peek(1) === quote && this.#peek(2) === quote) {
        this.#pos += 3;
        return out;
      }
      if (!triple && c === quote) {
        this.#pos++;
        return out;
      }
      if (!triple && c === '\n')
        this.#fail('unterminated string (new line inside a quoted string)', start, false);
      if (c === '\\') {
        out += this.#escape();
        continue;
      }
      if (quote === '"' && c === '$' && this.#peek(1) === '{') {
        this.#fail(
          'GString interpolation ("$' + '{…}") is not supported; use a plain string',
          this.#pos,
          false,
        );
      }
      out += c;
      this.#pos++;
    }
  }

  #escape(): string {
    const at = this.#pos;
    const c = this.#peek(1);
    this.#pos += 2;
    switch (c) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case '\\':
      case "'":
      case '"':
      case '$':
      case '/':
        return c;
      case '\n':
        return '';
      case 'u': {
        const hex = this.#text.slice(this.#pos, this.#pos + 4);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex))
          this.#fail('invalid \\u escape (expected 4 hex digits)', at, false);
        this.#pos += 4;
        return String.fromCharCode(Number.parseInt(hex, 16));
      }
      default:
        return this.#fail('invalid escape sequence in string', at, false);
    }
  }

  #number(): number | bigint {
    const start = this.#pos;
    const rest = this.#text.slice(this.#pos);
    const hex = /^([+-]?)0[xX]([0-9A-Fa-f_]+)[lLgGiI]?/.exec(rest);
    if (hex) {
      this.#pos += hex[0].length;
      this.#checkNumberEnd(start);
      const value = BigInt(`0x${hex[2]!.replaceAll('_', '')}`) * (hex[1] === '-' ? -1n : 1n);
      return toNumber(value);
    }
    const dec = /^([+-]?)((?:\d[\d_]*)?(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)([lLgGiIdDfF]?)/.exec(rest);
    const body = dec?.[2] ?? '';
    if (!dec || body === '' || body === '.' || !/\d/.test(body)) this.#fail('expected a number', start);
    this.#pos += dec[0].length;
    this.#checkNumberEnd(start);
    const text = `${dec[1]}${body.replaceAll('_', '')}`;
    const integral = /^[+-]?\d+$/.test(text) && !/[dDfF]/.test(dec[3] ?? '');
    if (integral) return toNumber(BigInt(text));
    const value = Number(text);
    if (!Number.isFinite(value)) this.#fail('number out of range', start, false);
    return value;
  }

  #checkNumberEnd(start: number): void {
    if (IDENT_PART.test(this.#peek()) || this.#peek() === '.') this.#fail('malformed number', start, false);
  }

  #listOrMap(): ConfigSlurperValue {
    const open = this.#pos;
    this.#pos++; // [
    this.#skip(true);
    if (this.#peek() === ':') {
      this.#pos++;
      this.#skip(true);
      if (this.#peek() !== ']') this.#fail("expected ']' to close the empty map '[:]'");
      this.#pos++;
      return {};
    }
    if (this.#peek() === ']') {
      this.#pos++;
      return [];
    }
    // A map when the first element is a key followed by ':'.
    const save = this.#pos;
    let isMap = false;
    const c = this.#peek();
    if (c === "'" || c === '"' || IDENT_START.test(c) || /[0-9]/.test(c)) {
      try {
        if (/[0-9]/.test(c)) this.#number();
        else this.#key();
        this.#skip(true);
        isMap = this.#peek() === ':';
      } catch {
        isMap = false;
      }
    }
    this.#pos = save;
    return isMap ? this.#mapBody(open) : this.#listBody(open);
  }

  #listBody(open: number): ConfigSlurperValue[] {
    const out: ConfigSlurperValue[] = [];
    for (;;) {
      this.#skip(true);
      if (this.#peek() === ']') {
        this.#pos++;
        return out;
      }
      if (this.#atEnd()) this.#fail("expected ']' to close the list", open, false);
      out.push(this.#value());
      this.#skip(true);
      if (this.#peek() === ',') {
        this.#pos++;
        continue;
      }
      if (this.#atEnd()) this.#fail("expected ']' to close the list", open, false);
      if (this.#peek() !== ']') this.#fail("expected ',' or ']' in the list");
    }
  }

  #mapBody(open: number): ConfigSlurperObject {
    const out: ConfigSlurperObject = {};
    for (;;) {
      this.#skip(true);
      if (this.#peek() === ']') {
        this.#pos++;
        return out;
      }
      if (this.#atEnd()) this.#fail("expected ']' to close the map", open, false);
      const key = /[0-9+-]/.test(this.#peek()) ? String(this.#number()) : this.#key();
      this.#skip(true);
      if (this.#peek() !== ':') this.#fail("expected ':' after the map key");
      this.#pos++;
      this.#skip(true);
      setOwn(out, key, this.#value());
      this.#skip(true);
      if (this.#peek() === ',') {
        this.#pos++;
        continue;
      }
      if (this.#atEnd()) this.#fail("expected ']' to close the map", open, false);
      if (this.#peek() !== ']') this.#fail("expected ',' or ']' in the map");
    }
  }
}

function toNumber(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/**
 * Parses ConfigSlurper text into nested plain objects.
 *
 * @throws ConfigurationException `<label>: syntax error at line L, column C: <what was expected>` (quoting the
 *   text found there unless `revealText` is false).
 */
export function parseConfigSlurper(text: string, options: ConfigSlurperOptions = {}): ConfigSlurperObject {
  return new Parser(text, options).parse();
}

/** A deep copy of parsed data (plain objects and arrays are copied, other values kept). */
export function cloneConfigValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneConfigValue(v)) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, cloneConfigValue(v));
    return out as T;
  }
  return value;
}

/**
 * Merges `source` into `target` in place, as the toolkit merges custom configuration into the `propertyBag`: maps
 * on both sides merge key by key, recursively; any other value is set when `overwrite` is true or the key is
 * absent (`customConfiguration` merges without overwriting, `customSensitiveConfiguration` with).
 */
export function mergeConfig(
  target: Record<string, unknown>,
  source: Readonly<Record<string, unknown>>,
  overwrite: boolean,
): void {
  for (const [key, value] of Object.entries(source)) {
    const has = Object.hasOwn(target, key);
    const existing = has ? target[key] : undefined;
    if (isPlainObject(existing) && isPlainObject(value)) {
      mergeConfig(existing, value, overwrite);
    } else if (overwrite || !has) {
      setOwn(target, key, cloneConfigValue(value));
    }
  }
}

/** Every string leaf of parsed data (used to redact secrets from logs). */
export function stringLeaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'bigint') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) stringLeaves(v, out);
  else if (isPlainObject(value)) for (const v of Object.values(value)) stringLeaves(v, out);
  return out;
}
