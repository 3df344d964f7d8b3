/**
 * The CREST `_queryFilter` language: a parser to an AST, and the AST back to canonical text.
 *
 * Grammar (whitespace separates tokens; keywords and the standard operators are case-insensitive):
 *
 * ```text
 * filter     := or
 * or         := and ( 'or' and )*
 * and        := not ( 'and' not )*
 * not        := '!' not | 'not' '(' filter ')' | primary
 * primary    := '(' filter ')' | 'true' | 'false' | pointer 'pr' | pointer op value
 * op         := 'eq' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le' | <extended operator: any other word>
 * pointer    := '/' segment ( '/' segment )*  |  bare-name        (JSON pointer, `~0` = `~`, `~1` = `/`)
 * value      := JSON string ("…" with JSON escapes) | JSON number | 'true' | 'false' | 'null'
 * ```
 *
 * Precedence: `!`/`not` binds tighter than `and`, which binds tighter than `or`; `and`/`or` chains become one
 * n-ary node. `not` is a keyword only when an opening parenthesis follows it (so a field may be called `not`);
 * `!` may be followed by any primary. Numbers keep their source text (`raw`) so that a Long or BigDecimal
 * attribute gets the exact value; integers beyond ±2^53 are held as `bigint`.
 *
 * Errors are {@link QueryFilterSyntaxError}s (HTTP 400) naming the 0-based character position, e.g.
 * `Invalid _queryFilter 'givenName eq': expected a value after 'eq' at position 12`.
 *
 * @packageDocumentation
 */
import { BadRequestError } from '../errors.js';

/** The standard comparison operators (`ew` included, as IDM maps it to EndsWithFilter). */
export type ComparisonOperator = 'eq' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** The comparison operators as a list. */
export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = Object.freeze([
  'eq',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
]);

/** A JSON value in a filter assertion. Integers beyond ±2^53 are `bigint`. */
export type FilterValue = string | number | bigint | boolean | null;

/** A field reference: the JSON pointer's decoded segments and how it was written. */
export interface JsonPointer {
  /** Decoded segments; `a` and `/a` both give `['a']`. */
  readonly segments: readonly string[];
  /** The pointer as written in the filter. */
  readonly text: string;
}

/** A comparison `field op value`. */
export interface ComparisonNode {
  readonly type: 'comparison';
  readonly operator: ComparisonOperator;
  readonly field: JsonPointer;
  readonly value: FilterValue;
  /** The value's source text (a JSON string literal keeps its quotes). */
  readonly raw: string;
}

/** An extended comparison `field <word> value` with a non-standard operator (e.g. `ca`). */
export interface ExtendedNode {
  readonly type: 'extended';
  readonly operator: string;
  readonly field: JsonPointer;
  readonly value: FilterValue;
  readonly raw: string;
}

/** `field pr`. */
export interface PresenceNode {
  readonly type: 'presence';
  readonly field: JsonPointer;
}

/** `true` or `false`. */
export interface LiteralNode {
  readonly type: 'literal';
  readonly value: boolean;
}

/** `a and b and …` (two operands or more). */
export interface AndNode {
  readonly type: 'and';
  readonly operands: readonly QueryFilterNode[];
}

/** `a or b or …` (two operands or more). */
export interface OrNode {
  readonly type: 'or';
  readonly operands: readonly QueryFilterNode[];
}

/** `!a` / `not (a)`. */
export interface NotNode {
  readonly type: 'not';
  readonly operand: QueryFilterNode;
}

/** Any node of a parsed query filter. */
export type QueryFilterNode =
  | ComparisonNode
  | ExtendedNode
  | PresenceNode
  | LiteralNode
  | AndNode
  | OrNode
  | NotNode;

/** A malformed `_queryFilter` (HTTP 400). */
export class QueryFilterSyntaxError extends BadRequestError {
  /** 0-based character offset of the problem in the filter text. */
  readonly position: number;
  /** The filter text. */
  readonly filter: string;
  /** The problem alone, without the filter and position. */
  readonly problem: string;

  constructor(filter: string, position: number, problem: string) {
    super(`Invalid _queryFilter '${filter}': ${problem} at position ${position}`);
    this.filter = filter;
    this.position = position;
    this.problem = problem;
  }
}

type TokenKind = 'lparen' | 'rparen' | 'bang' | 'string' | 'word';

interface Token {
  readonly kind: TokenKind;
  /** Source text of the token. */
  readonly text: string;
  /** Offset of the token's first character. */
  readonly pos: number;
}

const WHITESPACE = /\s/;

