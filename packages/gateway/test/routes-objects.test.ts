import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountProvisioner,
  startRcs,
  startTestGateway,
  type TestGateway,
  type TestRcs,
} from './support/harness.js';
import { TestProvider } from './support/test-connector.js';

describe.each(['local', 'remote'] as const)('/openidm/system/<name>/<type> (%s connector)', (where) => {
  const provider = new TestProvider(where);
  let rcs: TestRcs | undefined;
  let gw: TestGateway;
  const base = '/openidm/system/mem/account';

  beforeAll(async () => {
    if (where === 'remote') rcs = await startRcs(provider);
    gw = await startTestGateway({
      localProvider: where === 'local' ? provider : undefined,
      connectorInfoProvider:
        rcs === undefined
          ? undefined
          : {
              remoteConnectorServers: [{ name: 'rcs1', host: '127.0.0.1', port: rcs.port, key: 'Passw0rd' }],
            },
      provisioners: {
        mem: accountProvisioner('mem', where === 'local' ? '#LOCAL' : 'rcs1', {
          operationOptions: { DELETE: { objectFeatures: { account: { denied: false } } } },
        }),
        readonly: accountProvisioner('readonly', where === 'local' ? '#LOCAL' : 'rcs1', {
          operationOptions: { CREATE: { denied: true } },
        }),
      },
    });
    for (let i = 0; i < 400; i++) {
      const r = await gw.call('POST', '/openidm/system/mem?_action=test');
      if (r.body.ok === true) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    for (const [uid, displayName, age] of [
      ['bjensen', 'Barbara Jensen', 41],
      ['jdoe', 'John Doe', 35],
      ['asmith', 'Alice Smith', 29],
      ['zz', 'Zed Zulu', 50],
      ['mmouse', 'Mickey Mouse', 92],
    ] as const) {
      const r = await gw.call('POST', base, {
        body: { uid, displayName, age, email: [`${uid}@example.com`], notes: `notes of ${uid}` },
      });
      expect(r.status).toBe(201);
    }
  });

  afterAll(async () => {
    await gw?.dispose();
    await rcs?.close();
  });

  async function idOf(uid: string): Promise<string> {
    const r = await gw.call('GET', `${base}?_queryFilter=${encodeURIComponent(`uid eq "${uid}"`)}`);
    expect(r.body.resultCount).toBe(1);
    return r.body.result[0]._id;
  }

  it('creates (POST and ?_action=create) and reads back', async () => {
    const r = await gw.call('POST', `${base}?_action=create`, {
      body: { uid: 'newbie', displayName: 'New Bie', age: '23', email: 'newbie@example.com' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      _id: expect.any(String),
      _rev: '1',
      uid: 'newbie',
      displayName: 'New Bie',
      email: ['newbie@example.com'],
      age: 23,
    });
    expect(r.headers.get('location')).toBe(`${base}/${r.body._id}`);
    const duplicate = await gw.call('POST', base, { body: { uid: 'newbie' } });
    expect(duplicate.status).toBe(412);
    const missing = await gw.call('POST', base, { body: { displayName: 'no uid' } });
    expect(missing.body).toEqual({
      code: 400,
      reason: 'Bad Request',
      message: "Required attribute 'uid' value is null",
    });
    const unknown = await gw.call('POST', base, { body: { uid: 'x', firstName: 'y' } });
    expect(unknown.body.message).toBe('Target does not support attribute firstName');
    const denied = await gw.call('POST', '/openidm/system/readonly/account', { body: { uid: 'x' } });
    expect(denied.status).toBe(403);
    const clientId = await gw.call('PUT', `${base}/someid`, {
      body: { uid: 'x' },
      headers: { 'If-None-Match': '*' },
    });
    expect(clientId.status).toBe(501);
  });

  it('reads by id: found with _fields, not found as in the seed', async () => {
    const id = await idOf('bjensen');
    const r = await gw.call('GET', `${base}/${id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      _id: id,
      _rev: '1',
      uid: 'bjensen',
      displayName: 'Barbara Jensen',
      email: ['bjensen@example.com'],
      age: 41,
    });
    expect(r.headers.get('etag')).toBe('"1"');
    const fields = await gw.call('GET', `${base}/${id}?_fields=uid,notes`);
    expect(fields.body).toEqual({ _id: id, _rev: '1', uid: 'bjensen', notes: 'notes of bjensen' });
    const missing = await gw.call('GET', `${base}/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      code: 404,
      reason: 'Not Found',
      message: 'Object xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx not found on system/mem/account',
    });
    const badType = await gw.call('GET', '/openidm/system/mem/nothing/1');
    expect(badType.body).toEqual({ code: 404, reason: 'Not Found', message: 'Not found: nothing' });
    const badSystem = await gw.call('GET', '/openidm/system/nosuch/account/1');
    expect(badSystem.status).toBe(404);
  });

  it('queries with filters, paging, sorting and fields', async () => {
    const all = await gw.call('GET', `${base}?_queryFilter=true&_sortKeys=uid&_fields=uid`);
    expect(all.status).toBe(200);
    const uids = (all.body.result as any[]).map((o) => o.uid);
    expect(uids).toEqual([...uids].sort());
    expect(all.body.result[0]).toEqual({ _id: expect.any(String), _rev: expect.any(String), uid: uids[0] });

    const page1 = await gw.call(
      'GET',
      `${base}?_queryFilter=age gt 30&_pageSize=2&_sortKeys=-age&_fields=uid,age`,
    );
    expect(page1.body.result.map((o: any) => o.uid)).toEqual(['mmouse', 'zz']);
    expect(page1.body).toMatchObject({ resultCount: 2, pagedResultsCookie: '2', remainingPagedResults: 2 });
    const page2 = await gw.call(
      'GET',
      `${base}?_queryFilter=age gt 30&_pageSize=2&_sortKeys=-age&_fields=uid,age&_pagedResultsCookie=${page1.body.pagedResultsCookie}`,
    );
    expect(page2.body.result.map((o: any) => o.uid)).toEqual(['bjensen', 'jdoe']);
    expect(page2.body.pagedResultsCookie).toBeNull();
    const offset = await gw.call(
      'GET',
      `${base}?_queryFilter=age gt 30&_pageSize=1&_sortKeys=-age&_pagedResultsOffset=3`,
    );
    expect(offset.body.result.map((o: any) => o.uid)).toEqual(['jdoe']);
    const counted = await gw.call(
      'GET',
      `${base}?_queryFilter=true&_pageSize=1&_totalPagedResultsPolicy=EXACT`,
    );
    expect(counted.body.totalPagedResultsPolicy).toBe('EXACT');
    expect(counted.body.totalPagedResults).toBeGreaterThanOrEqual(5);

    const sw = await gw.call(
      'GET',
      `${base}?_queryFilter=${encodeURIComponent('displayName sw "Mick" or uid eq "zz"')}`,
    );
    expect(sw.body.result.map((o: any) => o.uid).sort()).toEqual(['mmouse', 'zz']);
    const none = await gw.call('GET', `${base}?_queryFilter=false`);
    expect(none.body).toMatchObject({ result: [], resultCount: 0 });
    const ids = await gw.call('GET', `${base}?_queryId=query-all-ids`);
    expect(Object.keys(ids.body.result[0]).sort()).toEqual(['_id', '_rev', 'uid'].sort());
  });

  it('answers the seed 400 bodies', async () => {
    const q = (filter: string) => gw.call('GET', `${base}?_queryFilter=${encodeURIComponent(filter)}`);
    expect((await q('firstName pr and firstName eq "Barbara"')).body).toEqual({
      code: 400,
      reason: 'Bad Request',
      message: 'Attribute firstName does not exist as part of ObjectClass: __ACCOUNT__',
    });
    expect((await q('uid xx "a"')).body).toEqual({
      code: 400,
      reason: 'Bad Request',
      message: 'ExtendedMatchFilter is not supported',
    });
    expect((await gw.call('GET', `${base}?_query=true`)).body).toEqual({
      code: 400,
      reason: 'Bad Request',
      message: "Unrecognized request parameter '_query'",
    });
    expect((await q('uid eq')).status).toBe(400);
    expect((await q('displayName eq "SEARCH-FAILS"')).body).toEqual({
      code: 404,
      reason: 'Not Found',
      message: 'Error occurred during SEARCH operation',
    });
  });

  it('updates with If-Match and reports a stale revision', async () => {
    const id = await idOf('jdoe');
    const r = await gw.call('PUT', `${base}/${id}`, {
      body: { uid: 'jdoe', displayName: 'Johnny Doe', age: null },
      headers: { 'If-Match': '"1"' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ _id: id, _rev: '2', displayName: 'Johnny Doe' });
    expect(r.body.age).toBeUndefined();
    const stale = await gw.call('PUT', `${base}/${id}`, {
      body: { displayName: 'x' },
      headers: { 'If-Match': '1' },
    });
    expect(stale.status).toBe(412);
    const missing = await gw.call('PUT', `${base}/nope`, { body: { displayName: 'x' } });
    expect(missing.status).toBe(404);
  });

  it('patches with add, remove, replace and increment', async () => {
    const id = await idOf('asmith');
    const r = await gw.call('PATCH', `${base}/${id}`, {
      body: [
        { operation: 'add', field: '/email/-', value: 'alice@example.org' },
        { operation: 'add', field: 'email', value: ['third@example.org'] },
        { operation: 'remove', field: '/email', value: 'asmith@example.com' },
        { operation: 'replace', field: '/displayName', value: 'Alice B. Smith' },
        { operation: 'increment', field: '/age', value: 2 },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      _id: id,
      displayName: 'Alice B. Smith',
      email: ['alice@example.org', 'third@example.org'],
      age: 31,
    });
    const cleared = await gw.call('PATCH', `${base}/${id}`, {
      body: [{ operation: 'remove', field: 'displayName' }],
    });
    expect(cleared.body.displayName).toBeUndefined();
    const move = await gw.call('PATCH', `${base}/${id}`, {
      body: [{ operation: 'move', field: '/age', from: '/x' }],
    });
    expect(move.status).toBe(400);
    const unknown = await gw.call('PATCH', `${base}/${id}`, {
      body: [{ operation: 'replace', field: '/x', value: 1 }],
    });
    expect(unknown.body.message).toBe('Target does not support attribute x');
    const viaAction = await gw.call('POST', `${base}/${id}?_action=patch`, { body: [] });
    expect(viaAction.status).toBe(400);
  });

  it('deletes and answers the deleted object', async () => {
    const id = await idOf('zz');
    const r = await gw.call('DELETE', `${base}/${id}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ _id: id, uid: 'zz' });
    expect((await gw.call('GET', `${base}/${id}`)).status).toBe(404);
    expect((await gw.call('DELETE', `${base}/${id}`)).status).toBe(404);
  });

  it('authenticates accounts', async () => {
    const id = await idOf('mmouse');
    const ok = await gw.call('POST', `${base}?_action=authenticate&username=mmouse&password=secret`);
    expect(ok.body).toEqual({ _id: id, _rev: expect.any(String) });
    const wrong = await gw.call('POST', `${base}?_action=authenticate&username=mmouse&password=nope`);
    expect(wrong.status).toBe(401);
    const missing = await gw.call('POST', `${base}?_action=authenticate&username=mmouse`);
    expect(missing.status).toBe(400);
    const other = await gw.call('POST', `${base}?_action=resolveUsername`);
    expect(other.body.message).toBe('Unsupported action resolveUsername');
  });
});
