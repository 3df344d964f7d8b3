import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  type PresenceNode,
  parseQueryFilter,
  type QueryFilterNode,
  QueryFilterSyntaxError,
  queryFilterToString,
} from '../src/index.js';

function syntaxError(text: string): QueryFilterSyntaxError {
  try {
    parseQueryFilter(text);
  } catch (e) {
    expect(e).toBeInstanceOf(QueryFilterSyntaxError);
    return e as QueryFilterSyntaxError;
  }
  throw new Error(`'${text}' parsed`);
}

describe('parseQueryFilter', () => {
  it('parses the literals', () => {
    expect(parseQueryFilter('true')).toEqual({ type: 'literal', value: true });
    expect(parseQueryFilter(' false ')).toEqual({ type: 'literal', value: false });
  });

  it('parses every comparison operator with bare and pointer fields', () => {
    for (const op of ['eq', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const) {
      const node = parseQueryFilter(`givenName ${op} "Bar"`);
      expect(node).toEqual({
        type: 'comparison',
        operator: op,
        field: { segments: ['givenName'], text: 'givenName' },
        value: 'Bar',
        raw: '"Bar"',
      });
    }
    const pointer = parseQueryFilter('/name/givenName EQ "x"') as Extract<
      QueryFilterNode,
      { type: 'comparison' }
    >;
    expect(pointer.operator).toBe('eq');
    expect(pointer.field.segments).toEqual(['name', 'givenName']);
    expect((parseQueryFilter('/a~1b/c~0d pr') as PresenceNode).field.segments).toEqual(['a/b', 'c~d']);
  });

  it('parses JSON values: escapes, numbers, booleans, null, big integers', () => {
    const value = (text: string) => (parseQueryFilter(`a eq ${text}`) as { value: unknown }).value;
    expect(value('"line\\nbreak \\"q\\" \\u00e9"')).toBe('line\nbreak "q" é');
    expect(value('42')).toBe(42);
    expect(value('-1.5e3')).toBe(-1500);
    expect(value('true')).toBe(true);
    expect(value('false')).toBe(false);
    expect(value('null')).toBe(null);
    expect(value('9007199254740993')).toBe(9007199254740993n);
    expect(value('"with ) and ( inside"')).toBe('with ) and ( inside');
    expect((parseQueryFilter('a eq 1.50') as { raw: string }).raw).toBe('1.50');
  });

  it('parses presence and extended operators', () => {
    expect(parseQueryFilter('givenName pr')).toEqual({
      type: 'presence',
      field: { segments: ['givenName'], text: 'givenName' },
    });
    expect(parseQueryFilter('roles ca "admin"')).toMatchObject({
      type: 'extended',
      operator: 'ca',
      value: 'admin',
    });
  });

  it('gives not precedence over and, and and over or', () => {
    const node = parseQueryFilter('a pr or b pr and !c pr');
    expect(node.type).toBe('or');
    const or = node as Extract<QueryFilterNode, { type: 'or' }>;
    expect(or.operands[0]!.type).toBe('presence');
    expect(or.operands[1]!.type).toBe('and');
    const and = or.operands[1] as Extract<QueryFilterNode, { type: 'and' }>;
    expect(and.operands[1]).toMatchObject({ type: 'not', operand: { type: 'presence' } });
  });

  it('flattens and/or chains and honours parentheses', () => {
    const chain = parseQueryFilter('a pr and b pr and c pr') as Extract<QueryFilterNode, { type: 'and' }>;
    expect(chain.operands).toHaveLength(3);
    const grouped = parseQueryFilter('(a pr or b pr) and c pr') as Extract<QueryFilterNode, { type: 'and' }>;
    expect(grouped.operands[0]!.type).toBe('or');
  });

  it('accepts `not (…)` and keeps `not` usable as a field name', () => {
    expect(parseQueryFilter('not (a pr)')).toMatchObject({ type: 'not', operand: { type: 'presence' } });
    expect(parseQueryFilter('NOT(a pr or b pr)')).toMatchObject({ type: 'not', operand: { type: 'or' } });
    expect(parseQueryFilter('not eq "x"')).toMatchObject({
      type: 'comparison',
      field: { segments: ['not'] },
    });
    expect(parseQueryFilter('!!a pr')).toMatchObject({ type: 'not', operand: { type: 'not' } });
  });

  it('is case-insensitive for keywords and operators, not for values', () => {
    expect(parseQueryFilter('a PR AND b Eq "X" OR TRUE').type).toBe('or');
    expect(() => parseQueryFilter('a eq TRUE')).toThrow(QueryFilterSyntaxError);
  });

  it('reports malformed filters with their position (HTTP 400)', () => {
    const cases: [string, number, RegExp][] = [
      ['', 0, /the filter is empty/],
      ['givenName eq', 12, /expected a value after 'eq'/],
      ['givenName', 9, /expected an operator after 'givenName'/],
      ['givenName eq "Barb', 13, /unterminated string/],
      ['givenName eq Barbara', 13, /invalid value 'Barbara' \(strings must be in double quotes\)/],
      ['(a pr', 5, /expected '\)'/],
      ['a pr b pr', 5, /unexpected 'b', expected 'and', 'or' or the end of the filter/],
      ['a pr and', 8, /expected an expression/],
      ['and a pr', 0, /expected an expression before 'and'/],
      ['a pr)', 4, /unexpected '\)'/],
      ['()', 1, /empty parentheses/],
      ['"a" eq 1', 0, /expected a field name/],
      ['a eq "\\x"', 5, /invalid string/],
      ['/a~2 pr', 0, /invalid JSON pointer/],
    ];
    for (const [text, position, message] of cases) {
      const error = syntaxError(text);
      expect(error.position, text).toBe(position);
      expect(error.problem, text).toMatch(message);
      expect(error).toBeInstanceOf(BadRequestError);
      expect(error.toJSON()).toEqual({
        code: 400,
        reason: 'Bad Request',
        message: `Invalid _queryFilter '${text}': ${error.problem} at position ${position}`,
      });
    }
  });
});

describe('queryFilterToString', () => {
  it('prints canonical text that parses back to the same AST', () => {
    const cases: [string, string][] = [
      ['true', 'true'],
      ['givenName   EQ  "Barbara"', 'givenName eq "Barbara"'],
      [
        '(givenName eq "Barbara" or givenName eq "Jane") and familyName eq "Jensen"',
        '(givenName eq "Barbara" or givenName eq "Jane") and familyName eq "Jensen"',
      ],
      ['a pr or (b pr and c pr)', 'a pr or b pr and c pr'],
      ['!(givenName eq "Barbara")', '!(givenName eq "Barbara")'],
      ['! a pr and b pr', '!(a pr) and b pr'],
      ['not (a pr or b pr)', '!(a pr or b pr)'],
      ['/name/givenName sw "B"', '/name/givenName sw "B"'],
      ['/a~1b pr', '/a~1b pr'],
      ['amount ge 1.50', 'amount ge 1.50'],
      ['x eq "quote \\" and \\\\"', 'x eq "quote \\" and \\\\"'],
      ['roles ca "admin"', 'roles ca "admin"'],
      ['big eq 9007199254740993', 'big eq 9007199254740993'],
      ['/and eq 1', '/and eq 1'],
      ['name/givenName eq "x"', '/name/givenName eq "x"'],
    ];
    for (const [input, expected] of cases) {
      const node = parseQueryFilter(input);
      const text = queryFilterToString(node);
      expect(text, input).toBe(expected);
      const again = parseQueryFilter(text);
      expect(queryFilterToString(again), input).toBe(expected);
      expect(
        JSON.stringify(again, (k, v) => (k === 'text' ? undefined : typeof v === 'bigint' ? `${v}n` : v)),
        input,
      ).toBe(
        JSON.stringify(node, (k, v) => (k === 'text' ? undefined : typeof v === 'bigint' ? `${v}n` : v)),
      );
    }
  });
});
