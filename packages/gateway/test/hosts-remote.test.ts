import { afterEach, describe, expect, it } from 'vitest';
import {
  accountProvisioner,
  dialGateway,
  eventually,
  freePort,
  startRcs,
  startTestGateway,
  type TestGateway,
  type TestRcs,
} from './support/harness.js';
import { TestProvider, testConnectorInfo } from './support/test-connector.js';

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function rcsWith(provider: TestProvider, port = 0): Promise<TestRcs> {
  const rcs = await startRcs(provider, port);
  cleanups.push(() => rcs.close());
  return rcs;
}

async function gatewayWith(options: Parameters<typeof startTestGateway>[0]): Promise<TestGateway> {
  const gw = await startTestGateway(options);
  cleanups.push(() => gw.dispose());
  return gw;
}

function server(name: string, port: number) {
  return { name, host: '127.0.0.1', port, key: 'Passw0rd' };
}

describe('connector servers (server mode)', () => {
  it('answers 503 until a server comes up, then serves (reconnect with backoff)', async () => {
    const port = await freePort();
    const gw = await gatewayWith({
      connectorInfoProvider: { remoteConnectorServers: [server('late', port)] },
      provisioners: { mem: accountProvisioner('mem', 'late') },
    });
    const before = await gw.call('GET', '/openidm/system/mem/account?_queryFilter=true');
    expect(before.status).toBe(503);
    expect(before.body.message).toContain('The connector of system/mem is not available');
    expect(before.body.message).toContain(`ws://127.0.0.1:${port}/openicf`);
    const test = await gw.call('POST', '/openidm/system/mem?_action=test');
    expect(test.body).toMatchObject({ ok: false, error: 'connector not available' });
    expect(test.body.reason).toContain('connector server late');

    const provider = new TestProvider('late');
    await rcsWith(provider, port);
    await eventually(
      async () => (await gw.call('GET', '/openidm/system/mem/account?_queryFilter=true')).status === 200,
    );
    expect((await gw.call('POST', '/openidm/system/mem?_action=test')).body.ok).toBe(true);
  });

  it('finds a connector deployed on a connected server later', async () => {
    const provider = new TestProvider('empty');
    provider.infos = [];
    const rcs = await rcsWith(provider);
    const gw = await gatewayWith({
      connectorInfoProvider: { remoteConnectorServers: [server('rcs1', rcs.port)] },
      provisioners: { mem: accountProvisioner('mem', 'rcs1') },
    });
    await eventually(async () => {
      const r = await gw.call('POST', '/openidm/system/mem?_action=test');
      return typeof r.body.reason === 'string' && r.body.reason.includes('does not offer');
    });
    expect((await gw.call('GET', '/openidm/system/mem/account?_queryFilter=true')).status).toBe(503);
    provider.infos = [
      testConnectorInfo('1.0.0.0'),
      testConnectorInfo('1.5.0.0'),
      testConnectorInfo('2.0.0.0'),
    ];
    await eventually(
      async () => (await gw.call('GET', '/openidm/system/mem/account?_queryFilter=true')).status === 200,
    );
    const status = await gw.call('POST', '/openidm/system/mem?_action=test');
    expect(status.body).toMatchObject({ ok: true });
    // [1.0.0.0,2.0.0.0) resolves to the newest advertised match.
    expect(provider.lastVersion).toBe('1.5.0.0');
    const servers = await gw.call('POST', '/openidm/system?_action=testConnectorServers');
    expect(servers.body.openicf[0].connectors).toHaveLength(3);
    // So does an npm semver range.
    const semver = accountProvisioner('semver', 'rcs1');
    (semver.connectorRef as Record<string, unknown>).bundleVersion = '^1.0.0';
    expect(
      (await gw.call('PUT', '/openidm/config/provisioner.openicf/semver', { body: semver })).status,
    ).toBe(201);
    expect((await gw.call('POST', '/openidm/system/semver?_action=test')).body.ok).toBe(true);
    expect(provider.lastVersion).toBe('1.5.0.0');
  });
});

