import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountProvisioner,
  eventually,
  startRcs,
  startTestGateway,
  type TestGateway,
  type TestRcs,
} from './support/harness.js';
import { TestProvider } from './support/test-connector.js';

describe('_action=script and live sync (remote connector)', () => {
  const provider = new TestProvider('rcs-a');
  let rcs: TestRcs;
  let gw: TestGateway;

  beforeAll(async () => {
    rcs = await startRcs(provider);
    gw = await startTestGateway({
      connectorInfoProvider: {
        remoteConnectorServers: [{ name: 'rcs1', host: '127.0.0.1', port: rcs.port, key: 'Passw0rd' }],
      },
      provisioners: { mem: accountProvisioner('mem', 'rcs1') },
    });
    await eventually(
      async () => (await gw.call('POST', '/openidm/system/mem?_action=test')).body.ok === true,
    );
  });

  afterAll(async () => {
    await gw?.dispose();
    await rcs?.close();
  });

  it('runs the matching systemActions on the connector with query and body arguments', async () => {
    const r = await gw.call('POST', '/openidm/system/mem?_action=script&scriptId=script-1&arg1=Arg1', {
      body: { param1: 'Param1', n: 1, nested: { a: [1, 2.5, null, true] } },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      actions: [
        {
          result: {
            mode: 'connector',
            language: 'groovy',
            text: '2 + 2',
            arguments: { arg1: 'Arg1', param1: 'Param1', n: 1, nested: { a: [1, 2.5, null, true] } },
            server: 'rcs-a',
          },
        },
        { error: 'No such property: openicf for class: Script1' },
      ],
    });
  });

  it('runs on the resource with scriptExecuteMode=resource (and accepts _scriptId)', async () => {
    const r = await gw.call(
      'POST',
      '/openidm/system/mem?_action=script&_scriptId=script-1&scriptExecuteMode=resource',
      {
        body: { arg1: 'value1' },
      },
    );
    expect(r.status).toBe(200);
    expect(r.body.actions).toHaveLength(2);
    expect(r.body.actions[0]).toEqual({
      result: {
        mode: 'resource',
        scriptText: '2 + 2',
        scriptLanguage: 'groovy',
        scriptArguments: { arg1: 'value1' },
      },
    });
    expect(provider.count('runScriptOnResource')).toBe(2);
  });

  it('refuses unknown or non-matching script ids and bad bodies', async () => {
    const unknown = await gw.call('POST', '/openidm/system/mem?_action=script&scriptId=nope');
    expect(unknown.body).toEqual({
      code: 400,
      reason: 'Bad Request',
      message: 'Script ID: nope for systemType mem is not defined.',
    });
    const noMatch = await gw.call('POST', '/openidm/system/mem?_action=script&scriptId=script-2');
    expect(noMatch.body.message).toBe('Script ID: script-2 for systemType mem is not defined.');
    expect((await gw.call('POST', '/openidm/system/mem?_action=script')).status).toBe(400);
    const array = await gw.call('POST', '/openidm/system/mem?_action=script&scriptId=script-1', {
      body: [1],
    });
    expect(array.status).toBe(400);
  });

  it('records the latest token on the first live sync, then returns the changes', async () => {
    const first = await gw.call('POST', '/openidm/system/mem/account?_action=liveSync');
    expect(first.status).toBe(200);
    const startToken = provider.store.changes.length;
    expect(first.body).toEqual({
      _id: 'SYSTEMMEMACCOUNT',
      _rev: '1',
      connectorData: { nativeType: 'integer', syncToken: startToken },
      changes: [],
    });

    const created = await gw.call('POST', '/openidm/system/mem/account', { body: { uid: 'sync1', age: 7 } });
    const other = await gw.call('POST', '/openidm/system/mem/account', { body: { uid: 'sync2' } });
    await gw.call('PUT', `/openidm/system/mem/account/${created.body._id}`, {
      body: { displayName: 'Sync One' },
    });
    await gw.call('DELETE', `/openidm/system/mem/account/${other.body._id}`);

    const second = await gw.call('POST', '/openidm/system?_action=liveSync&source=system/mem/account');
    expect(second.status).toBe(200);
    expect(second.body._rev).toBe('2');
    expect(second.body.connectorData).toEqual({ nativeType: 'integer', syncToken: startToken + 4 });
    expect(second.body.changes.map((c: any) => c.deltaType)).toEqual([
      'CREATE',
      'CREATE',
      'UPDATE',
      'DELETE',
    ]);
    expect(second.body.changes[0]).toEqual({
      deltaType: 'CREATE',
      objectType: 'account',
      resourceContainer: 'system/mem/account',
      resourceId: created.body._id,
      syncToken: startToken + 1,
      newValue: { _id: created.body._id, _rev: '1', uid: 'sync1', age: 7 },
    });
    expect(second.body.changes[2].newValue).toMatchObject({ displayName: 'Sync One' });
    expect(second.body.changes[3].newValue).toBeUndefined();

    const third = await gw.call('POST', '/openidm/system/mem/account?_action=liveSync');
    expect(third.body).toMatchObject({ _rev: '3', changes: [] });

    const stored = JSON.parse(
      await readFile(
        join(gw.dir, 'state', 'synchronisation', 'pooledSyncStage', 'SYSTEMMEMACCOUNT.json'),
        'utf8',
      ),
    );
    expect(stored).toEqual({
      _id: 'SYSTEMMEMACCOUNT',
      _rev: '3',
      connectorData: { nativeType: 'integer', syncToken: startToken + 4 },
    });
  });

  it('syncs the whole system through __ALL__ and needs a source on /system', async () => {
    const first = await gw.call('POST', '/openidm/system/mem?_action=liveSync');
    expect(first.body._id).toBe('SYSTEMMEM__ALL__');
    await gw.call('POST', '/openidm/system/mem/account', { body: { uid: 'sync3' } });
    const second = await gw.call('POST', '/openidm/system/mem?_action=liveSync');
    expect(second.body.changes).toHaveLength(1);
    expect(second.body.changes[0]).toMatchObject({ deltaType: 'CREATE', objectType: 'account' });
    expect(second.body.changes[0].newValue.uid).toBe('sync3');
    expect((await gw.call('POST', '/openidm/system?_action=liveSync')).status).toBe(400);
  });
});