/** Reads a JSON string literal starting at `start` (the opening quote); returns its end offset. */
function scanString(input: string, start: number): number {
  let i = start + 1;
  while (i < input.length) {
    const c = input[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '"') return i + 1;
    i++;
  }
  throw new QueryFilterSyntaxError(input, start, 'unterminated string');
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (WHITESPACE.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', text: c, pos: i });
      i++;
    } else if (c === '!') {
      tokens.push({ kind: 'bang', text: c, pos: i });
      i++;
    } else if (c === '"') {
      const end = scanString(input, i);
      tokens.push({ kind: 'string', text: input.slice(i, end), pos: i });
      i = end;
    } else {
      const start = i;
      while (i < input.length) {
        const d = input[i]!;
        if (WHITESPACE.test(d) || d === '(' || d === ')' || d === '"') break;
        i++;
      }
      tokens.push({ kind: 'word', text: input.slice(start, i), pos: start });
    }
  }
  return tokens;
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function decodeString(filter: string, token: Token): string {
  try {
    const value: unknown = JSON.parse(token.text);
    if (typeof value === 'string') return value;
  } catch {
    // fall through to the error below
  }
  throw new QueryFilterSyntaxError(filter, token.pos, `invalid string ${token.text}`);
}

function decodeNumber(text: string): number | bigint {
  if (/^-?\d+$/.test(text)) {
    const big = BigInt(text);
    if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) return big;
  }
  return Number(text);
}

function decodePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(filter: string, token: Token): JsonPointer {
  const text = token.text;
  if (/~[^01]|~$/.test(text)) {
    throw new QueryFilterSyntaxError(filter, token.pos, `invalid JSON pointer '${text}'`);
  }
  // The leading '/' is optional, as for CREST pointers: `a/b` and `/a/b` both name ['a', 'b'].
  const body = text.startsWith('/') ? text.slice(1) : text;
  return { segments: body.split('/').map(decodePointerSegment), text };
}

const KEYWORDS = new Set(['and', 'or', 'pr', 'true', 'false']);

function isKeyword(token: Token | undefined, keyword: string): boolean {
  return token?.kind === 'word' && token.text.toLowerCase() === keyword;
}

/** Recursive-descent parser over the token list. */
class Parser {
  #i = 0;

  constructor(
    readonly filter: string,
    readonly tokens: readonly Token[],
  ) {}

  #peek(offset = 0): Token | undefined {
    return this.tokens[this.#i + offset];
  }

  #next(): Token | undefined {
    const token = this.tokens[this.#i];
    if (token) this.#i++;
    return token;
  }

