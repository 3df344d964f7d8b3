import {
  AttributeBuilder,
  ConnectorException,
  type ConnectorObject,
  collectSearchResults,
  FilterBuilder as F,
  type Filter,
  filterAccepts,
  GuardedString,
  IllegalArgumentException,
  ObjectClass,
  OperationOptionsBuilder,
  SortKey,
  Uid,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { CsvFilterTranslator } from '../src/query.js';
import { ACCOUNT, attrValue, connectorFor, fixtureCopy, NO_OPTIONS, search } from './helpers.js';

const options = () => new OperationOptionsBuilder();

describe('schema', () => {
  it('describes hr.csv as __ACCOUNT__ with one attribute per column', async () => {
    const schema = await connectorFor(fixtureCopy('hr.csv')).schema();
    expect([...schema.objectClassInfo].map((i) => i.type)).toEqual(['__ACCOUNT__']);
    const info = schema.findObjectClassInfo('__ACCOUNT__')!;
    expect(info.attributeInfos.map((a) => a.name).sort()).toEqual(
      ['__NAME__', '__UID__', 'email', 'employeeNumber', 'firstName', 'lastName', 'uid'].sort(),
    );
    expect([...info.findAttributeInfo('__NAME__')!.flags]).toEqual(['REQUIRED']);
    expect(info.findAttributeInfo('__PASSWORD__')).toBeUndefined();
  });

  it('maps the password column to __PASSWORD__ (write-only) and flags multi-valued columns', async () => {
    const connector = connectorFor(fixtureCopy('accounts-with-passwords.csv'), {
      multivalueDelimiter: ';',
      multivalueAttributes: ['roles'],
    });
    const info = (await connector.schema()).findObjectClassInfo('__ACCOUNT__')!;
    const password = info.findAttributeInfo('__PASSWORD__')!;
    expect(password.type).toBe('GuardedString');
    expect([...password.flags]).toEqual(['NOT_READABLE', 'NOT_RETURNED_BY_DEFAULT']);
    expect(info.findAttributeInfo('password')).toBeUndefined();
    expect([...info.findAttributeInfo('roles')!.flags]).toEqual(['MULTIVALUED']);
    expect([...info.findAttributeInfo('email')!.flags]).toEqual([]);
  });

  it('registers __ACCOUNT__ for every operation the connector implements', async () => {
    const schema = await connectorFor(fixtureCopy('hr.csv')).schema();
    const json = schema.toJSON();
    for (const op of ['CreateApiOp', 'UpdateApiOp', 'DeleteApiOp', 'SearchApiOp', 'SyncApiOp'] as const) {
      expect(json.supportedObjectClassesByOperation[op], op).toEqual(['__ACCOUNT__']);
    }
  });
});

describe('search over hr.csv', () => {
  it('returns the three users with clean values', async () => {
    const { objects, uids, result } = await search(connectorFor(fixtureCopy('hr.csv')));
    expect(uids).toEqual(['BJENSEN', 'JSANCHEZ', 'SCARTER']);
    const bjensen = objects[0]!;
    expect(bjensen.name.nameValue).toBe('BJENSEN');
    expect(attrValue(bjensen, 'uid')).toBe('BJENSEN');
    expect(attrValue(bjensen, 'firstName')).toBe('Barbara');
    expect(attrValue(bjensen, 'lastName')).toBe('Jensen');
    expect(attrValue(bjensen, 'email')).toBe('bjensen@example.com');
    expect(attrValue(bjensen, 'employeeNumber')).toBe('123456');
    expect(result?.pagedResultsCookie).toBeNull();
  });

  it('gets one account by uid (GetApiOp)', async () => {
    const { objects } = await search(connectorFor(fixtureCopy('hr.csv')), F.equalTo(new Uid('JSANCHEZ')));
    expect(objects.map((o) => attrValue(o, 'email'))).toEqual(['jsanchez@example.com']);
  });

  it('honours ATTRS_TO_GET (uid and name always present)', async () => {
    const { objects } = await search(
      connectorFor(fixtureCopy('hr.csv')),
      null,
      options().setAttributesToGet('email').build(),
    );
    expect(objects[0]!.attributes.map((a) => a.name)).toEqual(['__UID__', '__NAME__', 'email']);
  });

  it('never returns the password, and leaves empty cells out', async () => {
    const { objects } = await search(
      connectorFor(fixtureCopy('accounts-with-passwords.csv')),
      null,
      options().setAttributesToGet('__PASSWORD__', 'password', 'roles', 'email').build(),
    );
    for (const object of objects) {
      expect(object.getAttributeByName('__PASSWORD__')).toBeUndefined();
      expect(object.getAttributeByName('password')).toBeUndefined();
    }
    expect(objects[2]!.getAttributeByName('roles')).toBeUndefined();
  });

  it('splits multi-valued cells', async () => {
    const connector = connectorFor(fixtureCopy('multivalue.csv'), {
      headerName: 'name',
      multivalueDelimiter: ';',
    });
    const { objects } = await search(connector);
    expect(objects[0]!.getAttributeByName('groups')?.value).toEqual(['staff', 'dev']);
    expect(objects[0]!.getAttributeByName('phones')?.value).toEqual(['111', '222']);
    expect(objects[0]!.name.nameValue).toBe('alice');
    expect(objects[0]!.uid.uidValue).toBe('u1');
    expect(objects[1]!.getAttributeByName('phones')).toBeUndefined();
  });

  it('filters multi-valued columns natively', async () => {
    const connector = connectorFor(fixtureCopy('multivalue.csv'), {
      headerName: 'name',
      multivalueDelimiter: ';',
    });
    expect((await search(connector, F.containsAllValues('groups', 'dev', 'staff'))).uids).toEqual(['u1']);
    expect((await search(connector, F.equalTo('groups', 'staff'))).uids).toEqual(['u2']);
    expect((await search(connector, F.startsWith('phones', '3'))).uids).toEqual(['u3']);
  });

  it('handles a file with a header only', async () => {
    const connector = connectorFor(fixtureCopy('header-only.csv'));
    expect((await search(connector)).uids).toEqual([]);
    const sorted = await search(
      connector,
      null,
      options().setSortKeys(SortKey.ascendingOrder('firstName')).build(),
    );
    expect(sorted.uids).toEqual([]);
    await connector.create(ACCOUNT, [AttributeBuilder.build('__NAME__', 'first')], NO_OPTIONS);
    expect((await search(connector)).uids).toEqual(['first']);
  });

  it('reports a row with more fields than the header', async () => {
    const call = search(connectorFor(fixtureCopy('too-many-fields.csv')));
    await expect(call).rejects.toThrow(ConnectorException);
    await expect(search(connectorFor(fixtureCopy('too-many-fields.csv')))).rejects.toThrow(
      /Record 1 of .* has 3 fields but the header has 2/,
    );
  });

  it('rejects object classes other than __ACCOUNT__', async () => {
    const connector = connectorFor(fixtureCopy('hr.csv'));
    const call = () => connector.executeQuery(ObjectClass.GROUP, null, collectSearchResults(), NO_OPTIONS);
    await expect(call()).rejects.toThrow(IllegalArgumentException);
    await expect(call()).rejects.toThrow('Operation requires ObjectClass __ACCOUNT__, received __GROUP__');
    expect(() => connector.createFilterTranslator(ObjectClass.GROUP, NO_OPTIONS)).toThrow(
      IllegalArgumentException,
    );
  });

  it('stops when the handler returns false', async () => {
    const handler = collectSearchResults(2);
    await connectorFor(fixtureCopy('people.csv')).executeQuery(ACCOUNT, null, handler, NO_OPTIONS);
    expect(handler.objects).toHaveLength(2);
  });
});

describe('filters', () => {
  const attr = (name: string, ...values: unknown[]) => AttributeBuilder.build(name, ...(values as string[]));

  it('translates every supported leaf, AND and OR into one native query', () => {
    const translator = new CsvFilterTranslator();
    const filter = F.or(
      F.and(F.equalTo('city', 'Oslo'), F.not(F.startsWith('firstName', 'A'))),
      F.and(F.contains('email', 'x'), F.endsWith('email', '.com'), F.greaterThan('score', '1050')),
    );
    const queries = translator.translate(filter);
    expect(queries).toHaveLength(1);
    expect(queries[0]?.kind).toBe('or');
  });

  it('leaves what it cannot express to the framework', () => {
    const translator = new CsvFilterTranslator();
    expect(translator.translate(F.present('city'))).toEqual([]);
    expect(translator.translate(F.equalTo(attr('__PASSWORD__', new GuardedString('x'))))).toEqual([]);
    expect(translator.translate(F.equalTo('score', 1000))).toEqual([]);
    expect(translator.translate(F.and(F.present('city'), F.equalTo('city', 'Oslo')))).toHaveLength(1);
  });

  /** Filters with their expected uids over people.csv (rows u20 … u01 in that order). */
  const cases: [string, Filter, string[]][] = [
    ['equals', F.equalTo('city', 'Lima'), ['u19', 'u09', 'u03']],
    ['equals on __UID__', F.equalTo(new Uid('u07')), ['u07']],
    ['equals on __NAME__', F.equalTo('__NAME__', 'u07'), ['u07']],
    ['column names are case-insensitive', F.equalTo('CITY', 'Lima'), ['u19', 'u09', 'u03']],
    ['equals is case-sensitive', F.equalTo('city', 'lima'), []],
    ['contains', F.contains('firstName', 'a'), ['u15', 'u13', 'u08', 'u06', 'u05', 'u03', 'u02', 'u01']],
    ['startsWith', F.startsWith('email', 'q'), ['u04']],
    ['endsWith', F.endsWith('firstName', 'e'), ['u17', 'u16', 'u09', 'u03']],
    ['greaterThan', F.greaterThan('score', '1085'), ['u12', 'u04']],
    ['greaterThanOrEqual', F.greaterThanOrEqualTo('score', '1085'), ['u15', 'u12', 'u04']],
    ['lessThan', F.lessThan('score', '1007'), ['u20', 'u01']],
    ['lessThanOrEqual', F.lessThanOrEqualTo('score', '1007'), ['u20', 'u09', 'u01']],
    ['comparison on the uid column', F.lessThan('uid', 'u03'), ['u02', 'u01']],
    ['not', F.not(F.equalTo('city', 'Oslo')), ['u20', 'u19', 'u18', 'u13', 'u09', 'u06', 'u05', 'u03']],
    ['not on an empty cell is no match', F.not(F.equalTo('department', 'eng')), []],
    ['and', F.and(F.equalTo('city', 'Kyiv'), F.equalTo('department', 'sales')), ['u18', 'u06']],
    ['or', F.or(F.equalTo('firstName', 'Ann'), F.equalTo('firstName', 'Tia')), ['u20', 'u01']],
    ['unknown attribute matches nothing', F.equalTo('nope', 'x'), []],
    ['containsAllValues', F.containsAllValues('city', 'Pune'), ['u20', 'u13']],
  ];
  // `not on an empty cell` lists only rows whose department is set and not eng:
  cases[14]![2] = ['u19', 'u18', 'u15', 'u14', 'u11', 'u10', 'u07', 'u06', 'u03', 'u02'];

  for (const [name, filter, expected] of cases) {
    it(`${name}`, async () => {
      const { uids } = await search(connectorFor(fixtureCopy('people.csv')), filter);
      expect(uids).toEqual(expected);
    });
  }

  it('pushed-down results equal the framework filter applied to every object', async () => {
    const connector = connectorFor(fixtureCopy('people.csv'));
    const all = (await search(connector)).objects;
    const expected = (f: Filter) =>
      all.filter((o: ConnectorObject) => filterAccepts(f, o)).map((o) => o.uid.uidValue);
    for (const [name, filter] of cases) {
      if (name.startsWith('and')) continue; // the framework's And is lenient with absent attributes
      expect((await search(connector, filter)).uids, name).toEqual(expected(filter));
    }
  });
});

describe('paging and sorting', () => {
  const all = Array.from({ length: 20 }, (_, i) => `u${String(20 - i).padStart(2, '0')}`);

  async function pages(
    pageSize: number,
    build: (b: OperationOptionsBuilder) => OperationOptionsBuilder,
    filter: Filter | null = null,
  ) {
    const connector = connectorFor(fixtureCopy('people.csv'));
    const seen: string[][] = [];
    let cookie: string | null = null;
    for (let i = 0; i < 50; i++) {
      const b = build(options().setPageSize(pageSize));
      if (cookie) b.setPagedResultsCookie(cookie);
      const { uids, result } = await search(connector, filter, b.build());
      seen.push(uids);
      cookie = result!.pagedResultsCookie;
      if (cookie === null) break;
    }
    return seen;
  }

  it('pages by cookie until the cookie is null', async () => {
    const seen = await pages(6, (b) => b);
    expect(seen.map((p) => p.length)).toEqual([6, 6, 6, 2]);
    expect(seen.flat()).toEqual(all);
  });

  it('returns a null cookie when the last page is exactly full', async () => {
    const seen = await pages(5, (b) => b);
    expect(seen.map((p) => p.length)).toEqual([5, 5, 5, 5]);
  });

  it('pages a filtered search and counts matching rows, not all rows (Java quirk fixed)', async () => {
    const connector = connectorFor(fixtureCopy('people.csv'));
    const filter = F.equalTo('city', 'Oslo');
    const first = await search(
      connector,
      filter,
      options().setPageSize(4).setTotalPagedResultsPolicy('EXACT').build(),
    );
    expect(first.uids).toEqual(['u17', 'u16', 'u15', 'u14']);
    expect(first.result?.totalPagedResultsPolicy).toBe('EXACT');
    expect(first.result?.totalPagedResults).toBe(12);
    expect(first.result?.remainingPagedResults).toBe(8);
    const second = await search(
      connector,
      filter,
      options()
        .setPageSize(4)
        .setPagedResultsCookie(first.result!.pagedResultsCookie)
        .setTotalPagedResultsPolicy('ESTIMATE')
        .build(),
    );
    expect(second.uids).toEqual(['u12', 'u11', 'u10', 'u08']);
    expect(second.result?.totalPagedResults).toBe(12);
    expect(second.result?.remainingPagedResults).toBe(4);
  });

  it('reports no total without a count policy', async () => {
    const { result } = await search(
      connectorFor(fixtureCopy('people.csv')),
      null,
      options().setPageSize(3).build(),
    );
    expect(result?.totalPagedResultsPolicy).toBe('NONE');
    expect(result?.totalPagedResults).toBe(-1);
    expect(result?.remainingPagedResults).toBe(-1);
  });

  it('keeps its place when rows before the cookie are deleted or rows are added', async () => {
    const file = fixtureCopy('people.csv');
    const connector = connectorFor(file);
    const first = await search(connector, null, options().setPageSize(5).build());
    await connector.delete(ACCOUNT, new Uid('u19'), NO_OPTIONS);
    await connector.create(ACCOUNT, [AttributeBuilder.build('__NAME__', 'u99')], NO_OPTIONS);
    const second = await search(
      connector,
      null,
      options().setPageSize(5).setPagedResultsCookie(first.result!.pagedResultsCookie).build(),
    );
    expect(second.uids).toEqual(['u15', 'u14', 'u13', 'u12', 'u11']);
  });

  it('pages by offset', async () => {
    const connector = connectorFor(fixtureCopy('people.csv'));
    const page = await search(
      connector,
      null,
      options().setPageSize(4).setPagedResultsOffset(8).setTotalPagedResultsPolicy('EXACT').build(),
    );
    expect(page.uids).toEqual(all.slice(8, 12));
    expect(page.result?.totalPagedResults).toBe(20);
    expect(page.result?.remainingPagedResults).toBe(8);
    const last = await search(connector, null, options().setPageSize(4).setPagedResultsOffset(18).build());
    expect(last.uids).toEqual(all.slice(18));
    expect(last.result?.pagedResultsCookie).toBeNull();
  });

  it('sorts ascending and descending, empty values last when ascending', async () => {
    const connector = connectorFor(fixtureCopy('people.csv'));
    const asc = await search(
      connector,
      null,
      options().setSortKeys(SortKey.ascendingOrder('department'), SortKey.ascendingOrder('__UID__')).build(),
    );
    expect(asc.objects.map((o) => attrValue(o, 'department') ?? '')).toEqual([
      ...Array(5).fill('eng'),
      ...Array(5).fill('ops'),
      ...Array(5).fill('sales'),
      ...Array(5).fill(''),
    ]);
    // Ties broken by the second key: the uid.
    expect(asc.uids.slice(0, 5)).toEqual(['u04', 'u08', 'u12', 'u16', 'u20']);
    const desc = await search(
      connector,
      null,
      options().setSortKeys(SortKey.descendingOrder('firstName')).build(),
    );
    expect(desc.objects.map((o) => attrValue(o, 'firstName'))[0]).toBe('Tia');
    const byId = await search(connector, null, options().setSortKeys(SortKey.parse('_id')).build());
    expect(byId.uids).toEqual([...all].reverse());
  });

  it('pages sorted results by cookie and by offset', async () => {
    const seen = await pages(7, (b) => b.setSortKeys(SortKey.ascendingOrder('score')));
    expect(seen.map((p) => p.length)).toEqual([7, 7, 6]);
    const connector = connectorFor(fixtureCopy('people.csv'));
    const everything = (
      await search(connector, null, options().setSortKeys(SortKey.ascendingOrder('score')).build())
    ).uids;
    expect(seen.flat()).toEqual(everything);
    const byOffset = await search(
      connector,
      null,
      options()
        .setSortKeys(SortKey.ascendingOrder('score'))
        .setPageSize(5)
        .setPagedResultsOffset(10)
        .setTotalPagedResultsPolicy('EXACT')
        .build(),
    );
    expect(byOffset.uids).toEqual(everything.slice(10, 15));
    expect(byOffset.result?.totalPagedResults).toBe(20);
    expect(byOffset.result?.remainingPagedResults).toBe(5);
  });

  it('sorts a filtered, paged search', async () => {
    const seen = await pages(
      2,
      (b) => b.setSortKeys(SortKey.descendingOrder('firstName')),
      F.equalTo('city', 'Kyiv'),
    );
    expect(seen.flat()).toEqual(['u05', 'u06', 'u18']);
  });

  it('rejects an unknown sort key and a foreign cookie', async () => {
    const connector = connectorFor(fixtureCopy('people.csv'));
    await expect(
      search(connector, null, options().setSortKeys(SortKey.ascendingOrder('nope')).build()),
    ).rejects.toThrow(IllegalArgumentException);
    for (const cookie of ['MTA=', 'not base64 at all', Buffer.from('{"x":1}').toString('base64url')]) {
      await expect(
        search(connector, null, options().setPageSize(2).setPagedResultsCookie(cookie).build()),
      ).rejects.toThrow(new ConnectorException('PagedResultsCookie is invalid'));
    }
    const sortedCookie = (
      await search(
        connector,
        null,
        options().setPageSize(2).setSortKeys(SortKey.ascendingOrder('city')).build(),
      )
    ).result!.pagedResultsCookie!;
    await expect(
      search(connector, null, options().setPageSize(2).setPagedResultsCookie(sortedCookie).build()),
    ).rejects.toThrow('PagedResultsCookie is invalid');
  });
});
