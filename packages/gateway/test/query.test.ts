import {
  ContainsAllValuesFilter,
  type EqualsFilter,
  type JavaBigDecimal,
  JavaLong,
  NotFilter,
  type OrFilter,
  PresenceFilter,
  SearchResult,
  toQueryMap,
  Uid,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  filterForSearch,
  parseObjectType,
  parseObjectTypes,
  parseQueryFilter,
  parseQueryRequest,
  ResourceError,
  toIcfFilter,
  toJson,
  toQueryResponse,
} from '../src/index.js';
import { connectorObject, fixture } from './helpers.js';

const queries = fixture('seed-queries.json');
const results = fixture('seed-search-results.json');
const users = parseObjectTypes(fixture('seed-users-groups-object-types.json').objectTypes).get('users')!;

const typed = parseObjectType('account', {
  nativeType: '__ACCOUNT__',
  properties: {
    uid: { type: 'string', nativeName: '__NAME__' },
    logins: { type: 'integer', nativeName: 'loginCount', nativeType: 'JAVA_TYPE_LONG' },
    balance: { type: 'number', nativeType: 'JAVA_TYPE_BIGDECIMAL' },
    roles: { type: 'array', items: { type: 'string' }, nativeName: 'ldapRoles' },
    active: { type: 'boolean' },
  },
});

function mapped(text: string, type = users) {
  return toIcfFilter(type, parseQueryFilter(text));
}

function errorBody(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ResourceError);
    return (e as ResourceError).toJSON();
  }
  throw new Error('no error');
}

describe('toIcfFilter', () => {
  it("gives the seed's query() maps", () => {
    for (const row of queries.filters) {
      const filter = filterForSearch(mapped(row.queryFilter));
      expect(filter, row.queryFilter).not.toBeUndefined();
      expect(toQueryMap(filter), row.queryFilter).toEqual(row.query);
    }
  });

  it("answers the seed's error bodies", () => {
    for (const row of queries.errors) {
      expect(
        errorBody(() => parseQueryRequest(users, row.params)),
        JSON.stringify(row.params),
      ).toEqual(row.error);
    }
  });

  it('maps _id to __UID__, native names and typed values', () => {
    const id = filterForSearch(mapped('_id eq "abc"')) as EqualsFilter;
    expect(id.attribute).toBeInstanceOf(Uid);
    expect(filterForSearch(mapped('uid eq "bjensen"', typed))!.toString()).toBe(
      'EQUALS: __NAME__ = "bjensen"',
    );
    const long = filterForSearch(mapped('logins gt 9007199254740993', typed)) as EqualsFilter;
    expect(long.attribute.value![0]).toEqual(new JavaLong(9007199254740993n));
    const decimal = filterForSearch(mapped('balance le 1.50', typed)) as EqualsFilter;
    expect((decimal.attribute.value![0] as JavaBigDecimal).toString()).toBe('1.50');
    expect(filterForSearch(mapped('active eq true', typed))!.toString()).toBe('EQUALS: active = true');
    expect(filterForSearch(mapped('roles eq "admin"', typed))!.toString()).toBe(
      'EQUALS: ldapRoles = "admin"',
    );
    expect(filterForSearch(mapped('roles pr', typed))).toEqual(new PresenceFilter('ldapRoles'));
    const all = filterForSearch(mapped('roles ca "admin"', typed));
    expect(all).toBeInstanceOf(ContainsAllValuesFilter);
  });

  it('handles true, false and presence of unknown properties like IDM', () => {
    expect(mapped('true')).toEqual({ kind: 'all' });
    expect(mapped('false')).toEqual({ kind: 'none' });
    expect(filterForSearch(mapped('false'))).toBeUndefined();
    expect(filterForSearch(mapped('true'))).toBeNull();
    expect(mapped('firstName pr')).toEqual({ kind: 'none' });
    expect(mapped('_id pr')).toEqual({ kind: 'all' });
  });

  it('simplifies literals inside and/or/not', () => {
    expect(mapped('givenName pr and false')).toEqual({ kind: 'none' });
    expect(mapped('givenName pr or true')).toEqual({ kind: 'all' });
    expect(filterForSearch(mapped('givenName pr and true'))).toEqual(new PresenceFilter('givenName'));
    expect(mapped('!(false)')).toEqual({ kind: 'all' });
    expect(mapped('!(firstName pr)')).toEqual({ kind: 'all' });
    expect(filterForSearch(mapped('!(givenName pr)'))).toEqual(
      new NotFilter(new PresenceFilter('givenName')),
    );
    const or = filterForSearch(mapped('givenName pr or (familyName pr or displayName pr)')) as OrFilter;
    expect(or.filters).toHaveLength(3);
  });

  it('rejects what IDM rejects, with 400', () => {
    expect(errorBody(() => mapped('firstName eq "Barbara"'))).toEqual({
      code: 400,
      reason: 'Bad Request',
      message: 'Attribute firstName does not exist as part of ObjectClass: users',
    });
    expect(() => mapped('/name/givenName eq "x"')).toThrow(/single-segment JSON pointers/);
    expect(() => mapped('_id sw "a"')).toThrow(BadRequestError);
    expect(() => mapped('logins eq "many"', typed)).toThrow(/cannot convert "many" to JAVA_TYPE_LONG/);
    expect(() => mapped('logins co "1"', typed)).toThrow(BadRequestError);
    expect(() => mapped('givenName gt null')).toThrow(BadRequestError);
  });

  it('passes eq null as an attribute with a null value', () => {
    const filter = filterForSearch(mapped('givenName eq null')) as EqualsFilter;
    expect(filter.attribute.value).toEqual([null]);
  });
});