  #endPos(): number {
    return this.filter.length;
  }

  #fail(token: Token | undefined, problem: string): never {
    throw new QueryFilterSyntaxError(this.filter, token?.pos ?? this.#endPos(), problem);
  }

  parse(): QueryFilterNode {
    if (this.tokens.length === 0) this.#fail(undefined, 'the filter is empty');
    const node = this.#or();
    const rest = this.#peek();
    if (rest) {
      this.#fail(rest, `unexpected '${rest.text}', expected 'and', 'or' or the end of the filter`);
    }
    return node;
  }

  #or(): QueryFilterNode {
    const operands = [this.#and()];
    while (isKeyword(this.#peek(), 'or')) {
      this.#next();
      operands.push(this.#and());
    }
    return operands.length === 1 ? operands[0]! : { type: 'or', operands };
  }

  #and(): QueryFilterNode {
    const operands = [this.#not()];
    while (isKeyword(this.#peek(), 'and')) {
      this.#next();
      operands.push(this.#not());
    }
    return operands.length === 1 ? operands[0]! : { type: 'and', operands };
  }

  #not(): QueryFilterNode {
    const token = this.#peek();
    if (token?.kind === 'bang') {
      this.#next();
      if (!this.#peek()) this.#fail(undefined, "expected an expression after '!'");
      return { type: 'not', operand: this.#not() };
    }
    if (isKeyword(token, 'not') && this.#peek(1)?.kind === 'lparen') {
      this.#next();
      return { type: 'not', operand: this.#primary() };
    }
    return this.#primary();
  }

  #primary(): QueryFilterNode {
    const token = this.#next();
    if (!token) this.#fail(undefined, 'expected an expression');
    switch (token.kind) {
      case 'lparen': {
        if (this.#peek()?.kind === 'rparen') this.#fail(this.#peek(), 'empty parentheses');
        const inner = this.#or();
        const close = this.#next();
        if (close?.kind !== 'rparen') {
          this.#fail(close, close ? `expected ')' but found '${close.text}'` : "expected ')'");
        }
        return inner;
      }
      case 'rparen':
        return this.#fail(token, "unexpected ')'");
      case 'bang':
        return this.#fail(token, "unexpected '!'");
      case 'string':
        return this.#fail(token, `expected a field name but found the string ${token.text}`);
      default:
        break;
    }
    const lower = token.text.toLowerCase();
    if ((lower === 'true' || lower === 'false') && !this.#startsComparison()) {
      return { type: 'literal', value: lower === 'true' };
    }
    if (lower === 'and' || lower === 'or') this.#fail(token, `expected an expression before '${token.text}'`);
    return this.#comparison(token);
  }

  /** True when the next token is an operator word, i.e. the current word is a field name. */
  #startsComparison(): boolean {
    const next = this.#peek();
    return next?.kind === 'word' && !KEYWORDS.has(next.text.toLowerCase());
  }

  #comparison(fieldToken: Token): QueryFilterNode {
    const field = parsePointer(this.filter, fieldToken);
    const opToken = this.#next();
    if (!opToken) this.#fail(undefined, `expected an operator after '${fieldToken.text}'`);
    if (opToken.kind !== 'word') {
      this.#fail(opToken, `expected an operator after '${fieldToken.text}' but found '${opToken.text}'`);
    }
    const opText = opToken.text;
    const opLower = opText.toLowerCase();
    if (opLower === 'pr') return { type: 'presence', field };
    if (opLower === 'and' || opLower === 'or') {
      this.#fail(opToken, `expected an operator after '${fieldToken.text}' but found '${opText}'`);
    }
    const valueToken = this.#next();
    if (!valueToken) this.#fail(undefined, `expected a value after '${opText}'`);
    const value = this.#value(valueToken, opText);
    if ((COMPARISON_OPERATORS as readonly string[]).includes(opLower)) {
      return {
        type: 'comparison',
        operator: opLower as ComparisonOperator,
        field,
        value,
        raw: valueToken.text,
      };
    }
    return { type: 'extended', operator: opText, field, value, raw: valueToken.text };
  }

  #value(token: Token, opText: string): FilterValue {
    if (token.kind === 'string') return decodeString(this.filter, token);
    if (token.kind !== 'word')
      this.#fail(token, `expected a value after '${opText}' but found '${token.text}'`);
    const text = token.text;
    if (text === 'true') return true;
    if (text === 'false') return false;
    if (text === 'null') return null;
    if (NUMBER.test(text)) return decodeNumber(text);
    return this.#fail(token, `invalid value '${text}' (strings must be in double quotes)`);
  }
}

/**
 * Parses a `_queryFilter`.
 *
 * @throws QueryFilterSyntaxError (400) for malformed text.
 */
export function parseQueryFilter(text: string): QueryFilterNode {
  if (typeof text !== 'string') throw new BadRequestError('_queryFilter must be a string');
  return new Parser(text, tokenize(text)).parse();
}

function pointerToString(pointer: JsonPointer): string {
  const segments = pointer.segments;
  if (segments.length === 1) {
    const only = segments[0]!;
    const plain =
      only !== '' &&
      !/[\s()"!/~]/.test(only) &&
      !KEYWORDS.has(only.toLowerCase()) &&
      only.toLowerCase() !== 'not';
    if (plain) return only;
  }
  return `/${segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** A filter value as filter text (JSON, bigints as digits). */
export function valueToFilterText(value: FilterValue): string {
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

function numberText(node: ComparisonNode | ExtendedNode): string {
  // Keep the source form of numbers (e.g. `1.50`, `1e3`); everything else is re-serialised.
  if ((typeof node.value === 'number' || typeof node.value === 'bigint') && NUMBER.test(node.raw)) {
    return node.raw;
  }
  return valueToFilterText(node.value);
}

const PRECEDENCE: Readonly<Record<QueryFilterNode['type'], number>> = {
  or: 1,
  and: 2,
  not: 3,
  comparison: 4,
  extended: 4,
  presence: 4,
  literal: 4,
};

function render(node: QueryFilterNode, parent: number): string {
  let text: string;
  switch (node.type) {
    case 'literal':
      return node.value ? 'true' : 'false';
    case 'presence':
      return `${pointerToString(node.field)} pr`;
    case 'comparison':
    case 'extended':
      return `${pointerToString(node.field)} ${node.operator} ${numberText(node)}`;
    case 'not':
      return `!(${render(node.operand, 0)})`;
    case 'and':
    case 'or':
      text = node.operands.map((o) => render(o, PRECEDENCE[node.type])).join(` ${node.type} `);
      return PRECEDENCE[node.type] < parent ? `(${text})` : text;
  }
}

/**
 * Canonical text of a filter: lower-case keywords and operators, single spaces, JSON values, parentheses only
 * where precedence needs them (and always after `!`). Parsing the result gives an equal AST.
 */
export function queryFilterToString(node: QueryFilterNode): string {
  return render(node, 0);
}