describe('connector servers in client mode', () => {
  it('accepts an RCS dialling /openicf with principal and password, and serves its connectors', async () => {
    const gw = await gatewayWith({
      connectorInfoProvider: {
        remoteConnectorClients: [
          { name: 'onprem', displayName: 'On premise 1', enabled: true, password: 'cl1ent-s3cret' },
          { name: 'byheader', displayName: 'Named by header', enabled: true },
        ],
      },
      provisioners: {
        mem: accountProvisioner('mem', 'onprem'),
        other: accountProvisioner('other', 'byheader'),
      },
    });
    const before = await gw.call('GET', '/openidm/system/mem/account?_queryFilter=true');
    expect(before.status).toBe(503);
    expect(before.body.message).toContain('not connected to this gateway');

    await expect(
      dialGateway(gw.url, new TestProvider(), { principal: 'onprem', password: 'wrong' }),
    ).rejects.toThrow(/403/);
    await expect(
      dialGateway(gw.url, new TestProvider(), { principal: 'stranger', password: 'cl1ent-s3cret' }),
    ).rejects.toThrow(/403/);

    const provider = new TestProvider('onprem');
    const channel = await dialGateway(gw.url, provider, { principal: 'onprem', password: 'cl1ent-s3cret' });
    cleanups.push(() => channel.close());
    await eventually(
      async () => (await gw.call('POST', '/openidm/system/mem?_action=test')).body.ok === true,
    );
    const created = await gw.call('POST', '/openidm/system/mem/account', { body: { uid: 'client-mode' } });
    expect(created.status).toBe(201);
    expect(provider.count('create')).toBe(1);
    const available = await gw.call('POST', '/openidm/system?_action=availableConnectors');
    expect(available.body.connectorRef.some((c: any) => c.connectorHostRef === 'onprem')).toBe(true);

    // A client without its own secret: a gateway user, named by the rcskit RCS header.
    const second = new TestProvider('byheader');
    const named = await dialGateway(gw.url, second, {
      principal: 'openidm-admin',
      password: 'openidm-admin',
      headers: { 'X-OpenICF-Connector-Server-Name': 'byheader' },
    });
    cleanups.push(() => named.close());
    await eventually(
      async () => (await gw.call('POST', '/openidm/system/other?_action=test')).body.ok === true,
    );

    await channel.close();
    await eventually(
      async () => (await gw.call('GET', '/openidm/system/mem/account?_queryFilter=true')).status === 503,
    );
  });
});

describe('connector server groups', () => {
  it('failover: everything goes to the first server; when it goes away mid-run, the second serves', async () => {
    const a = new TestProvider('a');
    const b = new TestProvider('b');
    const rcsA = await rcsWith(a);
    const rcsB = await rcsWith(b);
    const gw = await gatewayWith({
      connectorInfoProvider: {
        remoteConnectorServers: [server('rcsA', rcsA.port), server('rcsB', rcsB.port)],
        remoteConnectorServersGroups: [
          { name: 'ha', algorithm: 'failover', serversList: [{ name: 'rcsA' }, { name: 'rcsB' }] },
        ],
      },
      provisioners: {
        mem: accountProvisioner('mem', 'ha', { configurationProperties: { host: 'm', searchDelayMs: 1000 } }),
      },
    });
    await eventually(async () => {
      const r = await gw.call('POST', '/openidm/system?_action=testConnectorServers');
      return (r.body.openicf as any[]).filter((s) => s.ok).length === 2;
    });
    for (let i = 0; i < 3; i++) {
      expect((await gw.call('POST', '/openidm/system/mem?_action=test')).body.ok).toBe(true);
    }
    expect(a.count('test')).toBe(3);
    expect(b.count('test')).toBe(0);

    // A query in flight on A when A goes away is retried once on B (no result was handed out yet).
    const inFlight = gw.call('GET', '/openidm/system/mem/account?_queryFilter=true');
    await eventually(() => a.count('search') === 1);
    await rcsA.close();
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(b.count('search')).toBe(1);

    for (let i = 0; i < 3; i++) {
      const r = await gw.call('POST', '/openidm/system/mem/account', { body: { uid: `after-${i}` } });
      expect(r.status).toBe(201);
    }
    expect(b.count('create')).toBe(3);
    expect(a.count('create')).toBe(0);
  });

  it('roundrobin: calls rotate over the servers', async () => {
    const a = new TestProvider('a');
    const b = new TestProvider('b');
    const rcsA = await rcsWith(a);
    const rcsB = await rcsWith(b);
    const gw = await gatewayWith({
      connectorInfoProvider: {
        remoteConnectorServers: [
          server('rcsA', rcsA.port),
          server('rcsB', rcsB.port),
          {
            type: 'remoteConnectorServersGroup',
            name: 'rr',
            algorithm: 'roundrobin',
            serversList: [{ name: 'rcsA' }, { name: 'rcsB' }],
          },
        ],
      },
      provisioners: { mem: accountProvisioner('mem', 'rr') },
    });
    await eventually(async () => {
      const r = await gw.call('POST', '/openidm/system?_action=testConnectorServers');
      return (r.body.openicf as any[]).filter((s) => s.ok).length === 2;
    });
    for (let i = 0; i < 10; i++) {
      expect((await gw.call('GET', '/openidm/system/mem/account?_queryFilter=true')).status).toBe(200);
    }
    expect(a.count('search')).toBe(5);
    expect(b.count('search')).toBe(5);
  });
});
