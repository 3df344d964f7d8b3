import { describe, expect, it } from 'vitest';
import {
  ACTION_PARAMETERS,
  checkRequestParameters,
  nonNegativeIntParam,
  paramNames,
  paramValues,
  prettyPrintOf,
  scriptIdOf,
  singleParam,
} from '../src/index.js';

describe('request parameters', () => {
  it('reads URLSearchParams and query-string objects alike', () => {
    const search = new URLSearchParams('_fields=a&_fields=b&x=1');
    const object = { _fields: ['a', 'b'], x: '1', y: undefined };
    for (const params of [search, object]) {
      expect(paramNames(params)).toEqual(['_fields', 'x']);
      expect(paramValues(params, '_fields')).toEqual(['a', 'b']);
      expect(singleParam(params, 'x')).toBe('1');
      expect(() => singleParam(params, '_fields')).toThrow(/more than once/);
    }
  });

  it("rejects unknown reserved parameters with the seed's message", () => {
    expect(() => checkRequestParameters({ _query: 'x' }, [])).toThrow(
      "Unrecognized request parameter '_query'",
    );
    expect(() => checkRequestParameters({ _prettyPrint: 'true', other: 'x' }, [])).not.toThrow();
    expect(() =>
      checkRequestParameters({ _action: 'script', _scriptId: 'a' }, ACTION_PARAMETERS),
    ).not.toThrow();
  });

  it('reads scriptId and _scriptId, integers and _prettyPrint', () => {
    expect(scriptIdOf({ scriptId: 'a', _scriptId: 'b' })).toBe('a');
    expect(scriptIdOf({ _scriptId: 'b' })).toBe('b');
    expect(scriptIdOf({})).toBeUndefined();
    expect(nonNegativeIntParam({ n: '12' }, 'n')).toBe(12);
    expect(nonNegativeIntParam({ n: '' }, 'n')).toBeUndefined();
    expect(() => nonNegativeIntParam({ n: '1.5' }, 'n')).toThrow(/non-negative integer/);
    expect(() => nonNegativeIntParam({ n: '99999999999' }, 'n')).toThrow(/too large/);
    expect(prettyPrintOf({ _prettyPrint: 'TRUE' })).toBe(true);
    expect(prettyPrintOf({})).toBe(false);
  });
});