describe('parseQueryRequest', () => {
  it('maps the seed paging/sorting/fields request to OperationOptions', () => {
    const request = parseQueryRequest(users, queries.paging.params);
    expect(request.kind).toBe('filter');
    expect(request.filter).toEqual({ kind: 'all' });
    expect(JSON.parse(JSON.stringify(request.options.toJSON()))).toEqual(queries.paging.options);
  });

  it('defaults ATTRS_TO_GET to the returned-by-default properties, as the seed logs show', () => {
    for (const row of queries.attributesToGet) {
      const request = parseQueryRequest(users, { _queryFilter: 'true', _fields: row.fields });
      expect(request.options.attributesToGet, row.fields).toEqual(row.attributesToGet);
    }
    expect(parseQueryRequest(users, { _queryFilter: 'true' }).options.attributesToGet).toEqual(
      queries.attributesToGet[1].attributesToGet,
    );
  });

  it('always sets the paged-results offset and passes the count policy', () => {
    const plain = parseQueryRequest(users, new URLSearchParams('_queryFilter=true'));
    expect(plain.options.pagedResultsOffset).toBe(0);
    expect(plain.options.pageSize).toBeNull();
    const paged = parseQueryRequest(
      users,
      new URLSearchParams(
        '_queryFilter=true&_pageSize=0&_pagedResultsOffset=10&_totalPagedResultsPolicy=exact',
      ),
    );
    expect(paged.options.pageSize).toBeNull();
    expect(paged.options.pagedResultsOffset).toBe(10);
    expect(paged.options.totalPagedResultsPolicy).toBe('EXACT');
  });

  it('translates sort keys to native names', () => {
    const request = parseQueryRequest(typed, { _queryFilter: 'true', _sortKeys: ['-uid,_id', '/x/logins'] });
    expect(request.options.sortKeys!.map(String)).toEqual(['-__NAME__', '+__UID__', '+loginCount']);
  });

  it('supports _queryExpression and query-all-ids', () => {
    const expression = parseQueryRequest(users, { _queryExpression: 'givenName sw "B"' });
    expect(filterForSearch(expression.filter)!.toString()).toBe('STARTSWITH: givenName startsWith "B"');
    const ids = parseQueryRequest(users, { _queryId: 'query-all-ids' });
    expect(ids.kind).toBe('query-all-ids');
    expect(ids.options.attributesToGet).toEqual(['__UID__']);
  });

  it('rejects bad requests with 400', () => {
    const bad = (params: Record<string, string | string[]>, message: RegExp | string) =>
      expect(() => parseQueryRequest(users, params), JSON.stringify(params)).toThrow(message);
    bad({}, 'must have one of _queryFilter, _queryId or _queryExpression');
    bad({ _queryFilter: 'true', _queryId: 'query-all-ids' }, 'only one of');
    bad({ _queryId: 'all' }, 'Unsupported _queryId: all');
    bad({ _queryFilter: ['true', 'false'] }, "'_queryFilter' must not be given more than once");
    bad({ _queryFilter: 'true', _pageSize: '-1' }, "'_pageSize' must be a non-negative integer");
    bad(
      { _queryFilter: 'true', _pagedResultsOffset: 'x' },
      "'_pagedResultsOffset' must be a non-negative integer",
    );
    bad({ _queryFilter: 'true', _totalPagedResultsPolicy: 'ALL' }, 'NONE, ESTIMATE or EXACT');
    bad({ _queryFilter: 'true', _sortKeys: ',' }, 'Invalid _sortKeys entry');
    bad({ _queryFilter: 'givenName eq' }, "Invalid _queryFilter 'givenName eq'");
  });

  it('ignores parameters that do not start with an underscore', () => {
    expect(() =>
      parseQueryRequest(users, { _queryFilter: 'true', foo: 'bar', _prettyPrint: 'true' }),
    ).not.toThrow();
  });
});

describe('toQueryResponse', () => {
  const seedObject = connectorObject(
    'users',
    results.object.uid,
    results.object.name,
    results.object.attributes,
  );

  it("reproduces the seed's response bodies", () => {
    for (const row of results.responses) {
      const request = parseQueryRequest(users, row.params);
      const body = toQueryResponse([toJson(users, seedObject, request.fields)], null);
      expect(body, JSON.stringify(row.params)).toEqual(row.body);
      expect(Object.keys(body)).toEqual(Object.keys(row.body));
    }
  });

  it("passes on the connector's cookie, policy and counts", () => {
    const body = toQueryResponse([], new SearchResult('MjgxOQ==', 'EXACT', 19, 11));
    expect(body).toEqual({
      result: [],
      resultCount: 0,
      pagedResultsCookie: 'MjgxOQ==',
      totalPagedResultsPolicy: 'EXACT',
      totalPagedResults: 19,
      remainingPagedResults: 11,
    });
    expect(toQueryResponse([], new SearchResult('c', -1))).toMatchObject({
      pagedResultsCookie: 'c',
      totalPagedResultsPolicy: 'NONE',
      totalPagedResults: -1,
      remainingPagedResults: -1,
    });
  });
});
