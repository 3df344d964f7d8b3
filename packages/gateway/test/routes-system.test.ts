import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountProvisioner,
  startRcs,
  startTestGateway,
  type TestGateway,
  type TestRcs,
} from './support/harness.js';
import { TEST_BUNDLE, TEST_CONNECTOR, TestProvider } from './support/test-connector.js';

describe('/openidm/system actions', () => {
  const local = new TestProvider('local');
  const remote = new TestProvider('remote', ['1.0.0.0', '1.2.0.0']);
  let rcs: TestRcs;
  let gw: TestGateway;

  beforeAll(async () => {
    rcs = await startRcs(remote);
    gw = await startTestGateway({
      localProvider: local,
      connectorInfoProvider: {
        remoteConnectorServers: [{ name: 'rcs1', host: '127.0.0.1', port: rcs.port, key: 'Passw0rd' }],
      },
      provisioners: {
        good: accountProvisioner('good', 'rcs1'),
        localsys: accountProvisioner('localsys', undefined),
        failing: accountProvisioner('failing', '#LOCAL', {
          configurationProperties: { host: 'x', failTest: true },
        }),
        nowhere: accountProvisioner('nowhere', 'nosuchserver'),
      },
    });
    await writeFile(join(gw.dir, 'conf', 'provisioner.openicf-broken.json'), '{"name": "broken"');
    // Wait for the dialled server.
    for (let i = 0; i < 200; i++) {
      const r = await gw.call('POST', '/openidm/system?_action=availableConnectors');
      if (r.body.connectorRef.some((c: any) => c.connectorHostRef === 'rcs1')) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });

  afterAll(async () => {
    await gw?.dispose();
    await rcs?.close();
  });

  it('refuses requests without valid credentials (401, IDM body)', async () => {
    const none = await gw.call('POST', '/openidm/system?_action=test', { auth: false });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ code: 401, reason: 'Unauthorized', message: 'Access Denied' });
    const wrong = await gw.call('GET', '/openidm/config', {
      auth: false,
      headers: { 'X-OpenIDM-Username': 'openidm-admin', 'X-OpenIDM-Password': 'nope' },
    });
    expect(wrong.status).toBe(401);
    const basic = await gw.call('GET', '/openidm/config', {
      auth: false,
      headers: { Authorization: `Basic ${Buffer.from('openidm-admin:openidm-admin').toString('base64')}` },
    });
    expect(basic.status).toBe(200);
  });

  it('answers unknown routes with an IDM 404 and honours _prettyPrint', async () => {
    const r = await gw.call('GET', '/openidm/nothing/here?_prettyPrint=true');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ code: 404, reason: 'Not Found', message: "Resource 'nothing/here' not found" });
    expect(r.text).toContain('\n  "code": 404');
    const plain = await gw.call('POST', '/openidm/system?_action=availableConnectorServers');
    expect(plain.text).not.toContain('\n');
  });

  it('lists local and remote connectors (availableConnectors)', async () => {
    const r = await gw.call('POST', '/openidm/system?_action=availableConnectors');
    expect(r.status).toBe(200);
    const refs = r.body.connectorRef as any[];
    expect(refs[0]).toEqual({
      displayName: 'Memory Connector',
      bundleVersion: '1.0.0.0',
      systemType: 'provisioner.openicf',
      bundleName: TEST_BUNDLE,
      connectorName: TEST_CONNECTOR,
    });
    const remoteRefs = refs.filter((c) => c.connectorHostRef === 'rcs1');
    expect(remoteRefs.map((c) => c.bundleVersion)).toEqual(['1.0.0.0', '1.2.0.0']);
    expect(Object.keys(remoteRefs[0])).toEqual([
      'connectorHostRef',
      'displayName',
      'bundleVersion',
      'systemType',
      'bundleName',
      'connectorName',
    ]);
  });

  it('describes the connector server types (availableConnectorServers, createConnectorServerCoreConfig)', async () => {
    const types = await gw.call('POST', '/openidm/system?_action=availableConnectorServers');
    expect(types.body).toEqual({
      connectorServers: [
        {
          displayName: 'Remote Connector Server',
          systemType: 'provisioner.openicf',
          type: 'remoteConnectorServer',
        },
        {
          displayName: 'Remote Connector Servers Group',
          systemType: 'provisioner.openicf',
          type: 'remoteConnectorServersGroup',
        },
        {
          displayName: 'Remote Connector Server in Client mode',
          systemType: 'provisioner.openicf',
          type: 'remoteConnectorClient',
        },
        {
          displayName: 'Remote Connector Servers Group in Client mode',
          systemType: 'provisioner.openicf',
          type: 'remoteConnectorClientsGroup',
        },
      ],
    });
    const core = async (type: string) =>
      (
        await gw.call('POST', '/openidm/system?_action=createConnectorServerCoreConfig', {
          body: { type, systemType: 'provisioner.openicf' },
        })
      ).body;
    expect(await core('remoteConnectorClient')).toEqual({
      displayName: '',
      name: '',
      enabled: true,
      useSSL: false,
    });
    expect(await core('remoteConnectorServer')).toEqual({
      displayName: '',
      proxyPassword: null,
      proxyHost: null,
      enabled: true,
      useSSL: false,
      proxyPort: 8080,
      port: '',
      name: '',
      host: '',
      proxyUser: null,
      housekeepingInterval: 600,
      connectionGroupCheckInterval: 900,
      pingPongInterval: 300,
      key: 'password',
      webSocketConnections: 2,
    });
    const group = { displayName: '', name: '', serversList: [], algorithm: 'failover' };
    expect(await core('remoteConnectorServersGroup')).toEqual(group);
    expect(await core('remoteConnectorClientsGroup')).toEqual(group);
    const bad = await gw.call('POST', '/openidm/system?_action=createConnectorServerCoreConfig', {
      body: { type: 'other', systemType: 'provisioner.openicf' },
    });
    expect(bad.status).toBe(400);
  });

  it('registers a connection: availableConnectors → createCoreConfig → createFullConfig → PUT → test', async () => {
    const available = await gw.call('POST', '/openidm/system?_action=availableConnectors');
    const connectorRef = (available.body.connectorRef as any[]).find(
      (c) =>
        c.connectorHostRef === 'rcs1' && c.connectorName === TEST_CONNECTOR && c.bundleVersion === '1.2.0.0',
    );
    expect(connectorRef).toBeDefined();

    const core = await gw.call('POST', '/openidm/system?_action=createCoreConfig', {
      body: { connectorRef },
    });
    expect(core.status).toBe(200);
    expect(core.body.connectorRef).toEqual(connectorRef);
    expect(Object.keys(core.body.operationTimeout)).toHaveLength(13);
    expect(core.body.poolConfigOption).toMatchObject({ maxObjects: expect.any(Number) });
    expect(core.body.configurationProperties).toMatchObject({
      host: 'localhost',
      port: 389,
      failTest: false,
    });

    core.body.configurationProperties.host = 'memory.example.com';
    core.body.configurationProperties.password = 'S3cret!';
    const full = await gw.call('POST', '/openidm/system?_action=createFullConfig', { body: core.body });
    expect(full.status).toBe(200);
    expect(full.body.configurationProperties.password.$crypto).toBeDefined();
    expect(JSON.stringify(full.body)).not.toContain('S3cret!');
    expect(full.body.objectTypes.__ACCOUNT__).toMatchObject({
      id: '__ACCOUNT__',
      nativeType: '__ACCOUNT__',
      properties: {
        __NAME__: { type: 'string', required: true, nativeName: '__NAME__', nativeType: 'string' },
        email: { type: 'array', items: { type: 'string', nativeType: 'string' }, nativeName: 'email' },
        age: { type: 'integer', nativeType: 'JAVA_TYPE_INT' },
      },
    });
    expect(Object.keys(full.body.operationOptions)).toHaveLength(13);
    expect(remote.count('test')).toBeGreaterThan(0);

    const put = await gw.call('PUT', '/openidm/config/provisioner.openicf/registered', { body: full.body });
    expect(put.status).toBe(201);
    expect(put.body._id).toBe('provisioner.openicf/registered');
    expect(put.body.configurationProperties.password.$crypto).toBeDefined();

    const test = await gw.call('POST', '/openidm/system/registered?_action=test');
    expect(test.status).toBe(200);
    expect(test.body).toEqual({
      name: 'registered',
      enabled: true,
      config: 'config/provisioner.openicf/registered',
      objectTypes: ['__ALL__', '__ACCOUNT__'],
      connectorRef: {
        connectorHostRef: 'rcs1',
        bundleName: TEST_BUNDLE,
        connectorName: TEST_CONNECTOR,
        bundleVersion: '1.2.0.0',
      },
      displayName: 'Memory Connector',
      ok: true,
    });
    const schema = await gw.call('POST', '/openidm/system/registered?_action=schema');
    expect(Object.keys(schema.body.objectTypes)).toEqual(['__ACCOUNT__']);
  });

  it('answers {} for createCoreConfig/createFullConfig without the needed keys, 404 for an unknown connector', async () => {
    expect((await gw.call('POST', '/openidm/system?_action=createCoreConfig', { body: {} })).body).toEqual(
      {},
    );
    const ref = { bundleName: TEST_BUNDLE, bundleVersion: '1.0.0.0', connectorName: TEST_CONNECTOR };
    expect(
      (await gw.call('POST', '/openidm/system?_action=createFullConfig', { body: { connectorRef: ref } }))
        .body,
    ).toEqual({});
    const unknown = await gw.call('POST', '/openidm/system?_action=createCoreConfig', {
      body: { connectorRef: { ...ref, bundleVersion: '9.0.0.0' } },
    });
    expect(unknown.status).toBe(404);
  });

  it('tests every system (ok true / false with the reason)', async () => {
    const r = await gw.call('POST', '/openidm/system?_action=test');
    expect(r.status).toBe(200);
    const byName = new Map((r.body as any[]).map((s) => [s.name, s]));
    expect(byName.get('good')).toMatchObject({
      ok: true,
      displayName: 'Memory Connector',
      objectTypes: ['__ALL__', 'account'],
    });
    expect(byName.get('localsys')).toMatchObject({ ok: true });
    expect(byName.get('failing')).toMatchObject({ ok: false, error: 'Test failed as configured' });
    expect(byName.get('nowhere')).toMatchObject({ ok: false, error: 'connector not available' });
    expect(byName.get('nowhere').reason).toContain("'nosuchserver'");
    expect(byName.get('broken')).toMatchObject({ ok: false, config: 'config/provisioner.openicf/broken' });
    const one = await gw.call('POST', '/openidm/system?_action=test', { body: { id: 'good' } });
    expect(one.body).toMatchObject({ name: 'good', ok: true });
    const missing = await gw.call('POST', '/openidm/system?_action=test', { body: { id: 'unknown' } });
    expect(missing.status).toBe(404);
  });

  it('tests a configuration that is not stored (testConfig)', async () => {
    const ok = await gw.call('POST', '/openidm/system?_action=testConfig', {
      body: accountProvisioner('tmp', 'rcs1'),
    });
    expect(ok.body).toEqual({ ok: true, name: 'tmp' });
    const failing = await gw.call('POST', '/openidm/system?_action=testConfig', {
      body: accountProvisioner('tmp', 'rcs1', { configurationProperties: { failTest: true } }),
    });
    expect(failing.body).toEqual({ ok: false, name: 'tmp', error: 'Test failed as configured' });
    const withId = await gw.call('POST', '/openidm/system?_action=testConfig', {
      body: { ...accountProvisioner('tmp', 'rcs1'), _id: 'x' },
    });
    expect(withId.status).toBe(400);
    const noName = await gw.call('POST', '/openidm/system?_action=testConfig', {
      body: { connectorRef: {} },
    });
    expect(noName.status).toBe(400);
  });

  it('reports the connector servers (testConnectorServers) and rejects unknown actions', async () => {
    const r = await gw.call('POST', '/openidm/system?_action=testConnectorServers');
    const rcs1 = (r.body.openicf as any[]).find((s) => s.name === 'rcs1');
    expect(rcs1).toMatchObject({ type: 'remoteConnectorServer', ok: true, state: 'connected' });
    expect(rcs1.url).toBe(`ws://127.0.0.1:${rcs.port}/openicf`);
    const bad = await gw.call('POST', '/openidm/system?_action=frobnicate');
    expect(bad.status).toBe(400);
    const badParam = await gw.call('POST', '/openidm/system?_action=test&_foo=1');
    expect(badParam.body).toEqual({
      code: 400,
      reason: 'Bad Request',
      message: "Unrecognized request parameter '_foo'",
    });
  });

  it('keeps the stored files valid JSON with secrets encrypted', async () => {
    const text = await readFile(join(gw.dir, 'conf', 'provisioner.openicf-registered.json'), 'utf8');
    expect(text).not.toContain('S3cret!');
    expect(JSON.parse(text).configurationProperties.password.$crypto.type).toBe('x-simple-encryption');
  });
});
